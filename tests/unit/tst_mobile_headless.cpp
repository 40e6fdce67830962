// The phones' core with the app closed (platform/mobile's MobileHeadless) against the real
// tessera-server over TLS, on the real SQLCipher database and session code, with the in-memory
// secret store (it can be told to fail): what Android's TesseraHeadless asks when a push or a
// notification action comes and no activity runs.
// - The app signed in once and made its push keys, then closed. A sub-system's notification is
//   pushed (encrypted by the server's own Web Push code for this device's keys): the headless
//   core decrypts it, syncs, and answers the title and actions to show.
// - Approve with the server unreachable: the decision is written to the outbox and waits; the
//   OS repeats the action with the server back: the waiting decision is sent (same key), the
//   sub-system's webhook gets one decision; a third identical call decides nothing.
// - Android's way in (mobileheadlessrunner.h), in a second process without a Qt application and
//   with the real keychain: the push answered, the decision sent once, no application left.
// - A body that does not decrypt, or that decrypts to something else, is dropped before the
//   session is opened; the secret store unavailable: an error, and nothing wiped.
#include "fakes/deadendpoint.h"
#include "identity/deviceid.h"
#include "inboxserverfixture.h"
#include "keyringsession.h"
#include "mobile/mobileheadless.h"
#include "mobile/mobileheadlessrunner.h"
#include "push/pushkeys.h"
#include "push/webpushcrypto.h"
#include "push/webpushdecryptor.h"
#include "services/clientschema.h"
#include "storage/keychainsecretstore.h"
#include "webhookreceiver.h"

#include <QProcess>
#include <QSettings>
#include <QUuid>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr auto kHeadlessTimeout = std::chrono::seconds(8);

// What the OS hands the headless core: one installation's parts, made anew for each call (the
// service's process may have been started for it).
struct Headless
{
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<MobileHeadless> core;

    Headless(std::unique_ptr<ApiClient> apiClient, SecretStore &secrets, const DeviceInfo &info,
        const QString &databasePath, const QString &deviceId)
        : client(std::move(apiClient))
    {
        client->setTimeout(std::chrono::seconds(3));
        Session::Options options { databasePath, deviceId, {} };
        options.schema = clientSchema();
        core = std::make_unique<MobileHeadless>(
            *client, secrets, info, options, MobileHeadless::Options { kHeadlessTimeout });
    }
    ~Headless()
    {
        core.reset();
        client.reset();
    }

    std::optional<MobileHeadless::PushResult> push(const QByteArray &body)
    {
        std::optional<MobileHeadless::PushResult> result;
        core->handlePush(body, [&](const MobileHeadless::PushResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, kTimeout))
            qWarning("the headless core did not answer");
        return result;
    }

    std::optional<MobileHeadless::DecisionResult> decide(
        const QString &itemId, const QString &action, const QString &comment = {})
    {
        std::optional<MobileHeadless::DecisionResult> result;
        core->decide(
            itemId, action, comment, [&](const MobileHeadless::DecisionResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, kTimeout))
            qWarning("the headless core did not answer");
        return result;
    }
};

std::unique_ptr<ApiClient> clientFor(const QUrl &server, const QString &caFile)
{
    QString error;
    const auto endpoint =
        ServerEndpoint::parse(server.toString(), ServerEndpoint::PlainHttp::Refuse, &error);
    TlsPolicy tls;
    tls.addCaCertificates(*TlsPolicy::readCaFile(caFile, &error));
    return std::make_unique<ApiClient>(*endpoint, tls);
}

// A push as the server's Web Push sender encrypts it for keys.
QByteArray pushFor(const QJsonObject &message, const PushKeys &keys)
{
    return server::WebPushCrypto::encrypt(
        QJsonDocument(message).toJson(QJsonDocument::Compact), keys.publicKey, keys.auth)
        .value_or(QByteArray());
}

QJsonObject messageOf(const QString &itemId, const QString &title)
{
    return { { QStringLiteral("id"), itemId }, { QStringLiteral("title"), title },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                             { QStringLiteral("label"), QStringLiteral("Approve") } },
                QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                    { QStringLiteral("label"), QStringLiteral("Reject") } } } } };
}

} // namespace

class TestMobileHeadless : public QObject, private InboxServerFixture
{
    Q_OBJECT

    // The app, run once: signs the person in, syncs, makes the push keys (as its PushClient
    // does on registration), then closes. The keys it made.
    PushKeys signInOnce(const ServerProcess &server, SecretStore &secrets,
        const QString &databasePath, const QString &deviceId, const QString &displayName)
    {
        Device app(server.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath, deviceId);
        QSignalSpy synced(app.sync, &InboxSync::synced);
        app.stack->start();
        if (!signIn(app, server, displayName))
            return {};
        if (!QTest::qWaitFor([&] { return !synced.isEmpty(); }, kTimeout))
            return {};
        PushKeyStore keyStore(secrets);
        std::optional<PushKeys> keys;
        keyStore.obtain([&keys](const SecretResult &, const PushKeys &made) { keys = made; });
        if (!QTest::qWaitFor([&] { return keys.has_value(); }, kTimeout))
            return {};
        return keys.value_or(PushKeys {});
    }

    // One phone's installation on this test function's server: the person signed in once with
    // the app, which made the push keys and closed.
    struct Phone
    {
        ServerProcess server;
        MemorySecretStore secrets;
        QString databasePath;
        QString deviceId;
        PushKeys keys;
    };

    // Starts phone's server and signs displayName in on it as deviceId.
    bool setUp(Phone &phone, const QString &deviceId, const QString &displayName)
    {
        if (!phone.server.start(serverOptions())) {
            qWarning("the server did not start: %s", qPrintable(phone.server.error()));
            return false;
        }
        phone.databasePath = newDatabasePath();
        phone.deviceId = deviceId;
        phone.keys =
            signInOnce(phone.server, phone.secrets, phone.databasePath, deviceId, displayName);
        return phone.keys.isValid();
    }

    // The headless core the OS starts for one call on phone, reaching its server (online) or
    // not.
    Headless startHeadless(Phone &phone, bool online = true) const
    {
        return Headless(online ? clientFor(phone.server.url(), m_ca.caFile())
                               : std::make_unique<ApiClient>(deadEndpoint()),
            phone.secrets, m_deviceInfo, phone.databasePath, phone.deviceId);
    }

    static int decisionsIn(const WebhookReceiver &hooks, const QString &itemId)
    {
        int count = 0;
        for (const WebhookReceiver::Delivery &delivery : hooks.deliveries()) {
            const QJsonObject body = QJsonDocument::fromJson(delivery.body).object();
            if (body.value(QStringLiteral("notificationId")).toString() == itemId
                && body.value(QStringLiteral("action")).toString() == u"approve")
                ++count;
        }
        return count;
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void pushThenDecideWithTheAppClosed()
    {
        Phone phone;
        WebhookReceiver hooks;
        QVERIFY(hooks.listen());
        QVERIFY(setUp(phone, QStringLiteral("ben-phone"), QStringLiteral("Ben Okafor")));
        const ServerProcess &server = phone.server;
        const PushKeys &keys = phone.keys;

        // With the app closed, a sub-system's notification and its push.
        const QString id = notify(
            server, { QStringLiteral("E1002") }, hooks.url(), QStringLiteral("Leave from Asha"));
        QVERIFY(!id.isEmpty());
        const QByteArray body = pushFor(messageOf(id, QStringLiteral("Leave from Asha")), keys);
        QVERIFY(!body.isEmpty());
        {
            Headless headless = startHeadless(phone);
            const auto shown = headless.push(body);
            QVERIFY(shown);
            QCOMPARE(statusName(shown->status), QStringLiteral("show"));
            QCOMPARE(shown->notification.itemId, id);
            QCOMPARE(shown->notification.title, QStringLiteral("Leave from Asha"));
            QCOMPARE(shown->notification.body, QStringLiteral("Three days of annual leave."));
            QCOMPARE(shown->notification.actions,
                QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));
            QVERIFY(!shown->hint);
            const QJsonObject json = MobileHeadless::toJson(*shown);
            QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("show"));
            QCOMPARE(json.value(QStringLiteral("itemId")).toString(), id);
            // The push's sync stored the item: an action on it can be decided here.
            QVERIFY(headless.core->store()->item(id).has_value());
            QCOMPARE(headless.core->store()->pendingDecisionCount(), 0);
        }

        // Approve with the server unreachable: written to the outbox, waiting.
        const QString later = notify(server, { QStringLiteral("E1002") });
        QVERIFY(!later.isEmpty());
        {
            Headless offline = startHeadless(phone, false);
            // Offline, a push of an item not synced yet shows what the push itself carries.
            const auto carried =
                offline.push(pushFor(messageOf(later, QStringLiteral("Carried title")), keys));
            QVERIFY(carried);
            QCOMPARE(statusName(carried->status), QStringLiteral("show"));
            QCOMPARE(carried->notification.itemId, later);
            QCOMPARE(carried->notification.title, QStringLiteral("Carried title"));
            QCOMPARE(carried->notification.actions,
                QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));
            QVERIFY(!offline.core->store()->item(later).has_value());
            const auto waiting = offline.decide(id, QStringLiteral("approve"));
            QVERIFY(waiting);
            QCOMPARE(statusName(waiting->status), QStringLiteral("waiting"));
            QCOMPARE(offline.core->store()->pendingDecisionCount(), 1);
            const QList<PendingDecision> pending = offline.core->store()->pendingDecisions();
            QCOMPARE(pending.constFirst().itemId, id);
            QCOMPARE(pending.constFirst().action, QStringLiteral("approve"));
        }
        QTest::qWait(300);
        QCOMPARE(decisionsIn(hooks, id), 0);

        // The OS repeats the action (WorkManager's retry), the server back: the waiting decision
        // is sent, once.
        {
            Headless online = startHeadless(phone);
            const auto sent = online.decide(id, QStringLiteral("approve"));
            QVERIFY(sent);
            QCOMPARE(statusName(sent->status), QStringLiteral("sent"));
            QCOMPARE(sent->outcome, QStringLiteral("confirmed"));
            QCOMPARE(online.core->store()->pendingDecisionCount(), 0);
            QCOMPARE(online.core->store()->item(id)->state, QStringLiteral("approved"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(decisionsIn(hooks, id), 1, kTimeout);
        const HttpResult item =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {},
                bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
        QCOMPARE(item.status, 200);
        QCOMPARE(item.json().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));

        // Once more (a redelivered broadcast): nothing decided again.
        {
            Headless again = startHeadless(phone);
            const auto refused = again.decide(id, QStringLiteral("approve"));
            QVERIFY(refused);
            QCOMPARE(statusName(refused->status), QStringLiteral("refused"));
            QCOMPARE(again.core->store()->pendingDecisionCount(), 0);
            // A push of the decided item shows nothing.
            const auto stale = again.push(body);
            QVERIFY(stale);
            QCOMPARE(statusName(stale->status), QStringLiteral("dropped"));
        }
        QTest::qWait(500);
        QCOMPARE(decisionsIn(hooks, id), 1);
    }

    void badPushesAreDroppedBeforeAnythingOpens()
    {
        Phone phone;
        QVERIFY(setUp(phone, QStringLiteral("asha-phone"), QStringLiteral("Asha Rao")));
        const ServerProcess &server = phone.server;
        const PushKeys &keys = phone.keys;
        const QString ashas = notify(server, { QStringLiteral("E1001") });
        const QString bens = notify(server, { QStringLiteral("E1002") });
        QVERIFY(!ashas.isEmpty() && !bens.isEmpty());
        const auto [otherPrivate, otherPublic] = WebPushDecryptor::generateKeyPair();
        PushKeys other = keys;
        other.publicKey = otherPublic;
        const QByteArray notAMessage = server::WebPushCrypto::encrypt(
            "{\"id\":\"x\",\"title\":\"<b>T</b>\",\"extra\":1}", keys.publicKey, keys.auth)
                                           .value_or(QByteArray());
        const QList<std::pair<const char *, QByteArray>> undecryptable {
            { "garbage", QByteArray("not a push at all") },
            { "empty", QByteArray() },
            { "other keys", pushFor(messageOf(ashas, QStringLiteral("T")), other) },
            { "not a push message", notAMessage },
        };
        for (const auto &[why, body] : undecryptable) {
            Headless headless = startHeadless(phone);
            const auto result = headless.push(body);
            QVERIFY2(result, why);
            QVERIFY2(result->status == MobileHeadless::PushResult::Status::Dropped, why);
            QVERIFY2(!result->reason.isEmpty(), why);
            // Nothing was opened: no session, no database, no sync.
            QVERIFY2(headless.core->session() == nullptr, why);
            QVERIFY2(headless.core->store() == nullptr, why);
        }

        // Decrypts, but names another person's item: the sync does not bring it, nothing shown,
        // nothing stored of it.
        Headless headless = startHeadless(phone);
        const auto foreign = headless.push(pushFor(messageOf(bens, QStringLiteral("T")), keys));
        QVERIFY(foreign);
        QCOMPARE(statusName(foreign->status), QStringLiteral("dropped"));
        QVERIFY(!headless.core->store()->item(bens).has_value());
        QVERIFY(headless.core->store()->item(ashas).has_value());
        // A malformed decision is refused before anything is asked.
        const auto malformed = headless.decide(QStringLiteral("a b"), QStringLiteral("approve"));
        QVERIFY(malformed);
        QCOMPARE(statusName(malformed->status), QStringLiteral("refused"));
        QCOMPARE(headless.core->store()->pendingDecisionCount(), 0);
    }

    void anUnavailableStoreWipesNothing()
    {
        Phone phone;
        QVERIFY(setUp(phone, QStringLiteral("ben-phone-2"), QStringLiteral("Ben Okafor")));
        const ServerProcess &server = phone.server;
        MemorySecretStore &secrets = phone.secrets;
        const PushKeys &keys = phone.keys;
        const qsizetype secretsBefore = secrets.size();
        QVERIFY(secretsBefore >= 3); // tokens, database key, push keys (and the device key)
        const QString id = notify(server, { QStringLiteral("E1002") });
        const QByteArray body = pushFor(messageOf(id, QStringLiteral("T")), keys);

        secrets.setFailure(SecretOutcome::Unavailable);
        {
            Headless headless = startHeadless(phone);
            const auto push = headless.push(body);
            QVERIFY(push);
            QCOMPARE(statusName(push->status), QStringLiteral("unavailable"));
            const auto decision = headless.decide(id, QStringLiteral("approve"));
            QVERIFY(decision);
            QCOMPARE(statusName(decision->status), QStringLiteral("unavailable"));
            QCOMPARE(MobileHeadless::toJson(*decision).value(QStringLiteral("status")).toString(),
                QStringLiteral("unavailable"));
            QCOMPARE(headless.core->session()->state(), Session::State::Unavailable);
        }
        // The store back: everything is still there, and the same push shows.
        secrets.setFailure(SecretOutcome::Ok);
        QCOMPARE(secrets.size(), secretsBefore);
        QVERIFY(QFileInfo::exists(phone.databasePath));
        Headless headless = startHeadless(phone);
        const auto push = headless.push(body);
        QVERIFY(push);
        QCOMPARE(statusName(push->status), QStringLiteral("show"));
        QCOMPARE(push->notification.itemId, id);
    }

    void theRunnerInAProcessWithoutQt()
    {
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        WebhookReceiver hooks;
        QVERIFY(hooks.listen());
        const QString service =
            QStringLiteral("tessera-test-headless-") + QUuid::createUuid().toString(QUuid::Id128);
        KeychainSecretStore secrets(service);
        const QString dataDir = m_dir.filePath(QStringLiteral("installation-%1").arg(service));
        QVERIFY(QDir().mkpath(dataDir));
        const QString deviceId = DeviceId::generate();
        {
            // What the app keeps in its settings (app/gui/main.cpp).
            QSettings settings(
                QDir(dataDir).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
            settings.setValue(DeviceId::settingsKey(), deviceId);
            settings.setValue(mobile::serverUrlSettingsKey(), server.url().toString());
        }
        const PushKeys keys =
            signInOnce(server, secrets, QDir(dataDir).filePath(QStringLiteral("tessera.db")),
                deviceId, QStringLiteral("Ben Okafor"));
        QVERIFY(keys.isValid());
        const QString id = notify(
            server, { QStringLiteral("E1002") }, hooks.url(), QStringLiteral("Leave from Asha"));
        QVERIFY(!id.isEmpty());

        // Here the app's own application object exists: the runner leaves it to the app.
        QVERIFY(mobile::appRunning());
        mobile::HeadlessSetup here;
        here.dataDir = dataDir;
        QCOMPARE(QJsonDocument::fromJson(mobile::runHeadlessPush(here, "x"))
                     .object()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("appRunning"));

        const auto helper = [&](const QStringList &request) -> std::pair<QJsonObject, QString> {
            QProcess process;
            process.start(QStringLiteral(TESSERA_HEADLESS_HELPER),
                QStringList { m_ca.caFile(), dataDir, service } + request);
            if (!process.waitForFinished(kTimeout) || process.exitCode() != 0)
                return {};
            const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
            if (lines.size() < 2)
                return {};
            return { QJsonDocument::fromJson(lines.at(0)).object(),
                QString::fromUtf8(lines.at(1)) };
        };
        const QByteArray body = pushFor(messageOf(id, QStringLiteral("Leave from Asha")), keys);
        const auto [shown, shownLeft] =
            helper({ QStringLiteral("push"), QString::fromLatin1(body.toHex()) });
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("show"));
        QCOMPARE(shown.value(QStringLiteral("itemId")).toString(), id);
        QCOMPARE(
            shown.value(QStringLiteral("title")).toString(), QStringLiteral("Leave from Asha"));
        QCOMPARE(shown.value(QStringLiteral("actions")).toArray(),
            QJsonArray({ QStringLiteral("approve"), QStringLiteral("reject") }));
        QCOMPARE(shownLeft, QStringLiteral("left: none"));

        const auto [sent, sentLeft] =
            helper({ QStringLiteral("decide"), id, QStringLiteral("approve") });
        QCOMPARE(sent.value(QStringLiteral("status")).toString(), QStringLiteral("sent"));
        QCOMPARE(sent.value(QStringLiteral("outcome")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(sentLeft, QStringLiteral("left: none"));
        QTRY_COMPARE_WITH_TIMEOUT(decisionsIn(hooks, id), 1, kTimeout);

        const auto [again, againLeft] =
            helper({ QStringLiteral("decide"), id, QStringLiteral("approve") });
        QCOMPARE(again.value(QStringLiteral("status")).toString(), QStringLiteral("refused"));
        QTest::qWait(500);
        QCOMPARE(decisionsIn(hooks, id), 1);
    }
};

QTEST_GUILESS_MAIN(TestMobileHeadless)
#include "tst_mobile_headless.moc"
