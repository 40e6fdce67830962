#pragma once

// What the tests of the app's own push against the real server share (beside
// inboxserverfixture.h; the server side's pieces are pushserverparts.h's): a server started with a
// VAPID key, a loopback push service in this process (fakes/fakepushchannel.h), one installation of
// the app with the inbox, its decisions and push (PushDevice: its keychain entries under a service
// of its own, core's InboxNotifier on a FakeNotifier, active as when the app is closed), signing
// in, and a push encrypted for a device's keys as the server would.
#include "fakes/fakenotifier.h"
#include "fakes/fakepushchannel.h"
#include "inboxserverfixture.h"
#include "keyringsession.h"
#include "notify/inboxnotifier.h"
#include "push/pushclient.h"
#include "push/pushkeys.h"
#include "push/webpushcrypto.h"
#include "pushserverparts.h"
#include "services/clientschema.h"
#include "storage/keychainsecretstore.h"

#include <QProcess>
#include <QUuid>

namespace tessera::test {

// One installation of the app with the inbox, its decisions and push (the inbox's live stream
// only when asked); its keychain entries under service.
struct PushDevice
{
    std::unique_ptr<KeychainSecretStore> secrets;
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    PushClient *push = nullptr;
    FakeNotifier notifier;
    std::unique_ptr<InboxNotifier> notifications;

    PushDevice(const QUrl &server, const QString &caFile, const DeviceInfo &info,
        const QString &service, const QString &databasePath, const QString &deviceId,
        bool liveStream = false)
    {
        secrets = std::make_unique<KeychainSecretStore>(service);
        QString error;
        const auto endpoint =
            ServerEndpoint::parse(server.toString(), ServerEndpoint::PlainHttp::Refuse, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        TlsPolicy tls;
        tls.addCaCertificates(*TlsPolicy::readCaFile(caFile, &error));
        client = std::make_unique<ApiClient>(*endpoint, tls);
        client->setTimeout(std::chrono::seconds(5));
        Session::Options options { databasePath, deviceId, {} };
        options.schema = clientSchema();
        session = std::make_unique<Session>(*client, *secrets, info, options);
        ClientStack::Options stackOptions;
        stackOptions.features = ClientStack::Feature::Inbox | ClientStack::Feature::Decisions
            | ClientStack::Feature::Push;
        stackOptions.liveStream = liveStream;
        stackOptions.retryDelays =
            ClientStack::RetryDelays { std::chrono::milliseconds(200), std::chrono::seconds(2) };
        stack = std::make_unique<ClientStack>(*session, *secrets, stackOptions);
        store = stack->part<InboxStore>();
        sync = stack->part<InboxSync>();
        push = stack->part<PushClient>();
        notifications =
            std::make_unique<InboxNotifier>(*store, sync, stack->part<DecisionOutbox>(), notifier);
        notifications->setActive(true); // the app is closed or in the background
        push->setInboxNotifier(notifications.get());
        stack->start();
    }

    ~PushDevice()
    {
        notifications.reset();
        stack.reset();
        session.reset();
        client.reset();
        secrets.reset();
    }

    PushDevice(const PushDevice &) = delete;
    PushDevice &operator=(const PushDevice &) = delete;

    bool run(const std::function<void()> &action)
    {
        QSignalSpy finished(session.get(), &Session::finished);
        action();
        return QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTimeout);
    }

    int shownCount(const QString &itemId) const { return int(notifier.shownIds().count(itemId)); }
};

// The push keys the device keeps in its keychain (invalid when they cannot be read).
inline PushKeys storedKeys(SecretStore &secrets)
{
    PushKeyStore keys(secrets);
    std::optional<PushKeys> result;
    keys.obtain([&result](const SecretResult &, const PushKeys &obtained) { result = obtained; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, kTimeout))
        return {};
    return *result;
}

// A keychain read, waited for on the event loop (the keychain answers through it).
inline SecretOutcome readOutcome(SecretStore &secrets, const QString &name)
{
    QFuture<SecretResult> read = secrets.read(name);
    if (!QTest::qWaitFor([&] { return read.isFinished(); }, kTimeout))
        return SecretOutcome::Unavailable;
    return read.result().outcome;
}

class PushServerFixture : public InboxServerFixture
{
protected:
    QString m_vapidKey;
    LoopbackPushService m_service;

    static QString script() { return QStringLiteral(TESSERA_WEBPUSH_RECEIVER); }

    // A keychain service of its own per device (what one installation keeps).
    static QString newService()
    {
        return QStringLiteral("tessera-test-push-") + QUuid::createUuid().toString(QUuid::Id128);
    }

    // initTestCase's part after the keyring's check: the CA and people, a VAPID key, the push
    // service.
    bool startPushParts()
    {
        startParts();
        m_vapidKey = m_dir.filePath(QStringLiteral("vapid.pem"));
        return makeVapidKey(script(), m_vapidKey) && m_service.listen();
    }

    bool startServer(ServerProcess &server)
    {
        ServerProcess::Options options = serverOptions();
        options.extraArguments << vapidArguments(m_vapidKey);
        if (!server.start(options)) {
            qWarning().noquote() << server.error();
            return false;
        }
        return true;
    }

    // A push for itemId with a title, encrypted for keys as the server would.
    static QByteArray pushFor(
        const QString &itemId, const QByteArray &p256dh, const QByteArray &auth)
    {
        const QByteArray text =
            QJsonDocument(QJsonObject { { QStringLiteral("id"), itemId },
                              { QStringLiteral("title"), QStringLiteral("T") } })
                .toJson(QJsonDocument::Compact);
        return server::WebPushCrypto::encrypt(text, p256dh, auth).value_or(QByteArray());
    }
};

} // namespace tessera::test
