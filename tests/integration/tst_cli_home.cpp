// tessera-cli home end to end, against the real server over TLS, with the tokens in the real
// Secret Service and the data in a --data folder: cards a sub-system published (only Ben's
// audiences), in JSON and as text, a deleted card gone at the next run, and the cache listed (exit
// 1) while the server is away.
#include "cliinboxfixture.h"

using namespace tessera::test;

namespace {

QJsonObject cardBody(const QString &title, const QString &summary, const QString &user)
{
    const QJsonArray body {
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), title } },
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), summary } },
    };
    return QJsonObject {
        { QStringLiteral("card"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
                { QStringLiteral("version"), QStringLiteral("1.5") },
                { QStringLiteral("body"), body } } },
        { QStringLiteral("audience"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } },
    };
}

} // namespace

class TestCliHome : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    HttpResult put(const QString &cardId, const QJsonObject &body) const
    {
        return putAsSubsystem(QStringLiteral("/v1/subsystem/cards/") + cardId, body);
    }

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }

    void homeListsPublishedCards()
    {
        const HttpResult bens = put(QStringLiteral("leave.E1002"),
            cardBody(QStringLiteral("Annual leave"), QStringLiteral("12 days left"),
                QStringLiteral("E1002")));
        QCOMPARE(bens.status, 201);
        const QString id = bens.json().value(QStringLiteral("id")).toString();
        QCOMPARE(put(QStringLiteral("leave.E1001"),
                     cardBody(QStringLiteral("Asha's leave"), QStringLiteral("3 days left"),
                         QStringLiteral("E1001")))
                     .status,
            201);

        const RunResult json = cli({ QStringLiteral("home") });
        QVERIFY2(json.exitCode == 0, json.output.constData());
        const QList<QJsonObject> listed = cards(json.output);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(listed.first().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(listed.first()
                     .value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("demo-hr"));
        QCOMPARE(listed.first().value(QStringLiteral("card")).toObject(),
            cardBody(QStringLiteral("Annual leave"), QStringLiteral("12 days left"),
                QStringLiteral("E1002"))
                .value(QStringLiteral("card"))
                .toObject());

        const RunResult text = cli({ QStringLiteral("home") }, {}, false);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.output.contains("Annual leave"), text.output.constData());
        QVERIFY2(text.output.contains("12 days left"), text.output.constData());
        QVERIFY(!text.output.contains("Asha"));

        // Deleted: gone at the next run (the delta's removed ids).
        QCOMPARE(
            httpRequest("DELETE", m_server->url(QStringLiteral("/v1/subsystem/cards/leave.E1002")),
                {}, bearer(m_apiKey))
                .status,
            204);
        const RunResult after = cli({ QStringLiteral("home") });
        QCOMPARE(after.exitCode, 0);
        QVERIFY(cards(after.output).isEmpty());
        const RunResult empty = cli({ QStringLiteral("home") }, {}, false);
        QVERIFY2(empty.output.contains("Home has no cards."), empty.output.constData());

        // The server away: the cache is listed, with the error, exit 1.
        QCOMPARE(put(QStringLiteral("wifi.E1002"),
                     cardBody(QStringLiteral("Site Wi-Fi"), QStringLiteral("Ask the desk"),
                         QStringLiteral("E1002")))
                     .status,
            201);
        QCOMPARE(cli({ QStringLiteral("home") }).exitCode, 0);
        QVERIFY(m_server->stop().has_value());
        const RunResult offline = cli({ QStringLiteral("home") });
        QCOMPARE(offline.exitCode, 1);
        // The error first, then the cache.
        QCOMPARE(jsonLines(offline.output)
                     .value(0)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("network_error"));
        const QList<QJsonObject> cached = cards(offline.output);
        QCOMPARE(cached.size(), 1);
        QCOMPARE(cached.first().value(QStringLiteral("card")).toObject(),
            cardBody(QStringLiteral("Site Wi-Fi"), QStringLiteral("Ask the desk"),
                QStringLiteral("E1002"))
                .value(QStringLiteral("card"))
                .toObject());
    }
};

QTEST_GUILESS_MAIN(TestCliHome)
#include "tst_cli_home.moc"
