// The client side of the inbox against the real server over TLS (a throwaway CA): Session,
// InboxSync with the real WebSocket stream, InboxStore in real SQLCipher files, DecisionOutbox
// and InboxModel, as the app's client stack builds them. The secure store is the in-memory one (the
// keyring is not the point here; it is kept across a "restart" like the keyring would be).
#include "demoaccounts.h"
#include "fakes/testdeviceinfo.h"
#include "faultyproxy.h"
#include "feed/streamclient.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/tlspolicy.h"
#include "serverprocess.h"
#include "services/clientstack.h"
#include "storage/memorysecretstore.h"
#include "testca.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr int kTimeout = 30000; // generous: latency is a benchmark figure, never asserted

// One installation of the app for one person: what app/gui/main.cpp builds (the client stack's
// inbox features).
struct Device
{
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    DecisionOutbox *outbox = nullptr;
    InboxModel *model = nullptr;

    Device(const QUrl &server, const QString &caFile, SecretStore &secrets, const DeviceInfo &info,
        const QString &databasePath, const QString &deviceId, const QByteArray &pin = {})
    {
        QString error;
        const auto endpoint =
            ServerEndpoint::parse(server.toString(), ServerEndpoint::PlainHttp::Refuse, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        TlsPolicy tls;
        tls.addCaCertificates(*TlsPolicy::readCaFile(caFile, &error));
        if (!pin.isEmpty())
            tls.setPin(pin);
        client = std::make_unique<ApiClient>(*endpoint, tls);
        client->setTimeout(std::chrono::seconds(5));
        session = std::make_unique<Session>(
            *client, secrets, info, Session::Options { databasePath, deviceId, {} });
        ClientStack::Options options;
        options.features = ClientStack::Feature::Inbox | ClientStack::Feature::Decisions
            | ClientStack::Feature::InboxView;
        options.retryDelays =
            ClientStack::RetryDelays { std::chrono::milliseconds(200), std::chrono::seconds(2) };
        stack = std::make_unique<ClientStack>(*session, secrets, options);
        store = stack->part<InboxStore>();
        sync = stack->part<InboxSync>();
        outbox = stack->part<DecisionOutbox>();
        model = stack->part<InboxModel>();
    }

    // In the order the app tears down: the users of the session first.
    ~Device()
    {
        stack.reset();
        session.reset();
        client.reset();
    }

    bool run(const std::function<void()> &action)
    {
        QSignalSpy finished(session.get(), &Session::finished);
        action();
        return QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTimeout);
    }

    int rowOf(const QString &id) const { return model->rowOf(id); }
    QVariant role(const QString &id, InboxModel::Role role) const
    {
        const int row = rowOf(id);
        return row < 0 ? QVariant() : model->data(model->index(row), role);
    }
};

} // namespace

class TestInboxServer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TestCertificateAuthority m_ca;
    std::optional<IssuedCertificate> m_certificate;
    TestDeviceInfo m_deviceInfo { QStringLiteral("Pixel 8"), QStringLiteral("android"),
        QStringLiteral("14") };
    int m_run = 0;
    int m_keys = 0;

    ServerProcess::Options serverOptions(const QString &dataDir = {}) const
    {
        ServerProcess::Options options;
        options.dataDir = dataDir;
        options.config = tlsServerConfig(*m_certificate);
        return options;
    }

    static QString apiKey(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    QString newDatabasePath()
    {
        return m_dir.filePath(QStringLiteral("device-%1.db").arg(++m_run));
    }

    // Signs a demo person in on a device; the device's sync starts (stream included) unless told.
    bool signIn(Device &device, const ServerProcess &server, const QString &displayName)
    {
        const QJsonObject person = demoAccount(server, displayName);
        if (!device.run([&] {
                device.session->signIn(QStringLiteral("local"),
                    person.value(QStringLiteral("username")).toString(),
                    person.value(QStringLiteral("password")).toString());
            }))
            return false;
        return device.session->state() == Session::State::SignedIn;
    }

    // A sub-system's notification (raw HTTP, as an HR system would send it).
    QString notify(const ServerProcess &server, const QStringList &users,
        const QByteArray &callback = {}, const QString &title = QStringLiteral("Leave request"))
    {
        QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } } },
            { QStringLiteral("title"), title },
            { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("priority"), QStringLiteral("normal") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"), approveRejectActions() },
            { QStringLiteral("reference"), QStringLiteral("HR-%1").arg(m_keys + 1) },
        };
        if (!callback.isEmpty())
            body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(callback));
        else
            body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(apiKey(server), "client-test-" + QByteArray::number(++m_keys)));
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    // A person's access token from a sign-in on another device (raw HTTP).
    static QString tokenOf(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(server, displayName, testDevice(QStringLiteral("other-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_ca.create(), qPrintable(m_ca.error()));
        m_certificate = m_ca.issueServerCertificate(QStringLiteral("server"));
        QVERIFY2(m_certificate, qPrintable(m_ca.error()));
        // The test's own requests (a sub-system, another device) trust the throwaway CA too.
        QVERIFY(trustCaByDefault(m_ca.caFile()));
    }

    // Initial sync, delta after new and changed items, the stream's hints, read marks, filters.
    void syncStreamAndModel()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString first =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("First"));
        const QString second =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Second"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        notify(server, { QStringLiteral("E1001") }); // Asha's: never on Ben's device

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setPageSize(1); // paging: one item per page, until hasMore is false
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));

        // The initial sync: both of Ben's items, newest first, in the store and the model.
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 2, kTimeout);
        QCOMPARE(ben.model->itemAt(0).id, second);
        QCOMPARE(ben.model->itemAt(1).id, first);
        QCOMPARE(ben.store->items().size(), 2);
        QVERIFY(!ben.store->cursor().isEmpty());
        QCOMPARE(ben.model->unreadCount(), 2);
        QCOMPARE(ben.role(first, InboxModel::SubsystemRole).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(ben.role(first, InboxModel::ActionsRole).toList().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.model->isLoading(), kTimeout);
        QCOMPARE(ben.model->error(), QString());

        // The stream says hello; a new notification arrives through its hint (no sync asked).
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        QSignalSpy inserted(ben.model, &QAbstractItemModel::rowsInserted);
        const QString third =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Third"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 3, kTimeout);
        QCOMPARE(ben.model->itemAt(0).id, third);
        QCOMPARE(ben.role(third, InboxModel::TitleRole).toString(), QStringLiteral("Third"));
        QVERIFY(!inserted.isEmpty());

        // A changed item: the sub-system withdraws one; the delta brings the new state.
        const HttpResult withdrawn =
            httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/%1").arg(first)), {},
                bearer(apiKey(server)));
        QCOMPARE(withdrawn.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(ben.role(first, InboxModel::StateRole).toString(),
            QStringLiteral("withdrawn"), kTimeout);
        QCOMPARE(ben.role(first, InboxModel::VersionRole).toLongLong(), 2);
        QCOMPARE(ben.model->rowCount(), 3); // in place, no second row
        QCOMPARE(ben.model->unreadCount(), 2);

        // Filters.
        ben.model->setFilter(InboxModel::Filter::NeedsAction);
        QCOMPARE(ben.model->rowCount(), 2);
        ben.model->setFilter(InboxModel::Filter::Unread);
        QCOMPARE(ben.model->rowCount(), 2);
        ben.model->setCategory(QStringLiteral("leave"));
        ben.model->setFilter(InboxModel::Filter::Category);
        QCOMPARE(ben.model->rowCount(), 3);
        ben.model->setCategory(QStringLiteral("it"));
        QCOMPARE(ben.model->rowCount(), 0);
        ben.model->setFilter(InboxModel::Filter::All);

        // Read: at once here, then told to the server (its answer clears the local mark).
        ben.model->markRead(second);
        QCOMPARE(ben.model->unreadCount(), 1);
        QCOMPARE(ben.role(second, InboxModel::StateRole).toString(), QStringLiteral("read"));
        QTRY_VERIFY_WITH_TIMEOUT(ben.store->pendingReads().isEmpty(), kTimeout);
        const HttpResult one =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(second)), {},
                bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
        QCOMPARE(one.json().value(QStringLiteral("state")).toString(), QStringLiteral("read"));

        // Back from the background: the stream closes and opens again, and it syncs.
        ben.sync->setForeground(false);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.sync->isLive(), kTimeout);
        const QString fourth =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Fourth"));
        QTest::qWait(300);
        QCOMPARE(ben.rowOf(fourth), -1); // nothing is listening while in the background
        ben.sync->setForeground(true);
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(fourth), 0, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
    }

    // A decision made here: pending at once, confirmed by the server, one signed webhook.
    // Someone else first: the conflict words. Withdrawn before the decision arrived: 410 shown.
    void decisionsConfirmedConflictedWithdrawn()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString mine = notify(server, { QStringLiteral("E1002") }, receiver.url());
        const QString shared =
            notify(server, { QStringLiteral("E1001"), QStringLiteral("E1002") }, receiver.url());
        const QString pulled = notify(server, { QStringLiteral("E1002") }, receiver.url());

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setStreamEnabled(false); // the delta is asked for by hand here
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 3, kTimeout);

        // Confirmed.
        QSignalSpy finished(ben.outbox, &DecisionOutbox::decisionFinished);
        QCOMPARE(ben.model->approve(mine), QString());
        QCOMPARE(ben.role(mine, InboxModel::PendingRole).toBool(), true); // before any answer
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeout);
        QCOMPARE(finished.first().at(0).toString(), mine);
        QCOMPARE(finished.first().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Confirmed);
        QCOMPARE(ben.role(mine, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(ben.role(mine, InboxModel::PendingRole).toBool(), false);
        QCOMPARE(
            ben.role(mine, InboxModel::DecidedByNameRole).toString(), QStringLiteral("Ben Okafor"));
        QCOMPARE(
            ben.role(mine, InboxModel::DecidedViaRole).toString(), QStringLiteral("app · Pixel 8"));
        QCOMPARE(ben.model->pendingDecisions(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, kTimeout);
        const QJsonObject hook =
            QJsonDocument::fromJson(receiver.deliveries().first().body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), mine);
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));

        // Asha approves the shared one on her phone before Ben's rejection reaches the server.
        const HttpResult asha =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(shared)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(tokenOf(server, QStringLiteral("Asha Rao")), "asha-1"));
        QCOMPARE(asha.status, 200);
        QCOMPARE(ben.model->reject(shared), QStringLiteral("“Reject” needs a comment."));
        QCOMPARE(ben.model->reject(shared, QStringLiteral("Team is short that week")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Conflicted);
        const QString words = ben.role(shared, InboxModel::ConflictTextRole).toString();
        QVERIFY2(words.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 at ")),
            qPrintable(words));
        QCOMPARE(finished.last().at(2).toString(), words);
        QCOMPARE(ben.role(shared, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(ben.role(shared, InboxModel::StatusTextRole).toString(), words);
        QCOMPARE(ben.role(shared, InboxModel::PendingRole).toBool(), false);

        // Withdrawn by the sender; Ben's device has not synced since.
        QCOMPARE(
            httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/%1").arg(pulled)),
                {}, bearer(apiKey(server)))
                .status,
            200);
        QCOMPARE(ben.role(pulled, InboxModel::StateRole).toString(), QStringLiteral("unread"));
        QCOMPARE(ben.model->approve(pulled), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Conflicted);
        QCOMPARE(ben.role(pulled, InboxModel::StateRole).toString(), QStringLiteral("withdrawn"));
        QVERIFY(ben.role(pulled, InboxModel::StatusTextRole)
                    .toString()
                    .startsWith(QStringLiteral("Withdrawn by the sender")));
        QCOMPARE(ben.model->pendingDecisions(), 0);

        // A refusal the device could not see coming (its copy of the actions is stale): 422,
        // shown, and the decision leaves the outbox.
        const QString another = notify(server, { QStringLiteral("E1002") }, receiver.url());
        ben.sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(ben.rowOf(another) >= 0, kTimeout);
        InboxItem stale = *ben.store->item(another);
        stale.actions =
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                { QStringLiteral("label"), QStringLiteral("Reject") } } };
        QVERIFY(ben.store->upsert(stale));
        QCOMPARE(ben.model->reject(another), QString());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, kTimeout);
        QCOMPARE(finished.last().at(1).value<DecisionOutbox::Outcome>(),
            DecisionOutbox::Outcome::Refused);
        QVERIFY(ben.role(another, InboxModel::StatusTextRole)
                    .toString()
                    .contains(QStringLiteral("needs a comment")));
        QCOMPARE(ben.model->pendingDecisions(), 0);

        // Still exactly one webhook (the conflicts and the refusal decided nothing here).
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, kTimeout); // Asha's approval
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 2);
    }

    // Decided while the server is down: pending, retried, kept across a restart of the app, and
    // applied exactly once when the server is back (one webhook delivery).
    void offlineDecisionSurvivesRestartAndAppliesOnce()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString id = notify(server, { QStringLiteral("E1002") }, receiver.url());
        const QString databasePath = newDatabasePath();
        MemorySecretStore secrets; // stands in for the keyring, which outlives the app
        QByteArray key;
        {
            Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
                QStringLiteral("ben-phone"));
            ben.sync->start();
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(id), 0, kTimeout);

            QVERIFY(server.stop().has_value());
            QSignalSpy deferred(ben.outbox, &DecisionOutbox::decisionDeferred);
            QCOMPARE(ben.model->approve(id), QString());
            QCOMPARE(ben.role(id, InboxModel::PendingRole).toBool(), true);
            QCOMPARE(ben.model->pendingDecisions(), 1);
            QVERIFY(!ben.role(id, InboxModel::StatusTextRole).toString().isEmpty());
            // Retried with backoff while the server is away.
            QTRY_VERIFY_WITH_TIMEOUT(deferred.size() >= 2, kTimeout);
            const QList<PendingDecision> waiting = ben.store->pendingDecisions();
            QCOMPARE(waiting.size(), 1);
            QVERIFY(waiting.first().attempts >= 2);
            key = waiting.first().idempotencyKey;
        } // the app quits

        ServerProcess back;
        QVERIFY2(back.start(serverOptions(server.dataDir())), qPrintable(back.error()));
        Device again(back.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
            QStringLiteral("ben-phone"));
        // The restored session opens the same database: the outbox finds the decision (with the
        // key it was made with) and sends it.
        QByteArray keyFound;
        connect(again.session.get(), &Session::databaseChanged, this, [&] {
            if (again.store->hasDatabase())
                keyFound = again.store->pendingDecisions().value(0).idempotencyKey;
        });
        QVERIFY(again.run([&] { again.session->restore(); }));
        QCOMPARE(again.session->state(), Session::State::SignedIn);
        QCOMPARE(keyFound, key);
        again.sync->start();
        QTRY_COMPARE_WITH_TIMEOUT(again.model->pendingDecisions(), 0, kTimeout);
        QCOMPARE(again.role(id, InboxModel::StateRole).toString(), QStringLiteral("approved"));
        QCOMPARE(again.role(id, InboxModel::ConflictTextRole).toString(), QString());

        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, kTimeout);
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 1);
        const HttpResult item = httpRequest("GET", back.url(QStringLiteral("/v1/inbox/%1").arg(id)),
            {}, bearer(tokenOf(back, QStringLiteral("Ben Okafor"))));
        int decidedEvents = 0;
        const QJsonArray history = item.json().value(QStringLiteral("history")).toArray();
        for (const QJsonValue &event : history)
            decidedEvents +=
                event.toObject().value(QStringLiteral("event")).toString() == u"decided";
        QCOMPARE(decidedEvents, 1);
    }

    // The stream's token expires: the server closes it with 4401; the client refreshes the
    // token by itself, opens the stream again and hears hints again.
    void streamTokenExpiryRefreshesAndReconnects()
    {
        const QDateTime start = QDateTime(QDate(2026, 11, 29), QTime(9, 0), Qt::UTC);
        ServerProcess::Options options = serverOptions(m_dir.filePath(QStringLiteral("expiry")));
        QVERIFY(QDir().mkpath(options.dataDir));
        options.now = start.toString(Qt::ISODate);
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        const QDateTime firstStarted = QDateTime::currentDateTimeUtc();
        // The device reaches the server through a plain forwarder (the server's port changes
        // when it starts again).
        FaultyProxy forwarder(1);
        QVERIFY(forwarder.listen());
        forwarder.setTarget(quint16(server->url().port()));
        QUrl through = server->url();
        through.setPort(forwarder.port());
        MemorySecretStore secrets;
        Device ben(through, m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setRetryDelays(std::chrono::milliseconds(200), std::chrono::seconds(1));
        ben.sync->start();
        QVERIFY(signIn(ben, *server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);

        // The server comes back almost a day later by its clock: the token Ben's device holds
        // has about 15 s left (the device does not know: its clock did not move).
        QVERIFY(server->stop().has_value());
        server.reset();
        options.now = start.addSecs(24 * 3600 - 15)
                          .addMSecs(firstStarted.msecsTo(QDateTime::currentDateTimeUtc()))
                          .toString(Qt::ISODate);
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        forwarder.setTarget(quint16(server->url().port()));
        QSignalSpy refreshed(ben.session.get(), &Session::refreshFinished);
        // Open again with the old token (unless a slow start used up its seconds), then closed
        // with 4401 when it expires.
        QTRY_COMPARE_WITH_TIMEOUT(ben.sync->stream().lastCloseCode(), 4401, kTimeout);
        // Refreshed by itself, and open again with the new token.
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), kTimeout);
        QCOMPARE(refreshed.first().at(0).toBool(), true);
        QCOMPARE(ben.session->state(), Session::State::SignedIn);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        // Hints arrive again: a new notification reaches the device without a sync asked for.
        const QString later =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Later"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(later), 0, kTimeout);
        QVERIFY(ben.sync->isLive());
        for (const QList<QVariant> &refresh : std::as_const(refreshed))
            QCOMPARE(refresh.at(0).toBool(), true);
    }

    // A pinned server key: the stream opens without the token, checks the key the server
    // presented on that socket, then sends the token as its first message; hints arrive. The
    // server refuses a first message without a valid token (4401). Another key (a valid
    // certificate of the same CA): nothing is sent, the stream fails with the reason.
    void pinnedStreamSendsTheTokenAfterTheKeyCheck()
    {
        ServerProcess::Options options = serverOptions(m_dir.filePath(QStringLiteral("pinned")));
        QVERIFY(QDir().mkpath(options.dataDir));
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        FaultyProxy forwarder(1);
        QVERIFY(forwarder.listen());
        forwarder.setTarget(quint16(server->url().port()));
        QUrl through = server->url();
        through.setPort(forwarder.port());
        const QList<QSslCertificate> presented =
            QSslCertificate::fromPath(m_certificate->certificateFile);
        QCOMPARE(presented.size(), 1);
        const QByteArray pin = TlsPolicy::publicKeyDigest(presented.first());

        MemorySecretStore secrets;
        Device ben(through, m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"), pin);
        ben.sync->setRetryDelays(std::chrono::milliseconds(200), std::chrono::seconds(1));
        QSignalSpy failed(&ben.sync->stream(), &StreamClient::failed);
        ben.sync->start();
        QVERIFY(signIn(ben, *server, QStringLiteral("Ben Okafor")));
        QVERIFY(!ben.session->webSocketRequest(QStringLiteral("/v1/stream"))
                     .hasRawHeader("Authorization"));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        const QString hinted =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Pinned"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(hinted), 0, kTimeout);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ben.sync->stream().lastError(), QString());

        // The server's side, raw: an upgrade without a token whose first message is not a
        // valid one is closed with 4401.
        const QList<QByteArray> badFirstMessages {
            QByteArrayLiteral("{\"type\":\"auth\",\"token\":\"tat_nothing\"}"),
            QByteArrayLiteral("{\"type\":\"hello\"}"), QByteArrayLiteral("not json")
        };
        for (const QByteArray &first : badFirstMessages) {
            QWebSocket raw;
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            raw.setSslConfiguration(tls);
            QUrl url = server->url(QStringLiteral("/v1/stream"));
            url.setScheme(QStringLiteral("wss"));
            QSignalSpy connected(&raw, &QWebSocket::connected);
            QSignalSpy disconnected(&raw, &QWebSocket::disconnected);
            QSignalSpy messages(&raw, &QWebSocket::textMessageReceived);
            raw.open(url);
            QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), kTimeout);
            raw.sendTextMessage(QString::fromUtf8(first));
            QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
            QCOMPARE(int(raw.closeCode()), 4401);
            QCOMPARE(messages.size(), 0); // no hello
        }

        // Another key behind the same address (a valid certificate from the same CA): the
        // stream gives up before sending anything.
        const std::optional<IssuedCertificate> impostor =
            m_ca.issueServerCertificate(QStringLiteral("impostor"));
        QVERIFY2(impostor, qPrintable(m_ca.error()));
        QVERIFY(server->stop().has_value());
        server.reset();
        options.config = tlsServerConfig(*impostor);
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        forwarder.setTarget(quint16(server->url().port()));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeout);
        QVERIFY(!ben.sync->isLive());
        QVERIFY2(ben.sync->stream().lastError().contains(QStringLiteral("pinned key")),
            qPrintable(ben.sync->stream().lastError()));
        const QString unseen =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Unseen"));
        QVERIFY(!unseen.isEmpty());
        QTest::qWait(1500);
        QCOMPARE(ben.rowOf(unseen), -1); // no stream, and the sync refuses the key too
        QVERIFY(!ben.sync->isLive());
    }

    // Sign-out drops the cache: the store lets go of the database before it is deleted.
    void signOutEmptiesTheModel()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        notify(server, { QStringLiteral("E1002") });
        MemorySecretStore secrets;
        const QString databasePath = newDatabasePath();
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
            QStringLiteral("ben-phone"));
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 1, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        QVERIFY(ben.run([&] { ben.session->signOut(); }));
        QCOMPARE(ben.session->state(), Session::State::SignedOut);
        QCOMPARE(ben.model->rowCount(), 0);
        QVERIFY(!ben.store->hasDatabase());
        QVERIFY(!QFile::exists(databasePath));
        QTRY_VERIFY_WITH_TIMEOUT(!ben.sync->isLive(), kTimeout);
    }

    // The app's deferred start (Session::setHoldServicesOnSignIn): each sign-in holds the sync,
    // the stream and the outbox until releaseServices(); the inbox shows meanwhile that an
    // update is on its way, and everything runs as usual once released.
    void heldServicesStartWhenReleased()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString first = notify(server, { QStringLiteral("E1002") });
        QVERIFY(!first.isEmpty());
        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.session->setHoldServicesOnSignIn(true);
        QSignalSpy released(ben.session.get(), &Session::servicesReleased);
        ben.sync->start();

        for (int signIns = 1; signIns <= 2; ++signIns) {
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QVERIFY(ben.session->servicesHeld());
            QVERIFY(!ben.session->servicesMayRun());
            QVERIFY(ben.store->hasDatabase()); // the cache is there at once
            QVERIFY(ben.model->isLoading()); // "updating" from the first frame on
            QVERIFY(!ben.sync->stream().isActive());
            QTest::qWait(300); // what a sync on loopback would take: none starts
            QCOMPARE(ben.model->rowCount(), 0);
            QVERIFY(ben.store->cursor().isEmpty());
            QVERIFY(!ben.sync->isLive());
            QCOMPARE(released.size(), signIns - 1);

            ben.session->releaseServices();
            QCOMPARE(released.size(), signIns);
            QVERIFY(ben.session->servicesMayRun());
            QVERIFY(ben.sync->stream().isActive());
            QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 1, kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(!ben.model->isLoading(), kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
            ben.session->releaseServices(); // nothing held: nothing happens
            QCOMPARE(released.size(), signIns);

            // A decision goes out at once now; the next sign-in is held again.
            if (signIns == 1) {
                QVERIFY(!ben.outbox->decide(first, QStringLiteral("approve")));
                QTRY_COMPARE_WITH_TIMEOUT(ben.role(first, InboxModel::StateRole).toString(),
                    QStringLiteral("approved"), kTimeout);
                QVERIFY(ben.run([&] { ben.session->signOut(); }));
                QCOMPARE(ben.model->rowCount(), 0);
                QVERIFY(!ben.model->isLoading());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestInboxServer)
#include "tst_inbox_server.moc"
