// Exactly once under faults: 200 decisions made through the real client core (Session and the
// client stack: InboxSync, DecisionOutbox over a real SQLCipher file) while the real server is
// stopped and restarted at random moments on the same database (SQLite and PostgreSQL), while a
// loopback proxy between client and server cuts connections in the middle of requests and
// answers, while the sub-system's webhook endpoint fails now and then, and across two restarts
// of the client objects on the same database. Then: every decision took effect once on the
// server (one "decided" event, one webhook delivery), every one reached the sub-system under
// exactly one delivery id (retries repeat it), and the client shows each one confirmed.
//
// Random but repeatable: the seed is printed; TESSERA_FAULT_SEED=<n> runs a seed again.
#include "demoaccounts.h"
#include "fakes/testdeviceinfo.h"
#include "faultyproxy.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/tlspolicy.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "services/clientstack.h"
#include "storage/memorysecretstore.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr int kDecisions = 200;
constexpr int kServerRestarts = 4;
constexpr int kTimeout = 60000; // generous: nothing here measures time

// The app's objects for Ben on one device, talking to the server through the proxy.
struct Client
{
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    DecisionOutbox *outbox = nullptr;

    Client(quint16 proxyPort, SecretStore &secrets, const DeviceInfo &info,
        const QString &databasePath)
    {
        QString error;
        const auto endpoint =
            ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(proxyPort),
                ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        api = std::make_unique<ApiClient>(*endpoint, TlsPolicy());
        api->setTimeout(std::chrono::seconds(5));
        session = std::make_unique<Session>(*api, secrets, info,
            Session::Options { databasePath, QStringLiteral("ben-phone"), {} });
        ClientStack::Options options;
        options.features = ClientStack::Feature::Inbox | ClientStack::Feature::Decisions;
        options.retryDelays =
            ClientStack::RetryDelays { std::chrono::milliseconds(100), std::chrono::seconds(1) };
        stack = std::make_unique<ClientStack>(*session, secrets, options);
        store = stack->part<InboxStore>();
        sync = stack->part<InboxSync>();
        outbox = stack->part<DecisionOutbox>();
    }

    ~Client()
    {
        stack.reset();
        session.reset();
        api.reset();
    }

    bool run(const std::function<void()> &action)
    {
        QSignalSpy finished(session.get(), &Session::finished);
        action();
        return QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTimeout);
    }
};

} // namespace

class TestInboxFaults : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    PostgresCluster m_postgres;
    TestDeviceInfo m_deviceInfo { QStringLiteral("Pixel 8"), QStringLiteral("android"),
        QStringLiteral("14") };
    quint32 m_seed = 0;

    static QByteArray apiKey(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString().toLatin1();
    }

    // Ben's access token from a sign-in on another device, straight to the server.
    static QByteArray benToken(const ServerProcess &server)
    {
        const QJsonObject answer = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("fault-checker")));
        if (answer.isEmpty())
            qWarning("Ben's sign-in failed");
        return answer.value(QStringLiteral("accessToken")).toString().toLatin1();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        bool given = false;
        m_seed = qEnvironmentVariable("TESSERA_FAULT_SEED").toUInt(&given);
        if (!given)
            m_seed = QRandomGenerator::global()->generate();
        qInfo("fault seed: %u (TESSERA_FAULT_SEED=%u repeats this run)", m_seed, m_seed);
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void decisionsTakeEffectOnceUnderFaults_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    void decisionsTakeEffectOnceUnderFaults()
    {
        QFETCH(QString, kind);
        QRandomGenerator random(m_seed ^ (kind == u"sqlite" ? 0u : 0x9e3779b9u));
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(kind + QStringLiteral("-server"));
        // kDecisions requests in a row with one key: past the default per-key rate limit.
        options.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
        QVERIFY(QDir().mkpath(options.dataDir));
        if (kind == u"postgresql") {
            QVERIFY2(m_postgres.createDatabase(QStringLiteral("faults")),
                qPrintable(m_postgres.error()));
            options.database = m_postgres.databaseUrl(QStringLiteral("faults"));
        }
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        const QByteArray key = apiKey(*server);
        QVERIFY(!key.isEmpty());

        WebhookReceiver receiver;
        QVERIFY(receiver.listen());

        // 200 requests for Ben, sent by the sub-system straight to the server.
        QStringList ids;
        for (int i = 0; i < kDecisions; ++i) {
            const QJsonObject body {
                { QStringLiteral("recipients"),
                    QJsonObject {
                        { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
                { QStringLiteral("title"), QStringLiteral("Request %1").arg(i) },
                { QStringLiteral("body"), QStringLiteral("Please decide.") },
                { QStringLiteral("category"), QStringLiteral("faults") },
                { QStringLiteral("priority"), QStringLiteral("normal") },
                { QStringLiteral("actionable"), true },
                { QStringLiteral("actions"), approveRejectActions() },
                { QStringLiteral("reference"), QStringLiteral("FLT-%1").arg(i) },
                { QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()) },
            };
            const HttpResult created = httpRequest("POST",
                server->url(QStringLiteral("/v1/notifications")), compactJson(body),
                { { QByteArrayLiteral("Authorization"), "Bearer " + key },
                    { QByteArrayLiteral("Idempotency-Key"), "faults-" + QByteArray::number(i) } });
            QVERIFY2(created.status == 201, created.body.constData());
            ids.append(created.json().value(QStringLiteral("id")).toString());
        }

        FaultyProxy proxy(m_seed);
        QVERIFY(proxy.listen());
        proxy.setTarget(quint16(server->url().port()));

        // What the client heard, per item, over all its lives.
        QHash<QString, QList<DecisionOutbox::Outcome>> outcomes;
        QHash<QString, QString> chosen; // id -> action
        int deferrals = 0; // attempts that failed for now (sent again later, same key)
        MemorySecretStore secrets; // the keyring: outlives the app
        const QString databasePath = m_dir.filePath(kind + QStringLiteral("-client.db"));
        std::unique_ptr<Client> client;
        const auto makeClient = [&] {
            client = std::make_unique<Client>(proxy.port(), secrets, m_deviceInfo, databasePath);
            connect(client->outbox, &DecisionOutbox::decisionFinished, this,
                [&outcomes](const QString &itemId, DecisionOutbox::Outcome outcome,
                    const QString &) { outcomes[itemId].append(outcome); });
            connect(client->outbox, &DecisionOutbox::decisionDeferred, this,
                [&deferrals] { ++deferrals; });
        };
        makeClient();
        const QJsonObject ben = demoAccount(*server, QStringLiteral("Ben Okafor"));
        QVERIFY(client->run([&] {
            client->session->signIn(QStringLiteral("local"),
                ben.value(QStringLiteral("username")).toString(),
                ben.value(QStringLiteral("password")).toString());
        }));
        QCOMPARE(client->session->state(), Session::State::SignedIn);
        client->sync->start();
        QTRY_COMPARE_WITH_TIMEOUT(client->store->items().size(), kDecisions, kTimeout);

        // The faults begin.
        proxy.setCutProbability(0.6, 2500);
        int restarts = 0;
        int clientRestarts = 0;
        int made = 0;
        const QDateTime started = QDateTime::currentDateTimeUtc();
        const auto restartServer = [&](qint64 clockAheadSeconds) {
            // Each new server's clock runs ahead a little more (never back), so a delivery the
            // stopped one had leased, or a request it was in the middle of, becomes due again.
            server->stop();
            server.reset();
            QTest::qWait(int(random.bounded(100, 800)));
            ServerProcess::Options again = options;
            again.now =
                QDateTime::currentDateTimeUtc().addSecs(clockAheadSeconds).toString(Qt::ISODate);
            server = std::make_unique<ServerProcess>();
            const bool ok = server->start(again);
            if (ok)
                proxy.setTarget(quint16(server->url().port()));
            return ok;
        };
        while (made < kDecisions) {
            // A batch of decisions, as a person would tap them.
            const int batch = std::min(int(random.bounded(5, 30)), kDecisions - made);
            for (int i = 0; i < batch; ++i, ++made) {
                const QString &id = ids.at(made);
                const bool reject = made % 3 == 0;
                const QString action =
                    reject ? QStringLiteral("reject") : QStringLiteral("approve");
                chosen.insert(id, action);
                const std::optional<ApiError> refused = client->outbox->decide(
                    id, action, reject ? QStringLiteral("Reason %1").arg(made) : QString());
                QVERIFY2(!refused, qPrintable(refused ? refused->message : QString()));
            }
            QTest::qWait(int(random.bounded(200, 1200)));
            // The sub-system's endpoint fails now and then (the server retries).
            receiver.setStatus(random.bounded(4) == 0 ? 503 : 200);
            if (restarts < kServerRestarts && random.bounded(2) == 0) {
                ++restarts;
                QVERIFY2(restartServer(qint64(restarts) * 150), qPrintable(server->error()));
            }
            if ((clientRestarts == 0 && made >= kDecisions / 3)
                || (clientRestarts == 1 && made >= 2 * kDecisions / 3)) {
                ++clientRestarts;
                client.reset(); // the app quits with decisions in flight
                makeClient();
                QVERIFY(client->run([&] { client->session->restore(); }));
                QCOMPARE(client->session->state(), Session::State::SignedIn);
                client->sync->start();
            }
        }
        while (restarts < 2) {
            ++restarts;
            QVERIFY2(restartServer(qint64(restarts) * 150), qPrintable(server->error()));
        }
        qInfo("%s: %d decisions, %d server restarts, %d client restarts, %d connections, %d cut,"
              " %d deferred attempts, %lld s",
            qPrintable(kind), made, restarts, clientRestarts, proxy.connectionCount(),
            proxy.cutCount(), deferrals, started.secsTo(QDateTime::currentDateTimeUtc()));
        QCOMPARE(clientRestarts, 2);
        QVERIFY(proxy.cutCount() > 0);

        // The faults end; one more restart with the clock an hour on makes every delivery due.
        proxy.setCutProbability(0);
        receiver.setStatus(200);
        QVERIFY2(restartServer(3600), qPrintable(server->error()));
        client->outbox->sendNow();
        QTRY_COMPARE_WITH_TIMEOUT(client->outbox->pendingCount(), 0, kTimeout);
        const auto deliveredIds = [&receiver] {
            QSet<QString> delivered;
            for (const WebhookReceiver::Delivery &delivery : receiver.deliveries()) {
                if (delivery.answeredWith / 100 == 2)
                    delivered.insert(QJsonDocument::fromJson(delivery.body)
                                         .object()
                                         .value(QStringLiteral("notificationId"))
                                         .toString());
            }
            return delivered;
        };
        QTRY_COMPARE_WITH_TIMEOUT(deliveredIds().size(), kDecisions, kTimeout);

        // The client: each decision confirmed once, shown decided, nothing pending.
        for (const QString &id : std::as_const(ids)) {
            const QList<DecisionOutbox::Outcome> heard = outcomes.value(id);
            QVERIFY2(heard == QList<DecisionOutbox::Outcome> { DecisionOutbox::Outcome::Confirmed },
                qPrintable(QStringLiteral("%1: %2 outcome(s), first %3")
                               .arg(id)
                               .arg(heard.size())
                               .arg(heard.isEmpty() ? -1 : int(heard.first()))));
            const std::optional<InboxItem> item = client->store->item(id);
            QVERIFY(item);
            QCOMPARE(item->pending, false);
            QCOMPARE(item->state,
                chosen.value(id) == u"reject" ? QStringLiteral("rejected")
                                              : QStringLiteral("approved"));
        }

        // The server: one "decided" event and one delivery per notification.
        const QByteArray token = benToken(*server);
        QVERIFY(!token.isEmpty());
        for (const QString &id : std::as_const(ids)) {
            const HttpResult item =
                httpRequest("GET", server->url(QStringLiteral("/v1/inbox/%1").arg(id)), {},
                    { { QByteArrayLiteral("Authorization"), "Bearer " + token } });
            QCOMPARE(item.status, 200);
            int decided = 0;
            const QJsonArray history = item.json().value(QStringLiteral("history")).toArray();
            for (const auto &event : history) {
                if (event.toObject().value(QStringLiteral("event")).toString() == u"decided") {
                    ++decided;
                    QCOMPARE(event.toObject().value(QStringLiteral("action")).toString(),
                        chosen.value(id));
                }
            }
            QVERIFY2(decided == 1,
                qPrintable(QStringLiteral("%1 decided %2 times").arg(id).arg(decided)));
            const HttpResult log = httpRequest("GET",
                server->url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {},
                { { QByteArrayLiteral("Authorization"), "Bearer " + key } });
            QCOMPARE(log.status, 200);
            QCOMPARE(log.json().value(QStringLiteral("deliveries")).toArray().size(), 1);
        }

        // The sub-system: each decision under exactly one delivery id, with its action.
        QHash<QString, QSet<QByteArray>> deliveryIds;
        int attempts = 0;
        for (const WebhookReceiver::Delivery &delivery : receiver.deliveries()) {
            ++attempts;
            const QJsonObject body = QJsonDocument::fromJson(delivery.body).object();
            const QString id = body.value(QStringLiteral("notificationId")).toString();
            QVERIFY2(chosen.contains(id), delivery.body.constData());
            const QByteArray deliveryId =
                delivery.headers.value(QByteArrayLiteral("tessera-delivery-id"));
            QVERIFY(!deliveryId.isEmpty());
            QCOMPARE(QString::fromLatin1(deliveryId),
                body.value(QStringLiteral("deliveryId")).toString());
            QCOMPARE(body.value(QStringLiteral("action")).toString(), chosen.value(id));
            QCOMPARE(body.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
            deliveryIds[id].insert(deliveryId);
        }
        QCOMPARE(deliveryIds.size(), kDecisions);
        for (auto it = deliveryIds.cbegin(); it != deliveryIds.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.key()));
        qInfo("%s: %d webhook attempts for %d decisions", qPrintable(kind), attempts, kDecisions);
    }
};

QTEST_GUILESS_MAIN(TestInboxFaults)
#include "tst_inbox_faults.moc"
