// A directory change reaches the app's Home, against the real server over TLS (SQLite and
// PostgreSQL) with the real slapd as the directory and a real client stack (DeltaSync, HomeStore
// on SQLCipher): Asha (Pune) has Pune's Wi-Fi card; the directory moves her to Berlin and the
// people sync runs; no change is written for either card, yet the resync hint makes her app sync
// Home again from the start (a reset over two pages of cards), and it ends with Berlin's card and
// without Pune's.
#include "databasekinds.h"
#include "home/homemodel.h"
#include "home/homestore.h"
#include "home/homesync.h"
#include "inboxserverfixture.h"
#include "postgrescluster.h"
#include "services/clientschema.h"
#include "slapdprocess.h"

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
        Session::Options options { databasePath, QStringLiteral("asha-phone"), {} };
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
};

QJsonObject textCard(const QString &title)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), title } } } } };
}

QJsonObject geo(const QString &name)
{
    return QJsonObject { { QStringLiteral("geos"), QJsonArray { name } } };
}

} // namespace

class TestDeltaReset : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    SlapdProcess m_slapd;
    PostgresCluster m_postgres;
    int m_databases = 0;

    // PUT /v1/subsystem/cards/{cardId} with the demo key (again after its rate limit's wait); the
    // server's id.
    static QString publish(const ServerProcess &server, const QString &cardId,
        const QJsonObject &card, const QJsonObject &to)
    {
        const QJsonObject body { { QStringLiteral("card"), card },
            { QStringLiteral("audience"), to } };
        HttpResult put;
        for (int attempt = 0; attempt < 5; ++attempt) {
            put = httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/cards/") + cardId),
                compactJson(body), bearer(apiKey(server)));
            if (put.status != 429)
                break;
            QTest::qWait(1100);
        }
        if (put.status != 201 && put.status != 200)
            qWarning("card put answered %d: %s", put.status, put.body.constData());
        return put.json().value(QStringLiteral("id")).toString();
    }

    bool moveAsha(const QString &geoName)
    {
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        return asha
            && m_slapd.modify(QStringLiteral("dn: %1\nchangetype: modify\nreplace: l\nl: %2\n")
                                  .arg(asha->dn, geoName)
                                  .toUtf8());
    }

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void aDirectoryMoveResetsHome_data() { addDatabaseKinds(); }
    void aDirectoryMoveResetsHome()
    {
        QFETCH(QString, kind);
        QVERIFY(moveAsha(QStringLiteral("Pune")));
        ServerProcess::Options options = serverOptions();
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("reset_%1").arg(++m_databases));
        options.config.insert(QStringLiteral("directory"),
            QJsonObject {
                { QStringLiteral("url"), m_slapd.url() },
                { QStringLiteral("security"), QStringLiteral("plain") },
                { QStringLiteral("baseDn"), m_slapd.baseDn() },
                { QStringLiteral("bindDn"), m_slapd.serviceBindDn() },
                { QStringLiteral("bindPassword"), m_slapd.servicePassword() },
            });
        ServerProcess server;
        QVERIFY2(server.start(options), qPrintable(server.error()));
        // The people sync at start has ended (an admin's sync meanwhile would answer 409).
        QVERIFY(QTest::qWaitFor(
            [&server] {
                const QByteArray output = server.output();
                return output.contains("people sync by directory-sync done")
                    || output.contains("people sync failed");
            },
            20000));

        const QString pune = publish(server, QStringLiteral("wifi.pune"),
            textCard(QStringLiteral("Pune Wi-Fi")), geo(QStringLiteral("Pune")));
        const QString berlin = publish(server, QStringLiteral("wifi.berlin"),
            textCard(QStringLiteral("Berlin Wi-Fi")), geo(QStringLiteral("Berlin")));
        QVERIFY(!pune.isEmpty() && !berlin.isEmpty());
        // Enough cards for everyone that a sync from the start takes two pages (200 a page).
        QStringList forEveryone;
        for (int i = 0; i < 205; ++i) {
            forEveryone.append(publish(server, QStringLiteral("note.%1").arg(i),
                textCard(QStringLiteral("Note %1").arg(i)),
                QJsonObject { { QStringLiteral("everyone"), true } }));
            QVERIFY(!forEveryone.constLast().isEmpty());
        }

        MemorySecretStore secrets;
        HomeDevice asha(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath());
        QVERIFY(asha.store && asha.sync && asha.model);
        asha.stack->start();
        const auto person = m_slapd.person(QStringLiteral("asha.rao"));
        QVERIFY(person);
        QVERIFY(asha.run([&] {
            asha.session->signIn(QStringLiteral("ad"), person->username, person->password);
        }));
        QCOMPARE(asha.session->state(), Session::State::SignedIn);
        QTRY_VERIFY_WITH_TIMEOUT(asha.ids().contains(pune) && asha.ids().size() == 206, kTimeout);
        QVERIFY(!asha.ids().contains(berlin));
        QVERIFY(asha.store->honouredReset().isEmpty());

        // The directory moves Asha to Berlin; an admin runs the people sync.
        QVERIFY(moveAsha(QStringLiteral("Berlin")));
        const QJsonObject admin = demoAccountWithRole(server, QStringLiteral("admin"));
        const QString adminToken =
            signInDemo(server, admin.value(QStringLiteral("displayName")).toString(),
                testDevice(QStringLiteral("admin-device")))
                .value(QStringLiteral("accessToken"))
                .toString();
        QVERIFY(!adminToken.isEmpty());
        QSignalSpy synced(asha.sync, &HomeSync::synced);
        const HttpResult sync = httpRequest(
            "POST", server.url(QStringLiteral("/v1/admin/people/sync")), {}, bearer(adminToken));
        QCOMPARE(sync.status, 200);

        // No change row for either card: the resync's hint, the reset and the sweep do it.
        QTRY_VERIFY_WITH_TIMEOUT(
            asha.ids().contains(berlin) && !asha.ids().contains(pune) && !asha.store->isResetting(),
            kTimeout);
        QVERIFY(!synced.isEmpty());
        QCOMPARE(asha.ids().size(), 206);
        for (const QString &id : std::as_const(forEveryone))
            QVERIFY(asha.ids().contains(id));
        QVERIFY(!asha.store->honouredReset().isEmpty());
        const QString honoured = asha.store->honouredReset();

        // Synced again: the reset was honoured once, nothing more goes.
        synced.clear();
        asha.sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(asha.store->honouredReset(), honoured);
        QCOMPARE(asha.ids().size(), 206);
        QVERIFY(asha.ids().contains(berlin));
        QVERIFY(moveAsha(QStringLiteral("Pune")));
    }
};

QTEST_GUILESS_MAIN(TestDeltaReset)
#include "tst_delta_reset.moc"
