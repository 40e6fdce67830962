#pragma once

// The server side of the push tests (pushserverfixture.h is the app side on top of it): what
// tst_push_webpush, tst_push_fcm, tst_push_restart and tst_push_apns_server share. A server per
// test on SQLite or PostgreSQL with a data folder of its own, a VAPID key made by
// webpush_receiver.py, a loopback push service in Python (its port read from its "PORT n" line,
// its /_log read by device name), signing in, registering a device and posting a notification.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "publishcalls.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace tessera::test {

// --make-vapid-key of webpush_receiver.py (script): a P-256 key in PEM at path.
inline bool makeVapidKey(const QString &script, const QString &path)
{
    return QProcess::execute(QStringLiteral("/usr/bin/python3"),
               { script, QStringLiteral("--make-vapid-key"), path })
        == 0;
}

// The server's arguments for Web Push with the VAPID key in keyFile.
inline QStringList vapidArguments(const QString &keyFile)
{
    return { QStringLiteral("--vapid-key"), keyFile, QStringLiteral("--vapid-subject"),
        QStringLiteral("mailto:ops@example.com") };
}

class PushServerParts
{
protected:
    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    int m_databases = 0;

    // One server of a test, started again on the same data (and clock) after a stop.
    struct Server
    {
        ServerProcess process;
        QString database;
        QString dataDir;
        QString clockFile; // empty unless the test gives the server one
    };

    struct Person
    {
        QString userId;
        QString token;
        QString deviceId;
    };

    // initTestCase's first part: the temporary folder and PostgreSQL (its error logged).
    bool startDatabases()
    {
        if (!m_dir.isValid())
            return false;
        if (!m_postgres.start()) {
            qWarning().noquote() << m_postgres.error();
            return false;
        }
        return true;
    }

    // Starts server with options on its own data folder and database on kind (made the first
    // time, prefix_N), with --clock-file at 0 when clock; false (the server's error logged)
    // when it did not start.
    bool start(Server &server, const QString &kind, const QString &prefix,
        ServerProcess::Options options, bool clock = false)
    {
        if (server.dataDir.isEmpty()) {
            server.dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(++m_databases));
            server.database = databaseForKind(
                m_postgres, kind, QStringLiteral("%1_%2").arg(prefix).arg(m_databases));
            QDir().mkpath(server.dataDir);
            if (clock) {
                server.clockFile = m_dir.filePath(QStringLiteral("clock-%1").arg(m_databases));
                if (!publish::writeClock(server.clockFile, 0))
                    return false;
            }
        }
        options.database = server.database;
        options.dataDir = server.dataDir;
        if (!server.clockFile.isEmpty())
            options.extraArguments << QStringLiteral("--clock-file") << server.clockFile;
        if (!server.process.start(options)) {
            qWarning().noquote() << server.process.error();
            return false;
        }
        return true;
    }

    // Starts python3 with arguments (a loopback service of tests/data that prints "PORT n" once
    // it listens); its address, or an empty URL when it did not say.
    static QUrl startService(QProcess &service, const QStringList &arguments)
    {
        service.start(QStringLiteral("/usr/bin/python3"), arguments);
        if (!service.waitForStarted() || !service.waitForReadyRead(15000))
            return {};
        const QByteArray line = service.readLine().trimmed();
        if (!line.startsWith("PORT ")) {
            qWarning() << "the service said" << line;
            return {};
        }
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(line.mid(5).toInt()));
    }

    static void stopService(QProcess &service)
    {
        service.kill();
        service.waitForFinished();
    }

    // A call to the service's control API (/_subscribe, /_script, /_log ...).
    static HttpResult control(const QUrl &service, const QByteArray &method, const QString &path,
        const QJsonObject &body = {})
    {
        QUrl url = service;
        url.setPath(path);
        return httpRequest(method, url, body.isEmpty() ? QByteArray() : compactJson(body));
    }

    // What the service logged for the device name, in order.
    static QList<QJsonObject> loggedFor(const QUrl &service, const QString &name)
    {
        QList<QJsonObject> found;
        const HttpResult log = control(service, "GET", QStringLiteral("/_log"));
        for (const auto &value : QJsonDocument::fromJson(log.body).array())
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                found.append(value.toObject());
        return found;
    }

    static Person signIn(const ServerProcess &server, const QString &name, const QString &deviceId)
    {
        const QJsonObject answer = signInDemo(server, name, testDevice(deviceId));
        return {
            answer.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
            answer.value(QStringLiteral("accessToken")).toString(), deviceId
        };
    }

    static Person signIn(const Server &server, const QString &name, const QString &deviceId)
    {
        return signIn(server.process, name, deviceId);
    }

    // POST /v1/me/push with body as the person of token.
    static HttpResult subscribe(
        const ServerProcess &server, const QString &token, const QByteArray &body)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/me/push")), body, bearer(token));
    }

    static HttpResult subscribe(const Server &server, const QString &token, const QByteArray &body)
    {
        return subscribe(server.process, token, body);
    }

    static HttpResult subscribe(const Server &server, const QString &token, const QJsonObject &body)
    {
        return subscribe(server.process, token, compactJson(body));
    }

    // POST /v1/notifications with the demo sub-system's key: the new id, empty (the answer
    // logged) when it was not 201.
    static QString notify(const ServerProcess &server, const QJsonObject &body)
    {
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(publish::demoKey(server),
                    QUuid::createUuid().toByteArray(QUuid::WithoutBraces)));
        if (created.status != 201)
            qWarning() << created.status << created.body;
        return created.json().value(QStringLiteral("id")).toString();
    }

    // An actionable leave request for userId with title.
    static QString notify(const ServerProcess &server, const QString &userId, const QString &title)
    {
        QJsonObject body = leaveRequestFor(userId);
        body.insert(QStringLiteral("title"), title);
        return notify(server, body);
    }

    static QString notify(const Server &server, const QString &userId, const QString &title)
    {
        return notify(server.process, userId, title);
    }

    // The first column of the statement's first row on the server's database; -1 when none.
    static qint64 count(const QString &dataDir, const QString &database, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(dataDir, database, statement);
        return result.ok && result.hasRow ? result.value.toLongLong() : -1;
    }

    static qint64 count(const Server &server, const QString &statement)
    {
        return count(server.dataDir, server.database, statement);
    }

    static QString uniqueName(const QString &prefix)
    {
        return prefix + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }
};

// Web Push through tests/data/webpush_receiver.py: the server's VAPID key and the receiver.
class WebPushServerParts : public PushServerParts
{
protected:
    QProcess m_receiver;
    QUrl m_receiverUrl;
    QString m_vapidKey;

    // initTestCase: startDatabases, a VAPID key, the receiver (script: webpush_receiver.py).
    bool startWebPushParts(const QString &script)
    {
        if (!startDatabases())
            return false;
        m_vapidKey = m_dir.filePath(QStringLiteral("vapid.pem"));
        if (!makeVapidKey(script, m_vapidKey))
            return false;
        m_receiverUrl = startService(m_receiver, { script });
        return m_receiverUrl.isValid();
    }

    // Options with the VAPID key.
    ServerProcess::Options vapidOptions() const
    {
        ServerProcess::Options options;
        options.extraArguments << vapidArguments(m_vapidKey);
        return options;
    }

    // A device at the receiver named name, scripted with script's fields (answers, default,
    // delay: see webpush_receiver.py); {"endpoint", "keys"}.
    QJsonObject newReceiverDevice(const QString &name, QJsonObject script)
    {
        QJsonObject device = control(m_receiverUrl, "POST", QStringLiteral("/_subscribe"),
            { { QStringLiteral("name"),
                name } }).json();
        script.insert(QStringLiteral("name"), name);
        control(m_receiverUrl, "POST", QStringLiteral("/_script"), script);
        return device;
    }

    // The pushes the receiver got for the device name, in order.
    QList<QJsonObject> pushesTo(const QString &name) { return loggedFor(m_receiverUrl, name); }
};

} // namespace tessera::test
