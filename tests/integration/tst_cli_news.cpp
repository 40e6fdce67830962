// tessera-cli news end to end, against the real server over TLS, with the tokens in the real
// Secret Service and the data in a --data folder: posts a sub-system published (only Ben's
// audiences) pinned first, in JSON and as text; `news read ID` marks one read on the server (the
// post's stats count it, the next `news` lists it read) and prints it; an unknown id exits 1.
// Written without the server's code: the lead adds it to tests/integration/CMakeLists.txt as
// tst_cli_home is (TESSERA_CLI_BINARY, add_dependencies on tessera-cli).
#include "cliinboxfixture.h"

using namespace tessera::test;

namespace {

QJsonObject postBody(
    const QString &title, const QString &user, bool pinned, const QString &publishAt)
{
    return QJsonObject {
        { QStringLiteral("title"), title },
        { QStringLiteral("summary"), QString(QStringLiteral("About ") + title) },
        { QStringLiteral("body"), QStringLiteral("- **first** point\n- second point") },
        { QStringLiteral("category"), QStringLiteral("Company") },
        { QStringLiteral("audience"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } },
        { QStringLiteral("pinned"), pinned },
        { QStringLiteral("publishAt"), publishAt },
    };
}

} // namespace

class TestCliNews : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    HttpResult put(const QString &postId, const QJsonObject &body) const
    {
        return putAsSubsystem(QStringLiteral("/v1/subsystem/news/") + postId, body);
    }

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }
    void cleanupTestCase() { signOutBen(); }

    void newsListsAndReads()
    {
        const HttpResult older = put(QStringLiteral("older"),
            postBody(QStringLiteral("Older news"), QStringLiteral("E1002"), false,
                QStringLiteral("2026-01-02T09:00:00Z")));
        QCOMPARE(older.status, 201);
        const HttpResult pinned = put(QStringLiteral("pinned"),
            postBody(QStringLiteral("Pinned news"), QStringLiteral("E1002"), true,
                QStringLiteral("2026-01-01T09:00:00Z")));
        QCOMPARE(pinned.status, 201);
        QCOMPARE(put(QStringLiteral("ashas"),
                     postBody(QStringLiteral("Asha's news"), QStringLiteral("E1001"), false,
                         QStringLiteral("2026-01-03T09:00:00Z")))
                     .status,
            201);
        const QString olderId = older.json().value(QStringLiteral("id")).toString();
        const QString pinnedId = pinned.json().value(QStringLiteral("id")).toString();

        const RunResult json = cli({ QStringLiteral("news") });
        QVERIFY2(json.exitCode == 0, json.output.constData());
        const QList<QJsonObject> listed = posts(json.output);
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).value(QStringLiteral("id")).toString(), pinnedId);
        QCOMPARE(listed.at(1).value(QStringLiteral("id")).toString(), olderId);
        QCOMPARE(listed.at(0).value(QStringLiteral("pinned")).toBool(), true);
        QCOMPARE(listed.at(1).value(QStringLiteral("read")).toBool(), false);
        QCOMPARE(listed.at(1).value(QStringLiteral("summary")).toString(),
            QStringLiteral("About Older news"));

        const RunResult text = cli({ QStringLiteral("news") }, {}, false);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.output.contains("Pinned news [pinned, unread]"), text.output.constData());
        QVERIFY(!text.output.contains("Asha"));

        // Read: printed, marked on the server (its stats count one reader), listed read after.
        const RunResult read =
            cli({ QStringLiteral("news"), QStringLiteral("read"), olderId }, {}, false);
        QVERIFY2(read.exitCode == 0, read.output.constData());
        QVERIFY2(read.output.contains("Older news"), read.output.constData());
        QVERIFY2(read.output.contains("• first point"), read.output.constData());
        const HttpResult stats = httpRequest("GET",
            m_server->url(QStringLiteral("/v1/subsystem/news/older/stats")), {}, bearer(m_apiKey));
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.json().value(QStringLiteral("read")).toInt(), 1);
        const QList<QJsonObject> after = posts(cli({ QStringLiteral("news") }).output);
        QCOMPARE(after.size(), 2);
        QCOMPARE(after.at(1).value(QStringLiteral("read")).toBool(), true);

        // An id Ben's news has not got.
        const RunResult unknown =
            cli({ QStringLiteral("news"), QStringLiteral("read"), QStringLiteral("news_nope") });
        QCOMPARE(unknown.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliNews)
#include "tst_cli_news.moc"
