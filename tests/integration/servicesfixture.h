#pragma once

// What the tests of services and submissions share: a real server on either database, a
// service's form, the sub-system's calls (put, withdraw, status, its submissions), a person's
// (catalogue, submit, My requests), the live stream, and the check of an answer against
// server/openapi.json.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace tessera::test {

class ServicesFixture
{
protected:
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

    PostgresCluster m_postgres;
    int m_databases = 0;
    QString m_database; // the last server's (empty: SQLite in its data folder)
    int m_requests = 0;
    std::optional<OpenApiDocument> m_document;

    bool setUp(QString *error)
    {
        m_document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), error);
        if (!m_document)
            return false;
        if (!m_postgres.start()) {
            *error = m_postgres.error();
            return false;
        }
        return true;
    }

    bool start(ServerProcess &server, const QString &kind)
    {
        ServerProcess::Options options;
        options.now = QStringLiteral("2026-11-29T09:00:00Z");
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("services_%1").arg(++m_databases));
        m_database = options.database;
        return server.start(options);
    }

    // What in result does not fit server/openapi.json's schema for method path (as written).
    QStringList misfits(const QString &method, const QString &path, const HttpResult &result) const
    {
        QString error;
        const auto schema = m_document->responseSchema(method, path, result.status, &error);
        if (!schema)
            return { error };
        return m_document->validate(QJsonDocument::fromJson(result.body).object(), *schema);
    }

    static QString keyOf(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    static QString signIn(const ServerProcess &server, const QString &name)
    {
        return signInDemo(server, name, testDevice(QStringLiteral("services-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // A new API key of the admin's with scopes; its secret key.
    static QString newKey(
        const ServerProcess &server, const QString &name, const QStringList &scopes)
    {
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        return httpRequest("POST", server.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), name },
                { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) } }),
            bearer(admin))
            .json()
            .value(QStringLiteral("key"))
            .toString();
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

    static HttpResult catalogue(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        return get(server, QStringLiteral("/v1/services"), token,
            since.isEmpty()
                ? QList<std::pair<QString, QString>> {}
                : QList<std::pair<QString, QString>> { { QStringLiteral("since"), since } });
    }

    static HttpResult myRequests(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        return get(server, QStringLiteral("/v1/submissions"), token,
            since.isEmpty()
                ? QList<std::pair<QString, QString>> {}
                : QList<std::pair<QString, QString>> { { QStringLiteral("since"), since } });
    }

    static HttpResult submit(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &body, const QByteArray &idempotencyKey)
    {
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/services/%1/submissions").arg(id)), compactJson(body),
            bearer(token, idempotencyKey));
    }

    HttpResult submit(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &body)
    {
        return submit(server, token, id, body, "submit-" + QByteArray::number(++m_requests));
    }

    static HttpResult setStatus(const ServerProcess &server, const QString &id,
        const QJsonObject &body, const QString &key = {})
    {
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/subsystem/submissions/%1/status").arg(id)),
            compactJson(body), bearer(key.isEmpty() ? keyOf(server) : key));
    }

    // The ids of the objects in result's array field.
    static QStringList idsOf(const HttpResult &result, const QString &field)
    {
        QStringList ids;
        const QJsonArray array = result.json().value(field).toArray();
        for (const auto &value : array)
            ids.append(value.isString() ? value.toString()
                                        : value.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }

    // A signed-in stream of token's person; its messages are appended to *messages.
    static std::unique_ptr<QWebSocket> stream(
        const ServerProcess &server, const QString &token, QStringList *messages)
    {
        auto socket = std::make_unique<QWebSocket>();
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived,
            [messages](const QString &text) { messages->append(text); });
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        socket->open(request);
        return socket;
    }

    // The hints of kind among messages.
    static QStringList hints(const QStringList &messages, const QString &kind)
    {
        QStringList found;
        for (const QString &message : messages) {
            if (QJsonDocument::fromJson(message.toUtf8()).object().value(QStringLiteral("type"))
                == kind)
                found.append(message);
        }
        return found;
    }
};

} // namespace tessera::test
