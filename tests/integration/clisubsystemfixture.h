#pragma once

// What the tests of tessera-cli's sub-system commands share: a real server on either database
// with the demo sub-system's API key in a file, the CLI run with it (also while the test's own
// webhook receiver answers), a notification sent and a person's decision made through the API.
#include "clitestrunner.h"
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace tessera::test {

class CliSubsystemFixture
{
protected:
    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_requests = 0;
    QTemporaryDir m_dir;
    ServerProcess *m_server = nullptr;
    QString m_keyFile; // the demo key of m_server, on its first line
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server->url(); },
        { QStringLiteral("--allow-plain-http") } };

    // Starts server on kind's database (options' other fields as given), makes it m_server and
    // writes its demo API key to m_keyFile; false (the server's error) when it did not start.
    bool startServer(
        ServerProcess &server, const QString &kind, ServerProcess::Options options = {})
    {
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("cli_subsystem_%1").arg(++m_databases));
        if (!server.start(options))
            return false;
        m_server = &server;
        m_keyFile = m_dir.filePath(QStringLiteral("api-key-%1").arg(m_databases));
        QFile file(m_keyFile);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(apiKey().toLatin1() + '\n');
        return true;
    }

    QString apiKey() const { return demoApiKey(*m_server).value(QStringLiteral("key")).toString(); }

    RunResult cli(const QStringList &arguments, const QMap<QString, QString> &env = {},
        bool json = true) const
    {
        return m_cli.run(m_dir.filePath(QStringLiteral("data")), arguments, env, json);
    }

    // The command with --api-key-file m_keyFile.
    RunResult withKey(const QStringList &arguments, bool json = true) const
    {
        return cli(
            arguments + QStringList { QStringLiteral("--api-key-file"), m_keyFile }, {}, json);
    }

    // withKey, the test's event loop running meanwhile (a WebhookReceiver of the test answers
    // while the server waits for it); at most two minutes.
    RunResult withKeyServing(const QStringList &arguments, bool json = true) const
    {
        ChildProcess process;
        RunResult result;
        if (!process.start(m_cli.binary,
                m_cli.arguments(m_dir.filePath(QStringLiteral("data")),
                    arguments + QStringList { QStringLiteral("--api-key-file"), m_keyFile }, json),
                m_cli.environment())) {
            result.output = process.error().toUtf8();
            return result;
        }
        QDeadlineTimer deadline(std::chrono::minutes(2));
        while (process.isRunning() && !deadline.hasExpired())
            QTest::qWait(50);
        result.exitCode = process.stop().value_or(-1);
        result.output = process.output();
        return result;
    }

    // notify with --api-key-file: the new notification's id, or empty (with a warning).
    QString notify(const QStringList &arguments) const
    {
        const RunResult run = withKey(QStringList { QStringLiteral("notify") } + arguments);
        QString id = lastJson(run.output).value(QStringLiteral("id")).toString();
        if (run.exitCode != 0 || id.isEmpty())
            qWarning("notify: %s", run.output.constData());
        return id;
    }

    // Ben Okafor decides id (version 1) through the API: the HTTP status.
    int decideAsBen(const QString &id, const QString &action = QStringLiteral("approve"))
    {
        const QString ben = signInDemo(*m_server, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("cli-subsystem-device")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        return httpRequest("POST", m_server->url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(QJsonObject {
                { QStringLiteral("action"), action }, { QStringLiteral("version"), 1 } }),
            bearer(ben, "cli-subsystem-decision-" + QByteArray::number(++m_requests)))
            .status;
    }

    // The JSON answer's array name.
    static QJsonArray listIn(const RunResult &run, const QString &name)
    {
        return lastJson(run.output).value(name).toArray();
    }

    // The text field name of each object of array.
    static QStringList fieldOf(const QJsonArray &array, const QString &name)
    {
        QStringList values;
        for (const auto &item : array)
            values.append(item.toObject().value(name).toString());
        return values;
    }
};

} // namespace tessera::test
