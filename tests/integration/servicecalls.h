#pragma once

// The service calls the tests of services and submissions share, without QtSql (a process that
// loads SQLCipher, like tst_selfservice_sync, must not load QtSql's SQLite as well; ServicesFixture
// adds the database parts): the leave form, a service, a submission's body, and the sub-system's
// calls (put, withdraw, status) through real HTTP.
#include "demoaccounts.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

namespace tessera::test {

struct ServiceCalls
{
    // Leave: a required summary, days 1..10, a kind among two, a code of three capitals.
    static QJsonObject leaveForm()
    {
        const auto input = [](const QString &type, const QString &id, const QString &label) {
            return QJsonObject { { QStringLiteral("type"), type }, { QStringLiteral("id"), id },
                { QStringLiteral("label"), label } };
        };
        QJsonObject summary = input(
            QStringLiteral("Input.Text"), QStringLiteral("summary"), QStringLiteral("Summary"));
        summary.insert(QStringLiteral("isRequired"), true);
        QJsonObject days =
            input(QStringLiteral("Input.Number"), QStringLiteral("days"), QStringLiteral("Days"));
        days.insert(QStringLiteral("min"), 1);
        days.insert(QStringLiteral("max"), 10);
        QJsonObject kind = input(
            QStringLiteral("Input.ChoiceSet"), QStringLiteral("kind"), QStringLiteral("Kind"));
        kind.insert(QStringLiteral("choices"),
            QJsonArray { QJsonObject { { QStringLiteral("title"), QStringLiteral("Annual") },
                             { QStringLiteral("value"), QStringLiteral("annual") } },
                QJsonObject { { QStringLiteral("title"), QStringLiteral("Sick") },
                    { QStringLiteral("value"), QStringLiteral("sick") } } });
        QJsonObject code =
            input(QStringLiteral("Input.Text"), QStringLiteral("code"), QStringLiteral("Code"));
        code.insert(QStringLiteral("regex"), QStringLiteral("[A-Z]{3}"));
        return QJsonObject {
            { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"), QJsonArray { summary, days, kind, code } },
            { QStringLiteral("actions"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                        { QStringLiteral("id"), QStringLiteral("send") },
                        { QStringLiteral("title"), QStringLiteral("Apply") } } } },
        };
    }

    static QJsonObject toUsers(const QStringList &users)
    {
        return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } };
    }

    static QJsonObject service(const QJsonObject &audience,
        const QString &title = QStringLiteral("Apply for leave"),
        const QJsonObject &form = leaveForm())
    {
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("category"), QStringLiteral("HR") },
            { QStringLiteral("icon"), QStringLiteral("calendar") },
            { QStringLiteral("description"), QStringLiteral("Annual or sick leave.") },
            { QStringLiteral("order"), 5 }, { QStringLiteral("audience"), audience },
            { QStringLiteral("form"), form } };
    }

    static QJsonObject filled(qint64 version, const QJsonObject &inputs)
    {
        return QJsonObject { { QStringLiteral("version"), version },
            { QStringLiteral("action"), QStringLiteral("send") },
            { QStringLiteral("inputs"), inputs } };
    }

    static QJsonObject goodInputs()
    {
        return QJsonObject { { QStringLiteral("summary"), QStringLiteral("Family visit") },
            { QStringLiteral("days"), QStringLiteral("3") },
            { QStringLiteral("kind"), QStringLiteral("annual") },
            { QStringLiteral("code"), QStringLiteral("ABC") } };
    }

    static QString keyOf(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    static HttpResult put(const ServerProcess &server, const QString &serviceId,
        const QJsonObject &body, const QString &key = {})
    {
        return putRaw(server, serviceId, compactJson(body), key);
    }

    static HttpResult putRaw(const ServerProcess &server, const QString &serviceId,
        const QByteArray &body, const QString &key = {})
    {
        return httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/services/") + serviceId),
            body, bearer(key.isEmpty() ? keyOf(server) : key));
    }

    static HttpResult withdraw(const ServerProcess &server, const QString &serviceId)
    {
        return httpRequest("DELETE",
            server.url(QStringLiteral("/v1/subsystem/services/") + serviceId), {},
            bearer(keyOf(server)));
    }

    static HttpResult get(const ServerProcess &server, const QString &path, const QString &token,
        const QList<std::pair<QString, QString>> &query = {})
    {
        QUrl url = server.url(path);
        QUrlQuery items;
        for (const auto &[name, value] : query)
            items.addQueryItem(name, value);
        url.setQuery(items);
        return httpRequest("GET", url, {}, bearer(token));
    }

    static HttpResult setStatus(const ServerProcess &server, const QString &id,
        const QJsonObject &body, const QString &key = {})
    {
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/subsystem/submissions/%1/status").arg(id)),
            compactJson(body), bearer(key.isEmpty() ? keyOf(server) : key));
    }
};

} // namespace tessera::test
