// tessera-cli's sub-system commands against the real server (SQLite and PostgreSQL), with the
// API key from a file, the environment or --key (warned about): notify, deliveries (the log of a
// decision's webhook), withdraw, and their refusals. No session and no keyring: a sub-system
// needs only its key.
#include "clitestrunner.h"
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

class TestCliSubsystem : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    QTemporaryDir m_dir;
    ServerProcess *m_server = nullptr;
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server->url(); },
        { QStringLiteral("--allow-plain-http") } };

    RunResult cli(const QStringList &arguments, const QMap<QString, QString> &env = {},
        bool json = true) const
    {
        return m_cli.run(m_dir.filePath(QStringLiteral("data")), arguments, env, json);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void subsystemCommands_data() { addDatabaseKinds(); }

    void subsystemCommands()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options options;
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("cli_subsystem_%1").arg(++m_databases));
        QVERIFY2(server.start(options), qPrintable(server.error()));
        m_server = &server;
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString apiKey = demoApiKey(server).value(QStringLiteral("key")).toString();
        const QString keyFile = m_dir.filePath(QStringLiteral("api-key-%1").arg(kind));
        QFile file(keyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(apiKey.toLatin1() + '\n');
        file.close();
        const QStringList withFile { QStringLiteral("--api-key-file"), keyFile };

        // No key, or a file that is not there: wrong usage (2), nothing sent.
        RunResult run = cli({ QStringLiteral("withdraw"), QStringLiteral("ntf_x") });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorCode(run.output), QStringLiteral("usage"));
        run = cli(QStringList { QStringLiteral("deliveries"), QStringLiteral("ntf_x") }
            + QStringList {
                QStringLiteral("--api-key-file"), m_dir.filePath(QStringLiteral("none")) });
        QCOMPARE(run.exitCode, 2);

        // notify with the key from the file.
        run = cli(
            QStringList { QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                QStringLiteral("--title"), QStringLiteral("Leave request"),
                QStringLiteral("--body"), QStringLiteral("Two days."),
                QStringLiteral("--reference"), QStringLiteral("HR-1"), QStringLiteral("--action"),
                QStringLiteral("approve:Approve"), QStringLiteral("--callback"),
                QString::fromLatin1(receiver.url()) }
            + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QString decided = lastJson(run.output).value(QStringLiteral("id")).toString();
        QVERIFY(decided.startsWith(QStringLiteral("ntf_")));
        QVERIFY(!run.output.contains("warning"));

        // deliveries before a decision: none.
        run = cli(QStringList { QStringLiteral("deliveries"), decided } + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY(lastJson(run.output).value(QStringLiteral("deliveries")).toArray().isEmpty());

        // Ben approves; the webhook arrives; deliveries shows it with its attempt.
        const QString ben = signInDemo(server, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("cli-subsystem-device")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        QCOMPARE(
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(decided)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, "cli-subsystem-decision"))
                .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QJsonArray deliveries;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                run = cli(QStringList { QStringLiteral("deliveries"), decided },
                    { { QStringLiteral("TESSERA_API_KEY"), apiKey } });
                deliveries = lastJson(run.output).value(QStringLiteral("deliveries")).toArray();
                return deliveries.size() == 1
                    && deliveries.first()
                           .toObject()
                           .value(QStringLiteral("deliveredAt"))
                           .isString();
            }(),
            20000);
        const QJsonObject delivery = deliveries.first().toObject();
        QCOMPARE(delivery.value(QStringLiteral("deliveryId")).toString().toLatin1(),
            receiver.deliveries().first().headers.value("tessera-delivery-id"));
        QCOMPARE(delivery.value(QStringLiteral("attempts")).toArray().size(), 1);
        const RunResult human = cli({ QStringLiteral("deliveries"), decided },
            { { QStringLiteral("TESSERA_API_KEY"), apiKey } }, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("delivered ") && human.output.contains("HTTP 200"),
            human.output.constData());

        // withdraw: a decided one is refused (1, already_decided); an open one is withdrawn;
        // --key works but is warned about.
        run = cli(QStringList { QStringLiteral("withdraw"), decided } + withFile);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("already_decided"));
        run = cli(QStringList { QStringLiteral("notify"), QStringLiteral("--to"),
                      QStringLiteral("E1002"), QStringLiteral("--title"), QStringLiteral("FYI"),
                      QStringLiteral("--body"), QStringLiteral("Office closed Friday.") }
            + withFile);
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QString open = lastJson(run.output).value(QStringLiteral("id")).toString();
        run = cli({ QStringLiteral("withdraw"), open, QStringLiteral("--key"), apiKey });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY2(run.output.contains("warning: --key shows the API key"), run.output.constData());
        QCOMPARE(lastJson(run.output).value(QStringLiteral("state")).toString(),
            QStringLiteral("withdrawn"));
        const RunResult gone = cli(
            QStringList { QStringLiteral("withdraw"), QStringLiteral("ntf_nothing") } + withFile,
            {}, false);
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.output.contains("no such notification"), gone.output.constData());

        // A wrong key: the server refuses (1).
        run = cli({ QStringLiteral("deliveries"), decided },
            { { QStringLiteral("TESSERA_API_KEY"), QStringLiteral("tsk_wrong") } });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("invalid_token"));
        m_server = nullptr;
    }
};

QTEST_GUILESS_MAIN(TestCliSubsystem)
#include "tst_cli_subsystem.moc"
