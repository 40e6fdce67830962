// tessera-cli as a user runs it, against the real server.
#include "childprocess.h"
#include "protocol/version.h"
#include "serverprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestCli : public QObject
{
    Q_OBJECT

    ServerProcess m_server;

    static RunResult cli(const QStringList &arguments)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("TESSERA_SERVER"));
        return runProgram(QStringLiteral(TESSERA_CLI_BINARY), arguments, std::chrono::seconds(60),
            {}, environment);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.error())); }

    void statusHuman()
    {
        const RunResult result = cli({ QStringLiteral("--server"), m_server.url().toString(),
            QStringLiteral("--allow-plain-http"), QStringLiteral("status") });
        QVERIFY2(result.exitCode == 0, result.output.constData());
        QVERIFY(result.output.contains("Status:   ok"));
        QVERIFY(result.output.contains("Database: sqlite"));
        QVERIFY(result.output.contains(
            QString(QStringLiteral("Version:  ") + productVersion()).toUtf8()));
    }

    void statusJson()
    {
        const RunResult result =
            cli({ QStringLiteral("--json"), QStringLiteral("--allow-plain-http"),
                QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("status") });
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.output.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject object = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(object.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(object.value(QStringLiteral("database")).toString(), QStringLiteral("sqlite"));
    }

    void serverFromEnvironment()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TESSERA_SERVER"), m_server.url().toString());
        const RunResult result = runProgram(QStringLiteral(TESSERA_CLI_BINARY),
            { QStringLiteral("--allow-plain-http"), QStringLiteral("status") },
            std::chrono::seconds(60), {}, environment);
        QCOMPARE(result.exitCode, 0);
    }

    void plainHttpNeedsOptIn()
    {
        const RunResult result = cli(
            { QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("status") });
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.output.contains("--allow-plain-http"));
    }

    void unreachableServer()
    {
        const quint16 port = freeLoopbackPort();
        const RunResult result = cli({ QStringLiteral("--json"),
            QStringLiteral("--allow-plain-http"), QStringLiteral("--server"),
            QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("status") });
        QCOMPARE(result.exitCode, 1);
        const QJsonObject object = QJsonDocument::fromJson(result.output.trimmed()).object();
        QCOMPARE(object.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("network_error"));
    }

    void helpListsEveryCommand()
    {
        const RunResult result = cli({ QStringLiteral("--help") });
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.output.contains("Commands:"));
        QVERIFY(result.output.contains("  status "));
        QVERIFY(result.output.contains("  health add "));
        QVERIFY(result.output.contains("  medical reject "));
    }

    void usageErrors()
    {
        QCOMPARE(cli({}).exitCode, 2);
        const RunResult unknown = cli({ QStringLiteral("fly") });
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.output.contains("unknown command"));
        QCOMPARE(cli({ QStringLiteral("status"), QStringLiteral("extra") }).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
