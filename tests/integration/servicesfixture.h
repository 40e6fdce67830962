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
#include "servicecalls.h"
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

class ServicesFixture : public ServiceCalls
{
protected:
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
