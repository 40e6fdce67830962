// The routes of the objects a sub-system owns under its own id (Home cards, news posts, events,
// surveys), which share OwnObjectRoutes (server/src/http/ownobjectroutes.h): each feature's real
// routes and service on a temporary SQLite database, called through the route table's handlers.
// The answers are pinned to the byte, as the features gave them before they shared the code: the
// routes and their body limits, 400 for an id that is not one and for a body that is not JSON,
// 422 with the JSON path, 404 for a DELETE of an id that is not one or not the key's.
#include "base/clock.h"
#include "cards/cardroutes.h"
#include "cards/cardservice.h"
#include "cards/formcheck.h"
#include "domainsql.h"
#include "events/eventsroutes.h"
#include "events/eventsservice.h"
#include "feed/changefeed.h"
#include "http/routetable.h"
#include "news/newsroutes.h"
#include "news/newsservice.h"
#include "notifications/notificationservice.h"
#include "storage/storage.h"
#include "surveys/surveyroutes.h"
#include "surveys/surveyservice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera::server;
using Method = RouteTable::Method;

namespace {

Principal subsystemKey()
{
    Principal key;
    key.apiKeyId = QStringLiteral("key-that-owns-nothing");
    key.subsystem = QStringLiteral("hr");
    return key;
}

Principal publisher()
{
    Principal person;
    person.userId = QStringLiteral("pat");
    person.roles = { QStringLiteral("publisher") };
    return person;
}

} // namespace

class TestOwnObjectRoutes : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Storage> m_storage;
    Clock m_clock;
    std::unique_ptr<ChangeFeed> m_feed;
    std::unique_ptr<FormCheck> m_formCheck;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<CardService> m_cards;
    std::unique_ptr<NewsService> m_news;
    std::unique_ptr<EventsService> m_events;
    std::unique_ptr<SurveyService> m_surveys;
    std::unique_ptr<CardRoutes> m_cardRoutes;
    std::unique_ptr<NewsRoutes> m_newsRoutes;
    std::unique_ptr<EventsRoutes> m_eventsRoutes;
    std::unique_ptr<SurveyRoutes> m_surveyRoutes;
    std::unique_ptr<RouteTable> m_table;

    const RouteTable::Route *route(Method method, const QString &path) const
    {
        for (const RouteTable::Route &route : m_table->routes()) {
            if (route.method == method && route.path == path)
                return &route;
        }
        return nullptr;
    }

    // The route's answer to id and body from caller (the route table's checks passed).
    HttpResponse call(Method method, const QString &path, const QString &id,
        const Principal &caller, const QByteArray &body = {}) const
    {
        const RouteTable::Route *found = route(method, path);
        if (!found)
            return {};
        HttpRequest request;
        request.method = method;
        request.route = path;
        request.params = { id };
        request.body = body;
        request.principal = caller;
        return found->handler(request);
    }

    static void addColumns()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("person"); // a publisher's own posts, not a key's
        QTest::addColumn<QString>("idName");
        QTest::addColumn<QString>("noneMessage");
    }

    static void addRows()
    {
        QTest::newRow("cards") << QStringLiteral("/v1/subsystem/cards/{cardId}") << false
                               << QStringLiteral("A card id")
                               << QStringLiteral("This API key has no card with that id.");
        QTest::newRow("news") << QStringLiteral("/v1/subsystem/news/{postId}") << false
                              << QStringLiteral("A post id")
                              << QStringLiteral("This API key has no post with that id.");
        QTest::newRow("own news") << QStringLiteral("/v1/news/posts/{postId}") << true
                                  << QStringLiteral("A post id")
                                  << QStringLiteral("You have no post with that id.");
        QTest::newRow("events") << QStringLiteral("/v1/subsystem/events/{eventId}") << false
                                << QStringLiteral("An event id")
                                << QStringLiteral("This API key has no event with that id.");
        QTest::newRow("surveys") << QStringLiteral("/v1/subsystem/surveys/{surveyId}") << false
                                 << QStringLiteral("A survey id")
                                 << QStringLiteral("This API key has no survey with that id.");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_storage = tessera::test::openDomainStorage(m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
        const QStringList ownHosts { QStringLiteral("tessera.example") };
        m_formCheck = std::make_unique<FormCheck>(ownHosts);
        m_notifications = std::make_unique<NotificationService>(*m_feed, m_clock);
        m_cards = std::make_unique<CardService>(*m_feed, m_clock, ownHosts);
        m_news = std::make_unique<NewsService>(*m_feed, m_clock, *m_formCheck);
        m_events =
            std::make_unique<EventsService>(*m_feed, m_clock, *m_formCheck, *m_notifications);
        m_surveys = std::make_unique<SurveyService>(*m_feed, m_clock, *m_formCheck);
        m_cardRoutes = std::make_unique<CardRoutes>(*m_cards);
        m_newsRoutes = std::make_unique<NewsRoutes>(*m_news);
        m_eventsRoutes = std::make_unique<EventsRoutes>(*m_events);
        m_surveyRoutes = std::make_unique<SurveyRoutes>(*m_surveys);
        m_table = std::make_unique<RouteTable>();
        m_cardRoutes->addRoutes(*m_table);
        m_newsRoutes->addRoutes(*m_table);
        m_eventsRoutes->addRoutes(*m_table);
        m_surveyRoutes->addRoutes(*m_table);
    }

    void cleanupTestCase()
    {
        m_table.reset();
        m_surveyRoutes.reset();
        m_eventsRoutes.reset();
        m_newsRoutes.reset();
        m_cardRoutes.reset();
        m_surveys.reset();
        m_events.reset();
        m_news.reset();
        m_cards.reset();
        m_notifications.reset();
        m_formCheck.reset();
        m_feed.reset();
        m_storage.reset();
    }

    void putAndDeleteAreRoutedAlike_data()
    {
        addColumns();
        addRows();
    }

    void putAndDeleteAreRoutedAlike()
    {
        QFETCH(QString, path);
        QFETCH(bool, person);
        const RouteTable::Route *put = route(Method::Put, path);
        const RouteTable::Route *remove = route(Method::Delete, path);
        QVERIFY(put);
        QVERIFY(remove);
        QCOMPARE(put->maxBodyBytes, qint64(64) * 1024);
        QCOMPARE(remove->maxBodyBytes, RouteTable::jsonBodyBytes);
        QCOMPARE(put->access, person ? Access::Publisher : Access::Subsystem);
        QCOMPARE(remove->access, put->access);
        QCOMPARE(put->scope.has_value(), !person);
        QVERIFY(remove->scope == put->scope);
    }

    void anIdThatIsNotOneIsRefused_data()
    {
        addColumns();
        addRows();
    }

    void anIdThatIsNotOneIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(bool, person);
        QFETCH(QString, idName);
        QFETCH(QString, noneMessage);
        const Principal caller = person ? publisher() : subsystemKey();
        const QByteArray badId =
            QByteArrayLiteral("{\"error\":{\"code\":\"invalid_request\",\"message\":\"%1 is 1 to "
                              "64 letters, digits, dots, hyphens or underscores.\"}}");
        const QByteArray none =
            QByteArrayLiteral("{\"error\":{\"code\":\"not_found\",\"message\":\"%1\"}}");
        const QByteArray anyBody = QByteArrayLiteral("{}");
        for (const QString &id : { QStringLiteral("has space"), QStringLiteral("a/b"), QString(),
                 QString(65, QLatin1Char('x')) }) {
            HttpResponse response = call(Method::Put, path, id, caller, anyBody);
            QCOMPARE(response.status, 400);
            QCOMPARE(QString::fromUtf8(response.body), QString::fromUtf8(badId).arg(idName));
            QCOMPARE(response.contentType, QByteArrayLiteral("application/json"));
            response = call(Method::Delete, path, id, caller);
            QCOMPARE(response.status, 404);
            QCOMPARE(QString::fromUtf8(response.body), QString::fromUtf8(none).arg(noneMessage));
        }
        // 64 characters of every kind allowed: an id (the service finds no such object).
        const QString longest = QStringLiteral("Az09._-").repeated(9) + QStringLiteral("a");
        QCOMPARE(longest.size(), 64);
        const HttpResponse response = call(Method::Delete, path, longest, caller);
        QCOMPARE(response.status, 404);
        QCOMPARE(QString::fromUtf8(response.body), QString::fromUtf8(none).arg(noneMessage));
    }

    void aBodyThatIsNotAnObjectIsRefused_data()
    {
        addColumns();
        addRows();
    }

    void aBodyThatIsNotAnObjectIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(bool, person);
        const Principal caller = person ? publisher() : subsystemKey();
        for (const QByteArray &body :
            { QByteArrayLiteral("[1]"), QByteArrayLiteral("{"), QByteArray() }) {
            const HttpResponse response =
                call(Method::Put, path, QStringLiteral("id-1"), caller, body);
            QCOMPARE(response.status, 400);
            QVERIFY2(
                response.body.startsWith("{\"error\":{\"code\":\"invalid_request\",\"message\":\""),
                response.body.constData());
        }
    }

    void aRequestThatIsNotValidNamesItsPath_data()
    {
        addColumns();
        addRows();
    }

    void aRequestThatIsNotValidNamesItsPath()
    {
        QFETCH(QString, path);
        QFETCH(bool, person);
        const Principal caller = person ? publisher() : subsystemKey();
        // A field no object has.
        const HttpResponse response = call(Method::Put, path, QStringLiteral("id-1"), caller,
            QByteArrayLiteral("{\"notAField\":1}"));
        QCOMPARE(response.status, 422);
        const QJsonObject body = QJsonDocument::fromJson(response.body).object();
        QCOMPARE(body.keys(), QStringList({ QStringLiteral("error"), QStringLiteral("path") }));
        QVERIFY2(body.value(QStringLiteral("path")).toString().startsWith(u'$'),
            response.body.constData());
        QVERIFY(!body.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .isEmpty());
    }

    void aKeysOtherReadsRefuseAnIdThatIsNotOne()
    {
        const QByteArray noEvent =
            QByteArrayLiteral("{\"error\":{\"code\":\"not_found\",\"message\":\"This API key has "
                              "no event with that id.\"}}");
        HttpResponse response =
            call(Method::Get, QStringLiteral("/v1/subsystem/events/{eventId}/attendees"),
                QStringLiteral("a b"), subsystemKey());
        QCOMPARE(response.status, 404);
        QCOMPARE(response.body, noEvent);
        response = call(Method::Get, QStringLiteral("/v1/subsystem/news/{postId}/stats"),
            QStringLiteral("a b"), subsystemKey());
        QCOMPARE(response.status, 404);
        QCOMPARE(response.body,
            QByteArrayLiteral("{\"error\":{\"code\":\"not_found\",\"message\":\"This API key has "
                              "no post with that id.\"}}"));
    }
};

QTEST_GUILESS_MAIN(TestOwnObjectRoutes)
#include "tst_own_object_routes.moc"
