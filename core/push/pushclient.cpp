#include "push/pushclient.h"

#include "base/futurewatch.h"
#include "identity/session.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "notify/inboxnotifier.h"
#include "push/pushlog.h"
#include "push/pushmessage.h"
#include "push/webpushdecryptor.h"

#include <QJsonObject>

namespace tessera {

Q_LOGGING_CATEGORY(lcPush, "tessera.client.push", QtInfoMsg)

namespace {

QString base64Url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const QString pushPath = QStringLiteral("/v1/me/push");

} // namespace

PushClient::PushClient(
    Session &session, SecretStore &secrets, InboxStore &store, InboxSync &sync, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_store(store)
    , m_sync(sync)
    , m_keys(secrets)
{
    SessionScope &scope = m_session.scope();
    connect(&scope, &SessionScope::started, this, &PushClient::followSession);
    connect(&scope, &SessionScope::ended, this, [this] {
        m_registered = false;
        m_waiting.clear();
    });
    connect(&m_session, &Session::stateChanged, this, &PushClient::stateChanged);
    connect(&m_sync, &InboxSync::synced, this, &PushClient::synced);
}

PushClient::~PushClient() = default;

void PushClient::setChannel(PushChannel *channel)
{
    if (m_channel == channel)
        return;
    if (m_channel != nullptr)
        disconnect(m_channel, nullptr, this, nullptr);
    m_channel = channel;
    m_registered = false;
    if (channel == nullptr)
        return;
    connect(channel, &QObject::destroyed, this, [this] { m_channel = nullptr; });
    connect(m_channel, &PushChannel::registered, this, &PushClient::onChannelRegistered);
    connect(m_channel, &PushChannel::registrationFailed, this, [this](const QString &reason) {
        m_registering = false;
        qCInfo(lcPush).noquote() << "the platform gave no push registration:" << reason;
        Q_EMIT registrationFailed(reason);
    });
    connect(m_channel, &PushChannel::registrationChanged, this, &PushClient::beginRegistration);
    connect(m_channel, &PushChannel::messageReceived, this, &PushClient::onMessage);
    followSession();
}

void PushClient::setInboxNotifier(InboxNotifier *notifier)
{
    if (m_notifier != nullptr)
        disconnect(m_notifier, nullptr, this, nullptr);
    m_notifier = notifier;
    if (notifier != nullptr)
        connect(notifier, &QObject::destroyed, this, [this] { m_notifier = nullptr; });
}

void PushClient::retryRegistration()
{
    beginRegistration();
}

bool PushClient::mayRun() const
{
    return m_channel != nullptr && m_session.servicesMayRun();
}

void PushClient::followSession()
{
    // A sign-in (a restore included): the device key may be new, so are the keys then.
    m_decryptor.reset();
    beginRegistration();
}

void PushClient::stateChanged()
{
    PushChannel *channel = m_channel;
    if (m_session.state() != Session::State::SigningOut || channel == nullptr)
        return;
    // The tokens are still there: the server forgets this device's subscription (it also does
    // on the logout itself; best effort), the OS forgets the app, the keys go.
    if (m_registered)
        m_session.deleteResource(pushPath);
    m_registered = false;
    channel->unregister();
    m_decryptor.reset();
    m_keys.remove();
}

void PushClient::withKeys(const std::function<void()> &next)
{
    if (m_decryptor) {
        next();
        return;
    }
    m_afterKeys.append(next);
    if (m_loadingKeys)
        return;
    m_loadingKeys = true;
    m_keys.obtain([this](const SecretResult &failure, PushKeys keys) {
        m_loadingKeys = false;
        const QList<std::function<void()>> waiting = std::exchange(m_afterKeys, {});
        if (failure.outcome != SecretOutcome::Ok) {
            m_registering = false;
            if (!waiting.isEmpty())
                qCInfo(lcPush) << "what waited for the keys is dropped:" << waiting.size();
            qCWarning(lcPush).noquote()
                << "the push keys cannot be had now; the registration waits:"
                << outcomeName(failure.outcome) << failure.message;
            Q_EMIT registrationFailed(failure.message);
            return;
        }
        m_publicKey = keys.publicKey;
        m_auth = keys.auth;
        m_decryptor =
            std::make_unique<WebPushDecryptor>(keys.privateKey, keys.publicKey, keys.auth);
        keys.wipe();
        for (const auto &each : waiting)
            each();
    });
}

void PushClient::beginRegistration()
{
    if (!mayRun() || m_registering)
        return;
    m_registering = true;
    withKeys([this] {
        PushChannel *channel = m_channel;
        if (channel == nullptr || !m_session.servicesMayRun()) {
            m_registering = false;
            return;
        }
        channel->requestRegistration();
    });
    // A key failure ends it here (withKeys said why).
    if (!m_loadingKeys && !m_decryptor)
        m_registering = false;
}

void PushClient::onChannelRegistered(const PushRegistration &registration)
{
    m_registering = false;
    if (!mayRun() || !m_decryptor)
        return;
    QJsonObject body { { QStringLiteral("transport"), registration.transport },
        { QStringLiteral("keys"),
            QJsonObject { { QStringLiteral("p256dh"), base64Url(m_publicKey) },
                { QStringLiteral("auth"), base64Url(m_auth) } } } };
    if (registration.transport == u"webpush")
        body.insert(QStringLiteral("endpoint"), registration.endpoint);
    else
        body.insert(QStringLiteral("token"), registration.token);
    whenFinished(this, m_session.post(pushPath, body), [this](const ApiReply &reply) {
        m_registered = reply.ok();
        if (!reply.ok()) {
            qCWarning(lcPush).noquote()
                << "the server did not take the push registration:" << reply.httpStatus
                << reply.error.code;
            Q_EMIT registrationFailed(Session::describeFailure(reply));
            return;
        }
        qCInfo(lcPush) << "push registered";
        Q_EMIT registered();
    });
}

void PushClient::onMessage(const QByteArray &encrypted)
{
    if (!m_session.scope().database()) {
        drop(QStringLiteral("a push while signed out"));
        return;
    }
    // The keys come from the keychain once; the push waits for them.
    withKeys([this, body = encrypted] { handle(body); });
}

void PushClient::handle(const QByteArray &encrypted)
{
    QString reason;
    std::optional<QByteArray> plaintext = m_decryptor->decrypt(encrypted, &reason);
    if (!plaintext) {
        drop(QStringLiteral("a push that does not decrypt: %1").arg(reason));
        return;
    }
    const std::optional<PushMessage> message = PushMessage::parse(*plaintext, &reason);
    plaintext->fill('\0');
    if (!message) {
        drop(QStringLiteral("a push that is no push message: %1").arg(reason));
        return;
    }
    const QString &id = message->itemId;
    // Announced already (by the stream or a push, this run or an earlier one): no sync for it.
    if (m_notifier != nullptr && m_notifier->wasAnnounced(id)) {
        qCInfo(lcPush).noquote() << "a push for an item already announced:" << id;
        Q_EMIT pushHandled(id, false);
        return;
    }
    if (m_waiting.size() >= maxWaiting)
        m_waiting.removeFirst();
    m_waiting.append({ id, m_sync.isLoading() ? 2 : 1 });
    m_sync.syncNow();
}

void PushClient::synced()
{
    const QList<std::pair<QString, int>> waiting = std::exchange(m_waiting, {});
    for (auto [id, syncs] : waiting) {
        if (m_store.item(id)) {
            announce(id);
        } else if (--syncs > 0) {
            m_waiting.append({ id, syncs });
        } else {
            // Not in this person's inbox (or gone): nothing to show.
            drop(QStringLiteral("a push for an item not in the inbox: %1").arg(id));
        }
    }
}

void PushClient::announce(const QString &itemId)
{
    InboxNotifier *notifier = m_notifier;
    const bool shown = notifier != nullptr && notifier->showAnnounced(itemId);
    qCInfo(lcPush).noquote() << "a push for" << itemId << (shown ? "shown" : "already seen");
    Q_EMIT pushHandled(itemId, shown);
}

void PushClient::drop(const QString &reason)
{
    qCInfo(lcPush).noquote() << "push dropped:" << reason;
    Q_EMIT pushDropped(reason);
}

} // namespace tessera
