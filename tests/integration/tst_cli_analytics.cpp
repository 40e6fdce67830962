// tessera-cli analytics on|off and admin analytics end to end, against the real server over TLS
// with the tokens in the real Secret Service: the CLI keeps its own consent (a choice it says
// back; a word other than on or off is a usage error); an admin's CLI prints the daily counts an
// app's batch made (text and --json, --from/--to checked), a person's is refused.
#include "cliinboxfixture.h"

#include <QRandomGenerator>

using namespace tessera::test;

class TestCliAnalytics : public QObject, protected CliInboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }
    void cleanupTestCase()
    {
        signOutBen();
        if (!m_adminData.isEmpty())
            cli({ QStringLiteral("logout") }, {}, true, m_adminData);
    }

    void consentOnAndOff()
    {
        const RunResult on = cli({ QStringLiteral("analytics"), QStringLiteral("on") });
        QVERIFY2(on.exitCode == 0, on.output.constData());
        QCOMPARE(lastJson(on.output).value(QStringLiteral("analytics")).toString(),
            QStringLiteral("on"));
        const RunResult off =
            cli({ QStringLiteral("analytics"), QStringLiteral("off") }, {}, false);
        QVERIFY2(off.exitCode == 0, off.output.constData());
        QVERIFY2(off.output.contains("Analytics off"), off.output.constData());
        QCOMPARE(cli({ QStringLiteral("analytics"), QStringLiteral("maybe") }).exitCode, 2);
    }

    void adminReadsTheCounts()
    {
        // An app's batch (as the app's uploader sends it).
        const QString asha = signInDemo(
            *m_server, QStringLiteral("Asha Rao"), testDevice(QStringLiteral("asha-app")))
                                 .value(QStringLiteral("accessToken"))
                                 .toString();
        const QString day = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        const QJsonObject batch { { QStringLiteral("installationId"),
                                      QStringLiteral("cli-test-installation-%1")
                                          .arg(QRandomGenerator::global()->generate()) },
            { QStringLiteral("events"),
                QJsonArray { QJsonObject { { QStringLiteral("day"), day },
                    { QStringLiteral("kind"), QStringLiteral("screen") },
                    { QStringLiteral("name"), QStringLiteral("cli.check") },
                    { QStringLiteral("platform"), QStringLiteral("android") },
                    { QStringLiteral("appVersion"), QStringLiteral("1.4.0") },
                    { QStringLiteral("count"), 6 } } } } };
        QCOMPARE(httpRequest("POST", m_server->url(QStringLiteral("/v1/analytics/events")),
                     compactJson(batch), bearer(asha))
                     .status,
            202);

        // A person's CLI: refused.
        const RunResult refused = cli({ QStringLiteral("admin"), QStringLiteral("analytics") });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(!errorCode(refused.output).isEmpty());

        m_adminData = m_dir.filePath(QStringLiteral("admin"));
        QVERIFY(m_cli.login(m_adminData, *m_server, QStringLiteral("Tessera Admin")));
        const RunResult json = cli({ QStringLiteral("admin"), QStringLiteral("analytics"),
                                       QStringLiteral("--from"), day, QStringLiteral("--to"), day },
            {}, true, m_adminData);
        QVERIFY2(json.exitCode == 0, json.output.constData());
        bool found = false;
        for (const QJsonObject &row : jsonLines(json.output)) {
            if (row.value(QStringLiteral("name")).toString() == u"cli.check") {
                found = true;
                QCOMPARE(row.value(QStringLiteral("count")).toInt(), 6);
                QCOMPARE(row.value(QStringLiteral("day")).toString(), day);
                QCOMPARE(
                    row.value(QStringLiteral("platform")).toString(), QStringLiteral("android"));
            }
        }
        QVERIFY2(found, json.output.constData());
        const RunResult text =
            cli({ QStringLiteral("admin"), QStringLiteral("analytics") }, {}, false, m_adminData);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.output.contains(
                     QStringLiteral("%1  screen  cli.check  android 1.4.0  6").arg(day).toUtf8()),
            text.output.constData());
        QCOMPARE(cli({ QStringLiteral("admin"), QStringLiteral("analytics"),
                         QStringLiteral("--from"), QStringLiteral("yesterday") },
                     {}, true, m_adminData)
                     .exitCode,
            2);
    }

private:
    QString m_adminData;
};

QTEST_GUILESS_MAIN(TestCliAnalytics)
#include "tst_cli_analytics.moc"
