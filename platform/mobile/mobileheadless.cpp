#include "mobile/mobileheadless.h"

#include "inbox/decisionoutbox.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "mobile/mobilelogging.h"
#include "mobile/mobilepushpayload.h"
#include "notify/inboxnotifier.h"
#include "push/pushkeys.h"
#include "push/pushmessage.h"
#include "push/webpushdecryptor.h"
#include "services/clientstack.h"

#include <QJsonArray>
#include <QMetaEnum>
#include <QTimer>

namespace tessera {

namespace {

// One answer, whichever of several signals or the time limit comes first: the first call runs
// done, the rest are ignored; the connections and the timer go with the object.
class Waiter : public QObject
{
public:
    Waiter(QObject *parent, std::chrono::milliseconds limit, std::function<void(bool)> done)
        : QObject(parent)
        , m_done(std::move(done))
    {
        QTimer::singleShot(limit, this, [this] { finish(false); });
    }
    // ok: the awaited thing happened (false: the time limit, or a failure).
    void finish(bool ok)
    {
        if (!m_done)
            return;
        auto done = std::exchange(m_done, {});
        deleteLater();
        done(ok);
    }

private:
    std::function<void(bool)> m_done;
};

MobileHeadless::PushResult dropped(const QString &reason)
{
    qCInfo(lcMobile).noquote() << "headless push dropped:" << reason;
    return { MobileHeadless::PushResult::Status::Dropped, {}, false, reason };
}

QString outcomeText(DecisionOutbox::Outcome outcome)
{
    switch (outcome) {
    case DecisionOutbox::Outcome::Confirmed:
        return QStringLiteral("confirmed");
    case DecisionOutbox::Outcome::Conflicted:
        return QStringLiteral("conflicted");
    case DecisionOutbox::Outcome::Refused:
        return QStringLiteral("refused");
    }
    return QStringLiteral("refused");
}

} // namespace

MobileHeadless::MobileHeadless(ApiClient &client, SecretStore &secrets, const DeviceInfo &device,
    Session::Options sessionOptions, Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_secrets(secrets)
    , m_device(device)
    , m_sessionOptions(std::move(sessionOptions))
    , m_options(options)
{ }

MobileHeadless::~MobileHeadless()
{
    // The stack follows the session: it goes first.
    m_stack.reset();
    m_session.reset();
}

InboxStore *MobileHeadless::store() const
{
    return m_stack ? m_stack->part<InboxStore>() : nullptr;
}

void MobileHeadless::open(const std::function<void(Opened opened, bool synced)> &next)
{
    if (m_session) {
        switch (m_session->state()) {
        case Session::State::SignedIn:
            next(Opened::SignedIn, m_synced);
            return;
        case Session::State::Unavailable:
            break; // tried again below, as the app's retry() would
        default:
            next(Opened::SignedOut, false);
            return;
        }
    } else {
        m_session =
            std::make_unique<Session>(m_client, m_secrets, m_device, m_sessionOptions, this);
        ClientStack::Options stackOptions;
        stackOptions.features = ClientStack::Feature::Inbox | ClientStack::Feature::Decisions;
        stackOptions.liveStream = false;
        m_stack = std::make_unique<ClientStack>(*m_session, m_secrets, stackOptions);
        // The outbox sends what waits as soon as the session is open, maybe before decide()
        // asks: its answers are kept for it.
        connect(m_stack->part<DecisionOutbox>(), &DecisionOutbox::decisionFinished, this,
            [this](const QString &itemId, DecisionOutbox::Outcome outcome, const QString &text) {
                m_finished.insert(itemId,
                    DecisionResult { DecisionResult::Status::Sent, outcomeText(outcome), text });
            });
        m_stack->start();
    }

    InboxSync *sync = m_stack->part<InboxSync>();
    auto *restored = new Waiter(this, m_options.timeout * 2, [this, next, sync](bool) {
        if (m_session->state() != Session::State::SignedIn) {
            const bool unavailable = m_session->state() == Session::State::Unavailable;
            qCInfo(lcMobile).noquote()
                << "headless session:" << (unavailable ? "unavailable" : "signed out")
                << m_session->errorCode();
            next(unavailable ? Opened::Unavailable : Opened::SignedOut, false);
            return;
        }
        // Signed in: the stack syncs the inbox at once; its first answer, or the time limit.
        auto *synced = new Waiter(this, m_options.timeout, [this, next](bool ok) {
            m_synced = ok;
            next(Opened::SignedIn, ok);
        });
        connect(sync, &InboxSync::synced, synced, [synced] { synced->finish(true); });
        connect(sync, &InboxSync::syncFailed, synced, [synced] { synced->finish(false); });
    });
    connect(m_session.get(), &Session::finished, restored, [restored] { restored->finish(true); });
    if (m_session->state() == Session::State::Unavailable)
        m_session->retry();
    else
        m_session->restore();
}

void MobileHeadless::handlePush(
    const QByteArray &body, std::function<void(const PushResult &)> done)
{
    // The keys first, and the body decrypted before anything else is opened: what does not
    // decrypt leaves no trace but a log line.
    m_secrets.read(PushKeyStore::secretName())
        .then(this, [this, body, done = std::move(done)](const SecretResult &read) {
            if (read.outcome == SecretOutcome::NotFound) {
                // Signed out (sign-out removes the keys) or never registered.
                done({ PushResult::Status::SignedOut, {}, false,
                    QStringLiteral("no push keys on this device") });
                return;
            }
            if (read.outcome != SecretOutcome::Ok) {
                qCWarning(lcMobile).noquote()
                    << "headless push: the secret store:" << outcomeName(read.outcome);
                done({ PushResult::Status::Unavailable, {}, false,
                    QStringLiteral("the secret store: %1").arg(outcomeName(read.outcome)) });
                return;
            }
            PushKeys keys = PushKeyStore::keysOfRecord(read.value);
            if (!keys.isValid()) {
                done(dropped(QStringLiteral("the stored push keys are not valid")));
                return;
            }
            QString reason;
            std::optional<QByteArray> plaintext;
            {
                const WebPushDecryptor decryptor(keys.privateKey, keys.publicKey, keys.auth);
                plaintext = decryptor.decrypt(body, &reason);
            }
            keys.wipe();
            if (!plaintext) {
                done(dropped(QStringLiteral("does not decrypt: %1").arg(reason)));
                return;
            }
            const std::optional<PushMessage> message = PushMessage::parse(*plaintext, &reason);
            plaintext->fill('\0');
            if (!message) {
                done(dropped(QStringLiteral("not a push message: %1").arg(reason)));
                return;
            }
            showPush(*message, done);
        });
}

void MobileHeadless::showPush(
    const PushMessage &message, std::function<void(const PushResult &)> done)
{
    open([this, message, done = std::move(done)](Opened opened, bool synced) {
        if (opened == Opened::Unavailable) {
            done({ PushResult::Status::Unavailable, {}, false,
                QStringLiteral("the session cannot be opened now") });
            return;
        }
        if (opened == Opened::SignedOut) {
            done({ PushResult::Status::SignedOut, {}, false, QStringLiteral("signed out") });
            return;
        }
        const std::optional<InboxItem> item = store()->item(message.itemId);
        if (item) {
            if (!item->isOpen()) {
                done(dropped(QStringLiteral("the item is %1 already").arg(item->state)));
                return;
            }
            done({ PushResult::Status::Show, InboxNotifier::notificationOf(*item), false, {} });
            return;
        }
        if (synced) {
            // The server's inbox for this person has no such item: not theirs, or gone.
            done(dropped(QStringLiteral("the item is not in this person's inbox")));
            return;
        }
        // Offline: what the push carries, which only the server could encrypt for these keys.
        PushResult result { PushResult::Status::Show, {}, message.hint, {} };
        result.notification.itemId = message.itemId;
        result.notification.title = message.title;
        for (const PushMessage::Action &action : message.actions)
            result.notification.actions.append(action.id);
        done(result);
    });
}

void MobileHeadless::decide(const QString &itemId, const QString &action, const QString &comment,
    std::function<void(const DecisionResult &)> done)
{
    if (!MobilePushPayload::isItemId(itemId) || (action != u"approve" && action != u"reject")
        || comment.size() > MobilePushPayload::maxCommentChars) {
        qCWarning(lcMobile) << "headless decision refused: malformed";
        done({ DecisionResult::Status::Refused, {}, QStringLiteral("not a decision") });
        return;
    }
    open([this, itemId, action, comment, done = std::move(done)](Opened opened, bool) {
        if (opened == Opened::Unavailable) {
            done({ DecisionResult::Status::Unavailable, {},
                QStringLiteral("the session cannot be opened now") });
            return;
        }
        if (opened == Opened::SignedOut) {
            done({ DecisionResult::Status::SignedOut, {}, QStringLiteral("signed out") });
            return;
        }
        if (const auto finished = m_finished.constFind(itemId); finished != m_finished.cend()) {
            // Waiting from an earlier call, and sent as the session opened.
            done(*finished);
            return;
        }
        const std::optional<InboxItem> item = store()->item(itemId);
        if (item && item->pending) {
            // Taken before (an earlier call that could not send it): sent again, same key.
            sendDecision(itemId, done);
            return;
        }
        auto *outbox = m_stack->part<DecisionOutbox>();
        if (const std::optional<ApiError> refused = outbox->decide(itemId, action, comment)) {
            qCInfo(lcMobile).noquote() << "headless decision not taken:" << refused->code;
            done({ DecisionResult::Status::Refused, refused->code, refused->message });
            return;
        }
        sendDecision(itemId, done);
    });
}

void MobileHeadless::sendDecision(
    const QString &itemId, const std::function<void(const DecisionResult &)> &done)
{
    auto *outbox = m_stack->part<DecisionOutbox>();
    auto result = std::make_shared<DecisionResult>(
        DecisionResult { DecisionResult::Status::Waiting, {}, {} });
    auto *sent = new Waiter(this, m_options.timeout, [result, done](bool) { done(*result); });
    connect(outbox, &DecisionOutbox::decisionFinished, sent,
        [itemId, result, sent](
            const QString &finished, DecisionOutbox::Outcome outcome, const QString &text) {
            if (finished != itemId)
                return;
            *result = { DecisionResult::Status::Sent, outcomeText(outcome), text };
            sent->finish(true);
        });
    connect(outbox, &DecisionOutbox::decisionDeferred, sent,
        [itemId, result, sent](const QString &deferred, const QString &reason) {
            if (deferred != itemId)
                return;
            qCInfo(lcMobile).noquote() << "headless decision waits in the outbox:" << reason;
            result->text = reason;
            sent->finish(false);
        });
    outbox->sendNow();
}

QJsonObject MobileHeadless::toJson(const PushResult &result)
{
    QJsonObject json { { QStringLiteral("status"), statusName(result.status) } };
    if (result.status == PushResult::Status::Show) {
        json.insert(QStringLiteral("itemId"), result.notification.itemId);
        json.insert(QStringLiteral("title"), result.notification.title);
        json.insert(QStringLiteral("body"), result.notification.body);
        json.insert(
            QStringLiteral("actions"), QJsonArray::fromStringList(result.notification.actions));
        json.insert(QStringLiteral("hint"), result.hint);
    } else {
        json.insert(QStringLiteral("reason"), result.reason);
    }
    return json;
}

QJsonObject MobileHeadless::toJson(const DecisionResult &result)
{
    QJsonObject json { { QStringLiteral("status"), statusName(result.status) },
        { QStringLiteral("text"), result.text } };
    if (!result.outcome.isEmpty())
        json.insert(QStringLiteral("outcome"), result.outcome);
    return json;
}

QString statusName(MobileHeadless::PushResult::Status status)
{
    using Status = MobileHeadless::PushResult::Status;
    switch (status) {
    case Status::Show:
        return QStringLiteral("show");
    case Status::Dropped:
        return QStringLiteral("dropped");
    case Status::SignedOut:
        return QStringLiteral("signedOut");
    case Status::Unavailable:
        return QStringLiteral("unavailable");
    }
    return QStringLiteral("dropped");
}

QString statusName(MobileHeadless::DecisionResult::Status status)
{
    using Status = MobileHeadless::DecisionResult::Status;
    switch (status) {
    case Status::Sent:
        return QStringLiteral("sent");
    case Status::Waiting:
        return QStringLiteral("waiting");
    case Status::Refused:
        return QStringLiteral("refused");
    case Status::SignedOut:
        return QStringLiteral("signedOut");
    case Status::Unavailable:
        return QStringLiteral("unavailable");
    }
    return QStringLiteral("refused");
}

} // namespace tessera
