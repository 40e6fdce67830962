#pragma once

// What the notification tests against the real server share: either database (a PostgreSQL
// cluster for the postgresql rows), a sub-system's leave request, and the calls of a sub-system
// and of a person's inbox.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

#include <optional>

namespace tessera::test {

inline const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

inline QJsonObject leaveRequest(const QJsonObject &recipients, const QByteArray &callback = {})
{
    QJsonObject body {
        { QStringLiteral("recipients"), recipients },
        { QStringLiteral("title"), QStringLiteral("Leave request: Ben Okafor, 2–4 Dec") },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("HR-4711") },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("days"), 3 } } },
    };
    if (!callback.isEmpty())
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(callback));
    else
        body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
    return body;
}

inline QJsonObject toUsers(const QStringList &users)
{
    return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } };
}

class NotificationsFixture
{
protected:
    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("notifications_%1").arg(++m_databases));
        return options;
    }

    static void addKinds() { addDatabaseKinds(); }

    static QJsonObject apiKey(const ServerProcess &server) { return demoApiKey(server); }

    // Signs a demo person in on a phone and answers their access token.
    static QString signIn(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(
            server, displayName, testDevice(QStringLiteral("notification-test-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static QList<QPair<QByteArray, QByteArray>> auth(
        const QString &token, const QByteArray &idempotencyKey = {})
    {
        return bearer(token, idempotencyKey);
    }

    QByteArray newKey() { return "idem-" + QByteArray::number(++m_keys); }

    static HttpResult notify(
        const ServerProcess &server, const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(body), auth(apiKey(server).value(QStringLiteral("key")).toString(), key));
    }

    static HttpResult inbox(
        const ServerProcess &server, const QString &token, const QString &since = {}, int limit = 0)
    {
        QUrl url = server.url(QStringLiteral("/v1/inbox"));
        QUrlQuery query;
        if (!since.isEmpty())
            query.addQueryItem(QStringLiteral("since"), since);
        if (limit > 0)
            query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
        url.setQuery(query);
        return httpRequest("GET", url, {}, auth(token));
    }

    static HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(body), auth(token, key));
    }
};

} // namespace tessera::test
