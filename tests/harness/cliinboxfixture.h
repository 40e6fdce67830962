#pragma once

// What the CLI's inbox, Home and news tests share: the real server over TLS (a throwaway CA), the
// CLI run against it with Ben's --data folder (tokens in the real Secret Service), a webhook
// receiver, what the demo sub-system publishes, and the item, card and post lines of `--json`.
// Header only: the test defines TESSERA_CLI_BINARY.
#include "childprocess.h"
#include "clitestrunner.h"
#include "demoaccounts.h"
#include "keyringsession.h"
#include "publishcalls.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "tlsserverfixture.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

namespace tessera::test {

// The lines of `--json` output that are objects with an id and field (error lines left out).
inline QList<QJsonObject> linesWithIdAnd(const QByteArray &output, const QString &field)
{
    QList<QJsonObject> result;
    const QList<QJsonObject> objects = jsonLines(output);
    for (const QJsonObject &object : objects) {
        if (object.contains(QStringLiteral("id")) && object.contains(field))
            result.append(object);
    }
    return result;
}

// The item lines of `inbox --json`.
inline QList<QJsonObject> items(const QByteArray &output)
{
    return linesWithIdAnd(output, QStringLiteral("state"));
}

// The card lines of `home --json`.
inline QList<QJsonObject> cards(const QByteArray &output)
{
    return linesWithIdAnd(output, QStringLiteral("card"));
}

// The post lines of `news --json`.
inline QList<QJsonObject> posts(const QByteArray &output)
{
    return linesWithIdAnd(output, QStringLiteral("title"));
}

class CliInboxFixture
{
protected:
    QTemporaryDir m_dir;
    TlsServerFixture m_tls;
    std::unique_ptr<ServerProcess> m_server;
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server->url(); } };
    WebhookReceiver m_receiver;
    QString m_benData;
    QString m_apiKey;

    // The set-up every such test starts with (its initTestCase): the CA, trusted by the test's own
    // requests too (a sub-system, another device); the receiver; the server; the demo key; Ben
    // signed in with the CLI. A step that fails fails the calling test.
    void startServerAndSignInBen()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        m_cli.caFile = m_tls.caFile();
        QVERIFY(trustCaByDefault(m_tls.caFile()));
        QVERIFY(m_receiver.listen());
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(m_tls.serverOptions()), qPrintable(m_server->error()));
        m_apiKey = demoApiKey(*m_server).value(QStringLiteral("key")).toString();
        QVERIFY(!m_apiKey.isEmpty());
        m_benData = m_dir.filePath(QStringLiteral("ben"));
        QVERIFY(loginBen(m_benData));
    }

    // The end (cleanupTestCase): Ben's tokens leave the Secret Service.
    void signOutBen()
    {
        if (m_server && m_server->isRunning())
            cli({ QStringLiteral("logout") });
    }

    // A command in Ben's data folder (or dataDir).
    RunResult cli(const QStringList &arguments, const QMap<QString, QString> &env = {},
        bool json = true, const QString &dataDir = {})
    {
        return m_cli.run(dataDir.isEmpty() ? m_benData : dataDir, arguments, env, json);
    }

    // Signs Ben in (local ID) in a data folder: another installation of the CLI.
    bool loginBen(const QString &dataDir)
    {
        return m_cli.login(dataDir, *m_server, QStringLiteral("Ben Okafor"));
    }

    // The first line of a running CLI's --json output with this field and value.
    static std::optional<QJsonObject> lineWith(
        const ChildProcess &process, const QString &field, const QString &value)
    {
        for (const QJsonObject &object : jsonLines(process.output())) {
            if (object.value(field).toString() == value)
                return object;
        }
        return std::nullopt;
    }

    // The item lines a running watch printed for an item.
    static QList<QJsonObject> watchLines(const ChildProcess &process, const QString &id)
    {
        QList<QJsonObject> result;
        for (const QJsonObject &object : jsonLines(process.output())) {
            if (object.value(QStringLiteral("id")).toString() == id
                && object.contains(QStringLiteral("change")))
                result.append(object);
        }
        return result;
    }

    QString notify(const QStringList &to, const QString &title)
    {
        QStringList arguments { QStringLiteral("notify"), QStringLiteral("--title"), title,
            QStringLiteral("--body"), QStringLiteral("Please decide."), QStringLiteral("--action"),
            QStringLiteral("approve:Approve"), QStringLiteral("--action"),
            QStringLiteral("reject:Reject:comment"), QStringLiteral("--callback"),
            QString::fromLatin1(m_receiver.url()) };
        for (const QString &user : to)
            arguments << QStringLiteral("--to") << user;
        const RunResult sent = cli(arguments, { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        if (sent.exitCode != 0)
            qWarning("notify: %s", sent.output.constData());
        return lastJson(sent.output).value(QStringLiteral("id")).toString();
    }

    // The webhook events the receiver got for notification id, in the order they came.
    QList<QJsonObject> eventsFor(const QString &id) const
    {
        QList<QJsonObject> events;
        for (const WebhookReceiver::Delivery &delivery : m_receiver.deliveries()) {
            const QJsonObject body = QJsonDocument::fromJson(delivery.body).object();
            if (body.value(QStringLiteral("notificationId")).toString() == id)
                events.append(body);
        }
        return events;
    }

    int deliveriesFor(const QString &id) const { return int(eventsFor(id).size()); }

    // PUT body on path (/v1/subsystem/cards/ID, /v1/subsystem/news/ID) as the demo sub-system.
    HttpResult putAsSubsystem(const QString &path, const QJsonObject &body) const
    {
        return publish::asKey(*m_server, "PUT", path, compactJson(body), m_apiKey);
    }
};

} // namespace tessera::test
