#pragma once

#include "identity/session.h"
#include "notify/notifier.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace tessera {

class ClientStack;
class DeviceInfo;
class InboxStore;
class SecretStore;
struct PushMessage;

// The phones' core with the app closed (Android: a push or a notification action while no
// activity runs): no QGuiApplication, no QML. It opens what a decision needs, the way the app
// does, through the same classes: the Session restored from the secret store (tokens; the
// SQLCipher database, its key from the store), a ClientStack of the inbox and its decision
// outbox without the live stream. Then:
// - handlePush(): the push keys read from the store (never made: a push for keys this device
//   does not hold is dropped), the body decrypted (WebPushDecryptor) and read (PushMessage),
//   then one inbox sync, bounded in time. Shown: the synced item as the app would show it
//   (InboxNotifier::notificationOf); an item the sync did not bring, or already decided:
//   dropped; no sync in time (offline): the push's own title and actions, which only the
//   server could have encrypted for this device's keys. A body that does not decrypt or is no
//   push message is dropped and logged by kind before anything is opened: nothing is stored.
// - decide(): the decision through the DecisionOutbox (written to the database first with its
//   Idempotency-Key: exactly once, however often the OS repeats the action), then one attempt
//   to send it, bounded in time; what is not sent by then stays in the outbox, which the app
//   sends when it next runs (or the next headless call: a decision already waiting is sent
//   again, never written twice).
// A secret store or database that cannot be opened is Unavailable: nothing is wiped, nothing
// made (the Session's own rule). One request at a time; the callbacks come on this object's
// thread, which needs a running event loop (a QCoreApplication, see mobileheadlessrunner.h).
class MobileHeadless : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // How long a request waits for the network (the restore's refresh, the sync, sending
        // the decision) before answering with what it has.
        std::chrono::milliseconds timeout = std::chrono::seconds(20);
    };

    struct PushResult
    {
        enum class Status {
            Show, // notification: show it
            Dropped, // nothing to show (reason, for the log)
            SignedOut, // no session on this device
            Unavailable, // the secret store or the database cannot be used now
        };
        Status status = Status::Dropped;
        Notification notification;
        // The push said only that an item came (no title fitted): the OS shows a content-free
        // "New item" when the sync did not bring it either.
        bool hint = false;
        QString reason;
    };

    struct DecisionResult
    {
        enum class Status {
            Sent, // the server answered for good (text: "Approved", "Already approved by ...")
            Waiting, // in the outbox, not sent yet: the app sends it when it next runs
            Refused, // not taken here (unknown item, already decided, a comment needed): text
            SignedOut,
            Unavailable,
        };
        Status status = Status::Refused;
        // Sent: the server's answer, "confirmed", "conflicted" or "refused"; Refused: why not
        // here ("comment_required", "decision_pending" ...: the OS code opens the app for a
        // comment).
        QString outcome;
        QString text;
    };

    // client, secrets and device must outlive this; sessionOptions as the app gives its Session
    // (the database path, the device id, clientSchema()).
    MobileHeadless(ApiClient &client, SecretStore &secrets, const DeviceInfo &device,
        Session::Options sessionOptions, Options options, QObject *parent = nullptr);
    ~MobileHeadless() override;

    // body: the encrypted Web Push body (MobilePushPayload has taken it out of the OS's form).
    void handlePush(const QByteArray &body, std::function<void(const PushResult &)> done);
    // action: "approve" or "reject"; comment as typed (a reject's text input), or empty.
    void decide(const QString &itemId, const QString &action, const QString &comment,
        std::function<void(const DecisionResult &)> done);

    // The answers as the OS code reads them (JSON through JNI): {"status", ...}.
    static QJsonObject toJson(const PushResult &result);
    static QJsonObject toJson(const DecisionResult &result);

    // For tests: the session and the inbox store it opened (null before).
    Session *session() const { return m_session.get(); }
    InboxStore *store() const;

private:
    enum class Opened { SignedIn, SignedOut, Unavailable };
    // Restores the session once and waits for its first sync (bounded); then next(synced).
    void open(const std::function<void(Opened opened, bool synced)> &next);
    void showPush(const PushMessage &message, std::function<void(const PushResult &)> done);
    void sendDecision(
        const QString &itemId, const std::function<void(const DecisionResult &)> &done);

    ApiClient &m_client;
    SecretStore &m_secrets;
    const DeviceInfo &m_device;
    Session::Options m_sessionOptions;
    Options m_options;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ClientStack> m_stack;
    bool m_synced = false;
    // The outbox's final answers since the session opened, by item.
    QHash<QString, DecisionResult> m_finished;
};

QString statusName(MobileHeadless::PushResult::Status status);
QString statusName(MobileHeadless::DecisionResult::Status status);

} // namespace tessera
