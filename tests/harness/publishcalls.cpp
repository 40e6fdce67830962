#include "publishcalls.h"

#include "demoaccounts.h"
#include "openapidocument.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QSaveFile>
#include <QUrl>
#include <QtDebug>

#include <optional>

namespace tessera::test::publish {

QString demoKey(const ServerProcess &server)
{
    return demoApiKey(server).value(QStringLiteral("key")).toString();
}

HttpResult asKey(const ServerProcess &server, const QByteArray &method, const QString &path,
    const QByteArray &body, const QString &key)
{
    return httpRequest(
        method, server.url(path), body, bearer(key.isEmpty() ? demoKey(server) : key));
}

HttpResult readSince(
    const ServerProcess &server, const QString &token, const QString &path, const QString &since)
{
    QUrl url = server.url(path);
    if (!since.isEmpty())
        url.setQuery(QStringLiteral("since=") + since);
    return httpRequest("GET", url, {}, bearer(token));
}

QStringList idsIn(const HttpResult &answer, const QString &array)
{
    QStringList ids;
    for (const auto &object : answer.json().value(array).toArray())
        ids.append(object.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

QStringList removedIn(const HttpResult &answer)
{
    QStringList ids;
    for (const auto &id : answer.json().value(QStringLiteral("removed")).toArray())
        ids.append(id.toString());
    return ids;
}

bool fitsOpenApi(const QString &method, const QString &path, const HttpResult &result)
{
    static const std::optional<OpenApiDocument> api = [] {
        QString error;
        auto document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        if (!document)
            qWarning() << "openapi.json:" << error;
        return document;
    }();
    QString error;
    const auto schema =
        api ? api->responseSchema(method, path, result.status, &error) : std::nullopt;
    const QStringList problems =
        schema ? api->validate(result.json(), *schema) : QStringList { error };
    if (!problems.isEmpty())
        qWarning() << method << path << result.status << "does not fit openapi.json:" << problems
                   << result.body;
    return problems.isEmpty();
}

bool writeClock(const QString &file, qint64 seconds)
{
    QSaveFile out(file);
    return out.open(QIODevice::WriteOnly) && out.write(QByteArray::number(seconds) + '\n') > 0
        && out.commit();
}

QJsonObject everyone()
{
    return QJsonObject { { QStringLiteral("everyone"), true } };
}

} // namespace tessera::test::publish
