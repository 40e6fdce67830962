// Home on the client against the real server over TLS: a sub-system's key with cards:write
// publishes cards, a signed-in client stack with the Home feature syncs them into its SQLCipher
// cache and model; a PUT again updates in place, a DELETE removes the card at the next sync, a card
// for another audience never arrives, a live hint on the inbox's stream brings a new card without
// asking, and the cache survives a restart of the app while the server is away.
#include "home/homemodel.h"
#include "home/homestore.h"
#include "home/homesync.h"
#include "inboxserverfixture.h"
#include "services/clientschema.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// One installation of the app with Home (and the inbox it needs: its live stream).
struct HomeDevice : Installation
{
    HomeStore *store = nullptr;
    HomeSync *sync = nullptr;
    HomeModel *model = nullptr;

    HomeDevice(const QUrl &server, const QString &caFile, SecretStore &secrets,
        const DeviceInfo &info, const QString &databasePath)
        : Installation(
            server, caFile, secrets, info, sessionOptions(databasePath), ClientStack::Feature::Home)
    {
        store = stack->part<HomeStore>();
        sync = stack->part<HomeSync>();
        model = stack->part<HomeModel>();
    }

    static Session::Options sessionOptions(const QString &databasePath)
    {
        Session::Options options { databasePath, QStringLiteral("ben-phone"), {} };
        options.schema = clientSchema();
        return options;
    }

    QStringList ids() const
    {
        QStringList ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.append(model->data(model->index(row), HomeModel::CardIdRole).toString());
        return ids;
    }
    QString title(const QString &id) const
    {
        const int row = model->rowOf(id);
        return row < 0 ? QString()
                       : model->data(model->index(row), HomeModel::TitleRole).toString();
    }
};

QJsonObject textCard(const QString &title, const QString &summary = QStringLiteral("Details"))
{
    const QJsonArray body {
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), title } },
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), summary } },
    };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") }, { QStringLiteral("body"), body } };
}

QJsonObject audience(const QString &field, const QStringList &values)
{
    return QJsonObject { { field, QJsonArray::fromStringList(values) } };
}

} // namespace

class TestHomeSync : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    // PUT /v1/subsystem/cards/{cardId} with the demo key (cards:write); the server's id.
    static QString publish(const ServerProcess &server, const QString &cardId,
        const QJsonObject &card, const QJsonObject &to, int order = 0)
    {
        const QJsonObject body { { QStringLiteral("card"), card },
            { QStringLiteral("audience"), to }, { QStringLiteral("order"), order } };
        const HttpResult put =
            httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/cards/") + cardId),
                compactJson(body), bearer(apiKey(server)));
        if (put.status != 201 && put.status != 200)
            qWarning("card put answered %d: %s", put.status, put.body.constData());
        return put.json().value(QStringLiteral("id")).toString();
    }

    static int unpublish(const ServerProcess &server, const QString &cardId)
    {
        return httpRequest("DELETE", server.url(QStringLiteral("/v1/subsystem/cards/") + cardId),
            {}, bearer(apiKey(server)))
            .status;
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void cardsArriveUpdateAndGo()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString balance = publish(server, QStringLiteral("leave-balance.E1002"),
            textCard(QStringLiteral("Annual leave"), QStringLiteral("12 days left")),
            audience(QStringLiteral("users"), { QStringLiteral("E1002") }), 5);
        const QString news =
            publish(server, QStringLiteral("news.1"), textCard(QStringLiteral("Office news")),
                audience(QStringLiteral("departments"), { QStringLiteral("Operations") }), -1);
        // Other audiences: Asha alone, the IT department. Never on Ben's device.
        const QString ashas = publish(server, QStringLiteral("leave-balance.E1001"),
            textCard(QStringLiteral("Asha's leave")),
            audience(QStringLiteral("users"), { QStringLiteral("E1001") }));
        const QString its =
            publish(server, QStringLiteral("it.only"), textCard(QStringLiteral("IT only")),
                audience(QStringLiteral("departments"), { QStringLiteral("IT") }));
        QVERIFY(!balance.isEmpty() && !news.isEmpty() && !ashas.isEmpty() && !its.isEmpty());

        MemorySecretStore secrets;
        HomeDevice ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath());
        QVERIFY(ben.store && ben.sync && ben.model);
        QVERIFY(ben.stack->has(ClientStack::Feature::Inbox)); // the stream's owner
        QSignalSpy synced(ben.sync, &HomeSync::synced);
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));

        // The first sync: Ben's two cards in the server's order (order, then id).
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { news, balance }), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QVERIFY(!ben.store->cursor().isEmpty());
        QCOMPARE(ben.title(balance), QStringLiteral("Annual leave"));
        const QModelIndex row = ben.model->index(ben.model->rowOf(balance));
        QCOMPARE(ben.model->data(row, HomeModel::SummaryRole).toString(),
            QStringLiteral("12 days left"));
        QCOMPARE(ben.model->data(row, HomeModel::SourceRole).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(ben.model->data(row, HomeModel::OrderRole).toInt(), 5);
        QVERIFY(!ben.model->isOffline());
        QCOMPARE(ben.model->error(), QString());

        // A live hint through the inbox's stream brings a new card without asking.
        QTRY_VERIFY_WITH_TIMEOUT(ben.stack->part<InboxSync>()->isLive(), kTimeout);
        const int syncsBefore = int(synced.size());
        const QString wifi =
            publish(server, QStringLiteral("wifi"), textCard(QStringLiteral("Site Wi-Fi")),
                QJsonObject { { QStringLiteral("everyone"), true } }, 0);
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { news, wifi, balance }), kTimeout);
        QVERIFY(synced.size() > syncsBefore);

        // PUT again: updated in place (the same id, the new text and place).
        const QString again = publish(server, QStringLiteral("leave-balance.E1002"),
            textCard(QStringLiteral("Annual leave"), QStringLiteral("9 days left")),
            audience(QStringLiteral("users"), { QStringLiteral("E1002") }), -5);
        QCOMPARE(again, balance);
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { balance, news, wifi }), kTimeout);
        QCOMPARE(ben.model->data(ben.model->index(0), HomeModel::SummaryRole).toString(),
            QStringLiteral("9 days left"));
        QCOMPARE(ben.store->card(balance)->version, 2);

        // DELETE: gone at the next sync.
        QCOMPARE(unpublish(server, QStringLiteral("news.1")), 204);
        ben.sync->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), (QStringList { balance, wifi }), kTimeout);
        QVERIFY(!ben.store->card(news));

        // Never the other audiences' cards, neither in the model nor in the cache.
        QVERIFY(!ben.store->card(ashas));
        QVERIFY(!ben.store->card(its));
        QCOMPARE(ben.store->cards().size(), 2);
    }

    void cacheSurvivesARestartOffline()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString id =
            publish(server, QStringLiteral("kept"), textCard(QStringLiteral("Kept offline")),
                audience(QStringLiteral("users"), { QStringLiteral("E1002") }));
        QVERIFY(!id.isEmpty());
        const QString databasePath = newDatabasePath();
        MemorySecretStore secrets; // stands in for the keyring, which outlives the app
        const QUrl url = server.url();
        {
            HomeDevice ben(url, m_ca.caFile(), secrets, m_deviceInfo, databasePath);
            ben.stack->start();
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), QStringList { id }, kTimeout);
        } // the app quits
        QVERIFY(server.stop().has_value());

        // The app starts again with the server away: the cache is shown, the sync says offline.
        HomeDevice again(url, m_ca.caFile(), secrets, m_deviceInfo, databasePath);
        QSignalSpy failed(again.sync, &HomeSync::syncFailed);
        again.stack->start();
        QVERIFY(again.run([&] { again.session->restore(); }));
        QCOMPARE(again.session->state(), Session::State::SignedIn);
        QTRY_COMPARE_WITH_TIMEOUT(again.ids(), QStringList { id }, kTimeout);
        QCOMPARE(again.title(id), QStringLiteral("Kept offline"));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(again.model->isOffline(), kTimeout);
        QCOMPARE(again.ids(), QStringList { id }); // still there after the failed sync
    }
};

QTEST_GUILESS_MAIN(TestHomeSync)
#include "tst_home_sync.moc"
