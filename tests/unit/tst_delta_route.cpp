// The delta read the five audience feeds share (server/src/feed/deltaroute.h) on a temporary SQLite
// database with the real change feed: the query's cursors checked before the page is read, a
// failed page, the page's JSON under the feature's key, and the reset answer in place of the page
// when the person's resync is after both cursors (recorded by DeltaReset, as the people sync does).
#include "featureroutesfixture.h"
#include "feed/deltaroute.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera::server;
using tessera::test::FeatureRoutesFixture;

namespace {

// A feature's own page type, as NewsPage or EventsPage are: its list has its own name.
struct ThingsPage
{
    bool ok = false;
    QJsonArray things;
    QStringList removed;
    qint64 cursor = 0;
    bool more = false;
};

HttpRequest deltaRead(const QString &userId, const QString &query)
{
    HttpRequest request;
    request.method = QHttpServerRequest::Method::Get;
    request.path = QStringLiteral("/v1/things");
    request.query = QUrlQuery(query);
    Principal person;
    person.userId = userId;
    request.principal = person;
    return request;
}

QJsonObject bodyOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

class TestDeltaRoute : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir; // a new database for each test
    FeatureRoutesFixture m_api;
    // What the reader was called with; -1: not called.
    QString m_readFor;
    qint64 m_readSince = -1;

    // A page of one shown object and one removed id, ending at since + 10.
    DeltaRoute::Reader reader(bool ok = true)
    {
        return [this, ok](const QString &userId, qint64 since) -> std::optional<DeltaRoute::Page> {
            m_readFor = userId;
            m_readSince = since;
            if (!ok)
                return std::nullopt;
            return DeltaRoute::Page { QJsonArray { QJsonObject { { QStringLiteral("id"),
                                          QStringLiteral("t-%1").arg(since) } } },
                { QStringLiteral("gone") }, since + 10, true };
        };
    }

    QSqlDatabase connection() { return m_api.feed().storage().connection(); }

    HttpResponse read(const HttpRequest &request)
    {
        return DeltaRoute::answer(request, connection(), QStringLiteral("things"), reader());
    }

    // The resync cursor of userId, as the people sync records it.
    qint64 resync(const QString &userId)
    {
        if (!DeltaReset::record(m_api.feed(), { userId }))
            return -1;
        QSqlDatabase db = connection();
        return DeltaReset::latestFor(db, userId).value_or(-1);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QString error;
        QVERIFY2(m_api.open(*m_dir, &error), qPrintable(error));
        m_readFor.clear();
        m_readSince = -1;
    }

    void cleanup()
    {
        m_api.close();
        m_dir.reset();
    }

    void pageUnderTheFeaturesKey()
    {
        const HttpResponse response =
            read(deltaRead(QStringLiteral("asha"), QStringLiteral("since=5")));
        QCOMPARE(response.status, 200);
        QCOMPARE(m_readFor, QStringLiteral("asha"));
        QCOMPARE(m_readSince, 5);
        const QJsonObject body = bodyOf(response);
        QCOMPARE(body.keys(),
            QStringList({ QStringLiteral("cursor"), QStringLiteral("more"),
                QStringLiteral("removed"), QStringLiteral("things") }));
        QCOMPARE(body.value(QStringLiteral("things"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            QStringLiteral("t-5"));
        QCOMPARE(
            body.value(QStringLiteral("removed")).toArray(), QJsonArray { QStringLiteral("gone") });
        // The cursor is text (a cursor may outgrow a JSON number's safe integers).
        QCOMPARE(body.value(QStringLiteral("cursor")).toString(), QStringLiteral("15"));
        QCOMPARE(body.value(QStringLiteral("more")).toBool(), true);
    }

    void noCursorIsTheStart()
    {
        QCOMPARE(read(deltaRead(QStringLiteral("asha"), QString())).status, 200);
        QCOMPARE(m_readSince, 0);
    }

    void cursorsThatAreNotOnesAreRefusedBeforeTheRead_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("since text") << QStringLiteral("since=abc");
        QTest::newRow("since negative") << QStringLiteral("since=-1");
        QTest::newRow("reset text") << QStringLiteral("since=3&reset=x");
        QTest::newRow("reset negative") << QStringLiteral("since=3&reset=-4");
    }

    void cursorsThatAreNotOnesAreRefusedBeforeTheRead()
    {
        QFETCH(QString, query);
        const HttpResponse response = read(deltaRead(QStringLiteral("asha"), query));
        QCOMPARE(response.status, 400);
        QCOMPARE(bodyOf(response)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("“since” or “reset” is not a cursor this server gave."));
        QCOMPARE(m_readSince, -1);
    }

    void aFailedPageIsAServerError()
    {
        const HttpResponse response = DeltaRoute::answer(deltaRead(QStringLiteral("asha"), {}),
            connection(), QStringLiteral("things"), reader(false));
        QCOMPARE(response.status, 500);
        QCOMPARE(m_readSince, 0);
    }

    void aResyncAfterBothCursorsReplacesThePage()
    {
        const qint64 latest = resync(QStringLiteral("asha"));
        QVERIFY(latest > 0);
        const HttpResponse response =
            read(deltaRead(QStringLiteral("asha"), QStringLiteral("since=%1").arg(latest - 1)));
        QCOMPARE(response.status, 200);
        // The page was read first (no page passes a resync unanswered), then replaced.
        QCOMPARE(m_readSince, latest - 1);
        const QJsonObject body = bodyOf(response);
        QCOMPARE(body.keys(), QStringList({ QStringLiteral("cursor"), QStringLiteral("reset") }));
        QCOMPARE(body.value(QStringLiteral("reset")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("cursor")).toString(), QString::number(latest));
    }

    void aResyncHonouredOrPassedLeavesThePage()
    {
        const qint64 latest = resync(QStringLiteral("asha"));
        QVERIFY(latest > 0);
        // The reset's later pages: since before the resync, reset = the resync.
        HttpResponse response =
            read(deltaRead(QStringLiteral("asha"), QStringLiteral("since=0&reset=%1").arg(latest)));
        QCOMPARE(response.status, 200);
        QVERIFY(bodyOf(response).contains(QStringLiteral("things")));
        // A cursor from after the resync.
        response = read(deltaRead(QStringLiteral("asha"), QStringLiteral("since=%1").arg(latest)));
        QVERIFY(bodyOf(response).contains(QStringLiteral("things")));
        // Another person's resync is not Ravi's.
        response = read(deltaRead(QStringLiteral("ravi"), QStringLiteral("since=0")));
        QVERIFY(bodyOf(response).contains(QStringLiteral("things")));
        // A newer resync resets again, even mid-resync.
        const qint64 newer = resync(QStringLiteral("asha"));
        QVERIFY(newer > latest);
        response =
            read(deltaRead(QStringLiteral("asha"), QStringLiteral("since=0&reset=%1").arg(latest)));
        QCOMPARE(
            bodyOf(response).value(QStringLiteral("cursor")).toString(), QString::number(newer));
        QCOMPARE(bodyOf(response).value(QStringLiteral("reset")).toBool(), true);
    }

    void aFeaturesOwnPageType()
    {
        const auto things = [this](const QString &userId, qint64 since) {
            m_readFor = userId;
            return ThingsPage { since < 100, QJsonArray { 1, 2 }, {}, since + 2, false };
        };
        HttpResponse response =
            DeltaRoute::answer(deltaRead(QStringLiteral("asha"), QStringLiteral("since=7")),
                connection(), QStringLiteral("things"), things, &ThingsPage::things);
        QCOMPARE(m_readFor, QStringLiteral("asha"));
        const QJsonObject body = bodyOf(response);
        QCOMPARE(body.value(QStringLiteral("things")).toArray(), (QJsonArray { 1, 2 }));
        QCOMPARE(body.value(QStringLiteral("removed")).toArray(), QJsonArray());
        QCOMPARE(body.value(QStringLiteral("cursor")).toString(), QStringLiteral("9"));
        QCOMPARE(body.value(QStringLiteral("more")).toBool(), false);
        // Its page's ok false: a server error.
        response =
            DeltaRoute::answer(deltaRead(QStringLiteral("asha"), QStringLiteral("since=100")),
                connection(), QStringLiteral("things"), things, &ThingsPage::things);
        QCOMPARE(response.status, 500);
    }

    void aReaderThatAnswersItself()
    {
        const HttpResponse ownBadCursor =
            http::badRequest(QStringLiteral("“since” is not a cursor."));
        int calls = 0;
        bool refuse = false;
        const auto answering = [&calls, &refuse](const QString &, qint64) {
            ++calls;
            return refuse ? http::error(404, QStringLiteral("not_found"), QStringLiteral("none"))
                          : DeltaRoute::json(QStringLiteral("services"), DeltaRoute::Page {});
        };
        QSqlDatabase db = connection();
        HttpResponse response =
            DeltaRoute::answer(deltaRead(QStringLiteral("asha"), QStringLiteral("reset=no")), db,
                answering, ownBadCursor);
        QCOMPARE(response.status, 400);
        QCOMPARE(response.body, ownBadCursor.body);
        QCOMPARE(calls, 0);
        // An answer other than 200 stands, even with a resync to answer.
        QVERIFY(resync(QStringLiteral("asha")) > 0);
        refuse = true;
        response = DeltaRoute::answer(
            deltaRead(QStringLiteral("asha"), QString()), db, answering, ownBadCursor);
        QCOMPARE(response.status, 404);
        refuse = false;
        response = DeltaRoute::answer(deltaRead(QStringLiteral("asha"), QStringLiteral("since=0")),
            db, answering, ownBadCursor);
        QCOMPARE(bodyOf(response).value(QStringLiteral("reset")).toBool(), true);
        response = DeltaRoute::answer(deltaRead(QStringLiteral("ravi"), QStringLiteral("since=0")),
            db, answering, ownBadCursor);
        QCOMPARE(bodyOf(response).value(QStringLiteral("services")).toArray(), QJsonArray());
        QCOMPARE(calls, 3);
    }
};

QTEST_GUILESS_MAIN(TestDeltaRoute)
#include "tst_delta_route.moc"
