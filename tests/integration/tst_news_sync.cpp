// News on the client against the real server over TLS (the news wire contract):
// a sub-system's key with news:write publishes posts, a signed-in client stack with the News
// feature syncs them into its SQLCipher cache and model (pinned first, then newest first); a post
// for another audience never arrives; opening a post marks it read here at once and the read
// outbox takes it to POST /v1/news/read (the stats count it; a second device gets it back as
// read); a DELETE removes the post at the next sync; a live "news" hint brings a new post.
// Written without the server's code: the lead adds it to tests/integration/CMakeLists.txt
// (tessera_add_test(tst_news_sync LABEL integration SOURCES tst_news_sync.cpp
// LIBS tessera_testharness tessera_core tessera_core_services ...), as tst_home_sync is).
#include "inbox/inboxsync.h"
#include "inboxserverfixture.h"
#include "news/newsmodel.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"
#include "services/clientschema.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// One installation of the app with News (and the inbox it needs: its live stream).
struct NewsDevice : Installation
{
    NewsStore *store = nullptr;
    NewsSync *sync = nullptr;
    NewsReadOutbox *outbox = nullptr;
    NewsModel *model = nullptr;

    NewsDevice(const QUrl &server, const QString &caFile, SecretStore &secrets,
        const DeviceInfo &info, const QString &databasePath,
        const QString &deviceId = QStringLiteral("ben-phone"))
        : Installation(server, caFile, secrets, info, sessionOptions(databasePath, deviceId),
            ClientStack::Feature::News)
    {
        store = stack->part<NewsStore>();
        sync = stack->part<NewsSync>();
        outbox = stack->part<NewsReadOutbox>();
        model = stack->part<NewsModel>();
    }

    // A device id of its own: the server ends a device's earlier session at its next sign-in.
    static Session::Options sessionOptions(const QString &databasePath, const QString &deviceId)
    {
        Session::Options options { databasePath, deviceId, {} };
        options.schema = clientSchema();
        return options;
    }

    QStringList ids() const
    {
        QStringList ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.append(model->data(model->index(row), NewsModel::PostIdRole).toString());
        return ids;
    }
};

QJsonObject audience(const QString &field, const QStringList &values)
{
    return QJsonObject { { field, QJsonArray::fromStringList(values) } };
}

} // namespace

class TestNewsSync : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    // PUT /v1/subsystem/news/{postId} with the demo key (news:write); the server's id.
    static QString publish(const ServerProcess &server, const QString &postId, const QString &title,
        const QJsonObject &to, bool pinned = false, const QString &publishAt = {})
    {
        QJsonObject body { { QStringLiteral("title"), title },
            { QStringLiteral("summary"), QString(QStringLiteral("About ") + title) },
            { QStringLiteral("body"), QStringLiteral("**Read** it _all_.") },
            { QStringLiteral("category"), QStringLiteral("Company") },
            { QStringLiteral("audience"), to }, { QStringLiteral("pinned"), pinned } };
        if (!publishAt.isEmpty())
            body.insert(QStringLiteral("publishAt"), publishAt);
        const HttpResult put =
            httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/news/") + postId),
                compactJson(body), bearer(apiKey(server)));
        if (put.status != 201 && put.status != 200)
            qWarning("news put answered %d: %s", put.status, put.body.constData());
        return put.json().value(QStringLiteral("id")).toString();
    }

    static QString at(const QDateTime &time) { return time.toUTC().toString(Qt::ISODate); }

    static HttpResult call(const ServerProcess &server, const char *method, const QString &path)
    {
        return httpRequest(method, server.url(path), {}, bearer(apiKey(server)));
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void postsArriveAreReadAndGo()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        // Publication times a second apart at least: the wire has second precision, and two
        // posts of the same second are ordered by id (random), so "newer" is an hour old and the
        // live post below, published now, is always the newest.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString older = publish(server, QStringLiteral("older"), QStringLiteral("Older"),
            audience(QStringLiteral("users"), { QStringLiteral("E1002") }), false,
            at(now.addDays(-30)));
        const QString pinned = publish(server, QStringLiteral("pinned"), QStringLiteral("Pinned"),
            QJsonObject { { QStringLiteral("everyone"), true } }, true, at(now.addDays(-60)));
        const QString newer = publish(server, QStringLiteral("newer"), QStringLiteral("Newer"),
            audience(QStringLiteral("departments"), { QStringLiteral("Operations") }), false,
            at(now.addSecs(-3600)));
        const QString ashas = publish(server, QStringLiteral("ashas"), QStringLiteral("Asha only"),
            audience(QStringLiteral("users"), { QStringLiteral("E1001") }));
        QVERIFY(!older.isEmpty() && !pinned.isEmpty() && !newer.isEmpty() && !ashas.isEmpty());

        MemorySecretStore secrets;
        NewsDevice ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath());
        QSignalSpy synced(ben.sync, &NewsSync::synced);
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));

        // Pinned first, then newest first; never the other audience's post.
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { pinned, newer, older }), kTimeout);
        QVERIFY(!synced.isEmpty());
        QVERIFY(!ben.store->post(ashas));
        QCOMPARE(ben.model->unreadCount(), 3);
        const NewsPost first = *ben.store->post(newer);
        QCOMPARE(first.title, QStringLiteral("Newer"));
        QCOMPARE(first.summary, QStringLiteral("About Newer"));
        QCOMPARE(first.category, QStringLiteral("Company"));
        QCOMPARE(first.version, 1);
        QVERIFY(!first.read);
        QVERIFY(!first.source.isEmpty());

        // Opening a post: read here at once, then on the server (its stats count one reader).
        QSignalSpy sent(ben.outbox, &NewsReadOutbox::batchSent);
        QVERIFY(ben.model->markRead(newer));
        QCOMPARE(ben.model->unreadCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!sent.isEmpty(), kTimeout);
        QCOMPARE(sent.constFirst().at(0).toStringList(), QStringList { newer });
        QCOMPARE(ben.store->pendingReadCount(), 0);
        const HttpResult stats =
            call(server, "GET", QStringLiteral("/v1/subsystem/news/newer/stats"));
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.json().value(QStringLiteral("read")).toInt(), 1);
        QVERIFY(stats.json().value(QStringLiteral("audience")).toInt() >= 1);

        // A second device of Ben's gets it as read from the server.
        MemorySecretStore otherSecrets;
        NewsDevice tablet(server.url(), m_ca.caFile(), otherSecrets, m_deviceInfo,
            newDatabasePath(), QStringLiteral("ben-tablet"));
        tablet.stack->start();
        QVERIFY(signIn(tablet, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(tablet.ids(), (QStringList { pinned, newer, older }), kTimeout);
        QVERIFY(tablet.store->post(newer)->read);
        QVERIFY(!tablet.store->post(older)->read);

        // A live hint brings a new post without asking.
        QTRY_VERIFY_WITH_TIMEOUT(ben.stack->part<InboxSync>()->isLive(), kTimeout);
        const QString live = publish(server, QStringLiteral("live"), QStringLiteral("Live"),
            QJsonObject { { QStringLiteral("everyone"), true } });
        QTRY_COMPARE_WITH_TIMEOUT(
            ben.ids(), (QStringList { pinned, live, newer, older }), kTimeout);

        // DELETE: withdrawn from the feed at the next sync.
        QCOMPARE(call(server, "DELETE", QStringLiteral("/v1/subsystem/news/older")).status, 204);
        ben.sync->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { pinned, live, newer }), kTimeout);
        QVERIFY(!ben.store->post(older));
    }
};

QTEST_GUILESS_MAIN(TestNewsSync)
#include "tst_news_sync.moc"
