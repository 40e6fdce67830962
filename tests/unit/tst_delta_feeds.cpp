// The delta reads of the five audience feeds (GET /v1/cards, /v1/news, /v1/events, /v1/surveys,
// /v1/services), which share DeltaRoute (server/src/feed/deltaroute.h): each feature's real route
// and service on a temporary SQLite database. The answers are pinned to the byte, as the features
// gave them before they shared the code: 400 for a "since" or "reset" that is not a cursor (the
// services' message names only "since"), an empty page under the feature's key, and the reset
// answer once the person's audiences changed after both cursors.
#include "featureroutesfixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera::server;
using tessera::test::FeatureRoutesFixture;

class TestDeltaFeeds : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir; // a new database for each test
    FeatureRoutesFixture m_api;

    HttpResponse read(const QString &path, const QString &userId, const QString &query) const
    {
        return m_api.call(
            RouteTable::Method::Get, path, FeatureRoutesFixture::person(userId), {}, query);
    }

    static void addRows()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("cursorsMessage");
        QTest::addColumn<QString>("emptyPage"); // compact JSON: keys in order
        const QString both = QStringLiteral("“since” or “reset” is not a cursor this server gave.");
        QTest::newRow("cards")
            << QStringLiteral("/v1/cards") << QStringLiteral("cards") << both
            << QStringLiteral("{\"cards\":[],\"cursor\":\"0\",\"more\":false,\"removed\":[]}");
        QTest::newRow("news")
            << QStringLiteral("/v1/news") << QStringLiteral("posts") << both
            << QStringLiteral("{\"cursor\":\"0\",\"more\":false,\"posts\":[],\"removed\":[]}");
        QTest::newRow("events")
            << QStringLiteral("/v1/events") << QStringLiteral("events") << both
            << QStringLiteral("{\"cursor\":\"0\",\"events\":[],\"more\":false,\"removed\":[]}");
        QTest::newRow("surveys")
            << QStringLiteral("/v1/surveys") << QStringLiteral("surveys") << both
            << QStringLiteral("{\"cursor\":\"0\",\"more\":false,\"removed\":[],\"surveys\":[]}");
        QTest::newRow("services")
            << QStringLiteral("/v1/services") << QStringLiteral("services")
            << QStringLiteral("“since” is not a cursor this server gave.")
            << QStringLiteral("{\"cursor\":\"0\",\"more\":false,\"removed\":[],\"services\":[]}");
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QString error;
        QVERIFY2(m_api.open(*m_dir, &error), qPrintable(error));
    }

    void cleanup()
    {
        m_api.close();
        m_dir.reset();
    }

    void cursorsThatAreNotOnesAreRefused_data() { addRows(); }

    void cursorsThatAreNotOnesAreRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, cursorsMessage);
        const QString expected =
            QStringLiteral("{\"error\":{\"code\":\"invalid_request\",\"message\":\"%1\"}}")
                .arg(cursorsMessage);
        for (const QString &query : { QStringLiteral("since=x"), QStringLiteral("since=-1"),
                 QStringLiteral("since=1&reset=x"), QStringLiteral("reset=-2") }) {
            const HttpResponse response = read(path, QStringLiteral("asha"), query);
            QCOMPARE(response.status, 400);
            QCOMPARE(QString::fromUtf8(response.body), expected);
        }
    }

    void anEmptyPageUnderTheFeaturesKey_data() { addRows(); }

    void anEmptyPageUnderTheFeaturesKey()
    {
        QFETCH(QString, path);
        QFETCH(QString, emptyPage);
        for (const QString &query : { QString(), QStringLiteral("since=0&reset=0") }) {
            const HttpResponse response = read(path, QStringLiteral("asha"), query);
            QCOMPARE(response.status, 200);
            QCOMPARE(response.contentType, QByteArrayLiteral("application/json"));
            QCOMPARE(QString::fromUtf8(response.body), emptyPage);
        }
    }

    void aResyncAfterBothCursorsResets_data() { addRows(); }

    void aResyncAfterBothCursorsResets()
    {
        QFETCH(QString, path);
        QFETCH(QString, key);
        QVERIFY(DeltaReset::record(m_api.feed(), { QStringLiteral("asha") }));
        QSqlDatabase db = m_api.feed().storage().connection();
        const qint64 resync = DeltaReset::latestFor(db, QStringLiteral("asha")).value_or(0);
        QVERIFY(resync > 0);
        HttpResponse response = read(path, QStringLiteral("asha"), QStringLiteral("since=0"));
        QCOMPARE(response.status, 200);
        QCOMPARE(QString::fromUtf8(response.body),
            QStringLiteral("{\"cursor\":\"%1\",\"reset\":true}").arg(resync));
        // The reset honoured (its later pages), and another person: the page.
        response =
            read(path, QStringLiteral("asha"), QStringLiteral("since=0&reset=%1").arg(resync));
        QVERIFY2(response.body.contains(QStringLiteral("\"%1\":[").arg(key).toUtf8()),
            response.body.constData());
        response = read(path, QStringLiteral("ravi"), QStringLiteral("since=0"));
        QVERIFY2(response.body.contains(QStringLiteral("\"%1\":[").arg(key).toUtf8()),
            response.body.constData());
    }
};

QTEST_GUILESS_MAIN(TestDeltaFeeds)
#include "tst_delta_feeds.moc"
