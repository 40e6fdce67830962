// The routes of the objects a sub-system owns under its own id (Home cards, news posts, events,
// surveys), which share OwnObjectRoutes (server/src/http/ownobjectroutes.h): each feature's real
// routes and service on a temporary SQLite database, called through the route table's handlers.
// The answers are pinned to the byte, as the features gave them before they shared the code: the
// routes and their body limits, 400 for an id that is not one and for a body that is not JSON,
// 422 with the JSON path, 404 for a DELETE of an id that is not one or not the key's.
#include "featureroutesfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using tessera::test::FeatureRoutesFixture;
using Method = RouteTable::Method;

class TestOwnObjectRoutes : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FeatureRoutesFixture m_api;

    const RouteTable::Route *route(Method method, const QString &path) const
    {
        return m_api.route(method, path);
    }

    // The route's answer to id and body from caller.
    HttpResponse call(Method method, const QString &path, const QString &id,
        const Principal &caller, const QByteArray &body = {}) const
    {
        return m_api.call(method, path, caller, id, {}, body);
    }

    static Principal subsystemKey() { return FeatureRoutesFixture::subsystemKey(); }
    static Principal publisher()
    {
        return FeatureRoutesFixture::person(QStringLiteral("pat"), { QStringLiteral("publisher") });
    }

    static void addRows()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("person"); // a publisher's own posts, not a key's
        QTest::addColumn<QString>("idName");
        QTest::addColumn<QString>("noneMessage");
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
        QVERIFY2(m_api.open(m_dir, &error), qPrintable(error));
    }

    void putAndDeleteAreRoutedAlike_data() { addRows(); }

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

    void anIdThatIsNotOneIsRefused_data() { addRows(); }

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

    void aBodyThatIsNotAnObjectIsRefused_data() { addRows(); }

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

    void aRequestThatIsNotValidNamesItsPath_data() { addRows(); }

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
