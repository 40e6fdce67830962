#pragma once

#include "push/pushchannel.h"
#include "push/pushkeys.h"

#include <QByteArrayList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <utility>

namespace tessera {

class InboxNotifier;
class InboxStore;
class InboxSync;
class Session;
class WebPushDecryptor;
struct PushMessage;

// The app's own push while it is closed, on a platform's PushChannel:
// - registration: for a signed-in session whose services run, the device's push keys
//   (PushKeyStore: made once, in their own keychain entry, following the device key), the
//   channel's endpoint or token, then POST /v1/me/push {transport, endpoint | token,
//   keys {p256dh, auth}} through the session's authorized API; again when the channel says its
//   token changed and after every sign-in (a new device key brings new push keys). A keychain
//   that cannot be read makes nothing: the registration waits (the log says why) until the next
//   sign-in, token change or retryRegistration(). Sign-out: DELETE /v1/me/push (best effort,
//   while the tokens are still there), the channel unregistered, the keys removed.
// - a push: decrypted (WebPushDecryptor), read (PushMessage), dropped when the InboxNotifier
//   says its item was announced already (the one place that keeps the items notified, by the
//   stream or a push, across restarts), then an inbox delta sync; once the item is in the store
//   it goes to the InboxNotifier (shown once, with its title and actions from the synced item,
//   while the app is not in front; a decision from it goes through the outbox). An id still
//   unknown after the sync, a body that does not decrypt or is no push message: dropped and
//   logged, never shown, never their content in the log.
// Without a channel (the desktop) it does nothing.
class PushClient : public QObject
{
    Q_OBJECT
public:
    // session, store, sync and secrets must outlive this. The Session itself (not only its
    // AuthorizedApi and SessionScope, as other features): the subscription is removed at
    // SigningOut, while the tokens are still there, which only the sign-in state machine tells.
    PushClient(Session &session, SecretStore &secrets, InboxStore &store, InboxSync &sync,
        QObject *parent = nullptr);
    ~PushClient() override;

    static constexpr int maxWaiting = 32;

    // The platform's channel (null: none, nothing happens); forgotten when destroyed.
    void setChannel(PushChannel *channel);
    PushChannel *channel() const { return m_channel; }
    // Where announced items are shown (null: nowhere yet); forgotten when destroyed.
    void setInboxNotifier(InboxNotifier *notifier);
    // Whether the server took this device's current registration.
    bool isRegistered() const { return m_registered; }
    // After a registration that waited (a keychain that could not be read): tries again.
    void retryRegistration();

Q_SIGNALS:
    // POST /v1/me/push answered 2xx (registered()) or not.
    void registered();
    void registrationFailed(const QString &reason);
    // A push was handled: shown says whether it reached the notifier; reason when dropped.
    void pushHandled(const QString &itemId, bool shown);
    void pushDropped(const QString &reason);

private:
    void followSession();
    void stateChanged();
    void beginRegistration();
    void onChannelRegistered(const PushRegistration &registration);
    void onMessage(const QByteArray &encrypted);
    void withKeys(const std::function<void()> &next);
    void handle(const QByteArray &encrypted);
    void synced();
    void announce(const QString &itemId);
    void drop(const QString &reason);
    bool mayRun() const;

    Session &m_session;
    InboxStore &m_store;
    InboxSync &m_sync;
    PushKeyStore m_keys;
    PushChannel *m_channel = nullptr;
    InboxNotifier *m_notifier = nullptr;
    std::unique_ptr<WebPushDecryptor> m_decryptor;
    QByteArray m_publicKey;
    QByteArray m_auth;
    bool m_loadingKeys = false;
    bool m_registering = false;
    bool m_registered = false;
    QList<std::function<void()>> m_afterKeys;
    // Announced items waiting for a sync to bring them, with how many syncs to wait for (two
    // when one was running as the push came: it may have read the inbox before the item).
    QList<std::pair<QString, int>> m_waiting;
};

} // namespace tessera
