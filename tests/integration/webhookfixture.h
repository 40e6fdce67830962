#pragma once

// What the API key and webhook tests share: a real server on either database (its clock starting
// at kStart) started with the demo key and the admin and Ben signed in, a sub-system's
// notifications and Ben's approval (which queues a webhook), and a delivery read through the API
// or straight from the database.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QJsonArray>

namespace tessera::test {

class WebhookFixture
{
protected:
    static inline const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_requests = 0;

    // The server's options for a database kind ("sqlite" or "postgresql": a new database), in
    // dataDir when given (a test that restarts the server on the same data).
    ServerProcess::Options options(const QString &kind, const QString &dataDir = {})
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.dataDir = dataDir;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("safeguards_%1").arg(++m_databases));
        return options;
    }

    QByteArray newIdempotencyKey() { return "idem-safeguards-" + QByteArray::number(++m_requests); }

    // What a key or webhook test starts from: the demo sub-system's API key ({"id","key",
    // "webhookSecret",...}) and the admin's and Ben's access tokens.
    struct Started
    {
        QJsonObject demoKey;
        QString admin;
        QString ben;
        QString error; // why the server or a sign-in failed; empty when all is there

        bool ok() const { return error.isEmpty(); }
        QString key() const { return demoKey.value(QStringLiteral("key")).toString(); }
        QString keyId() const { return demoKey.value(QStringLiteral("id")).toString(); }
    };

    // Starts server with options, reads the demo key and signs the admin and Ben in:
    //     const Started started = startWithDemoKey(server, options(kind));
    //     QVERIFY2(started.ok(), qPrintable(started.error));
    static Started startWithDemoKey(ServerProcess &server, const ServerProcess::Options &options)
    {
        Started started;
        if (!server.start(options)) {
            started.error = server.error();
            return started;
        }
        started.demoKey = demoApiKey(server);
        started.admin = adminToken(server);
        started.ben = benToken(server);
        if (started.key().isEmpty() || started.admin.isEmpty() || started.ben.isEmpty())
            started.error = QStringLiteral("the demo key, the admin's or Ben's sign-in is missing");
        return started;
    }

    static QString adminToken(const ServerProcess &server)
    {
        return signInDemo(
            server, QStringLiteral("Tessera Admin"), testDevice(QStringLiteral("safeguards-admin")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static QString benToken(const ServerProcess &server)
    {
        return signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("safeguards-ben")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // A new API key ({"id","key","webhookSecret",...}) whose prefix is the receiver's URL.
    static QJsonObject newApiKey(const ServerProcess &server, const QString &admin,
        const QString &name, const QByteArray &prefix)
    {
        const HttpResult made =
            httpRequest("POST", server.url(QStringLiteral("/v1/admin/api-keys")),
                compactJson(QJsonObject { { QStringLiteral("subsystem"), name },
                    { QStringLiteral("callbackPrefixes"),
                        QJsonArray { QString::fromLatin1(prefix) } } }),
                bearer(admin));
        if (made.status != 201)
            qWarning() << "new key:" << made.status << made.body;
        return made.json();
    }

    // A leave request to Ben by key, with this callback (none: delivered by polling); the answer.
    HttpResult sendLeaveRequest(
        const ServerProcess &server, const QString &key, const QByteArray &callback = {})
    {
        const QJsonObject request = leaveRequestFor(QStringLiteral("E1002"));
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(callback.isEmpty() ? request
                                           : withCallback(request, QString::fromLatin1(callback))),
            bearer(key, newIdempotencyKey()));
    }

    // A leave request to Ben by key with this callback; its id, or empty.
    QString notify(const ServerProcess &server, const QString &key, const QByteArray &callback)
    {
        const HttpResult created = sendLeaveRequest(server, key, callback);
        if (created.status != 201)
            qWarning() << "create:" << created.status << created.body;
        return created.json().value(QStringLiteral("id")).toString();
    }

    // Ben approves notification id: its webhook is queued.
    bool approve(const ServerProcess &server, const QString &ben, const QString &id)
    {
        const HttpResult decided =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, newIdempotencyKey()));
        if (decided.status != 200)
            qWarning() << "decide:" << decided.status << decided.body;
        return decided.status == 200;
    }

    // Notification id's only delivery as its key reads it.
    static QJsonObject delivery(const ServerProcess &server, const QString &key, const QString &id)
    {
        return httpRequest("GET",
            server.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {}, bearer(key))
            .json()
            .value(QStringLiteral("deliveries"))
            .toArray()
            .first()
            .toObject();
    }

    // A value of the notification's delivery, read straight from the database (for a key that
    // can no longer read it itself).
    static QString deliveryColumn(const ServerProcess &server, const QString &database,
        const QString &notificationId, const QString &column)
    {
        return runServerSql(server.dataDir(), database,
            QStringLiteral("SELECT %1 FROM webhook_deliveries WHERE notification_id = '%2'")
                .arg(column, notificationId))
            .value.toString();
    }

    static QString lastAttemptError(
        const ServerProcess &server, const QString &database, const QString &notificationId)
    {
        return runServerSql(server.dataDir(), database,
            QStringLiteral("SELECT a.error FROM webhook_attempts a JOIN webhook_deliveries d ON"
                           " d.id = a.delivery_id WHERE d.notification_id = '%1' ORDER BY a.id"
                           " DESC")
                .arg(notificationId))
            .value.toString();
    }
};

} // namespace tessera::test
