#pragma once

#include "notifications/newnotification.h"
#include "notifications/notificationresults.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;
class Clock;
struct InternalDecision;

// Notifications from sub-systems (docs/NOTIFICATIONS.md): create, withdraw, list deliveries,
// end (withdrawn or expired). Each change that shows in someone's inbox takes its cursor from the
// change feed (kind "inbox"). Blocking; runs on the route table's worker pool.
class NotificationService
{
public:
    // Told inside the transaction, just before it commits; false rolls the change back.
    template<typename Result>
    using BeforeCommit = std::function<bool(const Result &)>;

    // Told inside the creating transaction of a notification that carries a card (its id, the
    // key, the notification and the people it reached); false rolls the creation back. The media
    // its card links to are recorded there (the composition root sets it).
    using WriteHook = std::function<bool(QSqlDatabase &db, const QString &id,
        const QString &apiKeyId, const NewNotification &notification, const QStringList &people)>;

    // What an internal sender (notifications/internalsender.h) does with a decision of one of its
    // items, inside the deciding transaction; false rolls the decision back.
    using InternalHandler = std::function<bool(ChangeTransaction &, const InternalDecision &)>;
    // Told (on the deciding worker thread) after that decision committed.
    using InternalCommitted = std::function<void(const InternalDecision &)>;

    // The change feed kind of every inbox change.
    static QString changeKind();

    // Registers changeKind() with feed.
    NotificationService(ChangeFeed &feed, const Clock &clock);

    void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }
    // Told inside the creating transaction of every notification (card or not), with the people
    // it reached: the push queue's rows are written there (the composition root sets it).
    void setRecipientsHook(WriteHook hook) { m_recipientsHook = std::move(hook); }

    // apiKeyId's sub-system (named subsystem) sends notification.
    CreateResult create(const QString &apiKeyId, const QString &subsystem,
        const NewNotification &notification, const BeforeCommit<CreateResult> &beforeCommit = {});
    // create() inside the caller's transaction (which holds the feed's lock), for the server's
    // own senders (InternalSender): no callback URL, the recipients resolved in the transaction,
    // nothing committed here. Failed leaves the transaction to be rolled back.
    CreateResult createIn(ChangeTransaction &transaction, const QString &apiKeyId,
        const QString &subsystem, const NewNotification &notification);

    // Registers the decision handler of the internal sender apiKeyId (by the composition root,
    // before the server serves: read without a lock afterwards).
    void addInternalSender(
        const QString &apiKeyId, InternalHandler handler, InternalCommitted committed = {});
    // The handler of apiKeyId's decisions; nullptr when it is not a registered internal sender.
    const InternalHandler *internalHandler(const QString &apiKeyId) const;
    // Tells apiKeyId's internal sender (if any) that decision committed.
    void internalCommitted(const QString &apiKeyId, const InternalDecision &decision) const;
    // Whether apiKeyId is an internal sender's key row (never a sub-system's: those are "key_...").
    static bool isInternalKey(const QString &apiKeyId);
    static QString internalKeyPrefix();

    // Withdraws apiKeyId's open notification id; a notification already ended stays as it was
    // (one past its expiresAt expires now: AlreadyEnded).
    WithdrawResult withdraw(const QString &apiKeyId, const QString &id);
    DeliveriesResult deliveries(const QString &apiKeyId, const QString &id);
    // Ends notification id ("withdrawn" or "expired") for every recipient inside transaction if it
    // is still open (its row locked first): one change in the feed, one event in its sender's
    // events feed and, when it expired and has a callback URL, a notification.expired webhook
    // delivery (*queuedWebhook set). Unchanged, recording nothing, when it had ended or been
    // decided already (another node's sweep, a withdrawal or a decision came first).
    static Written end(ChangeTransaction &transaction, const QString &id, const QString &state,
        const QString &endedAt, bool *queuedWebhook = nullptr);
    // Expires open notifications past their expiresAt (at most 500 a call): how many, or nullopt
    // when the database failed.
    std::optional<qsizetype> expireDue();

    // Told (on a worker thread) after an expiry (the sweep's, or a withdrawal's that found the
    // notification past its time) queued webhook deliveries.
    void setDeliveryListener(std::function<void()> listener) { m_queued = std::move(listener); }

    ChangeFeed &feed() const { return m_feed; }
    const Clock &clock() const { return m_clock; }

    // The most approvers an "all" notification may name.
    static constexpr qsizetype maxApprovers = 20;

private:
    // Who a notification reaches: the people, an "all" notification's approvers in the order
    // named, and the named users left out.
    struct Audience
    {
        QStringList people;
        QStringList approvers;
        QList<DroppedRecipient> dropped;
    };

    // Resolves notification's recipients into *out on db; the refusal (NoRecipients,
    // ApprovalInvalid) or Failed when there is one.
    static std::optional<CreateResult> audience(
        QSqlDatabase &db, const NewNotification &notification, Audience *out);
    // Writes the notification created, its approvers, inbox rows and change in transaction.
    bool write(ChangeTransaction &transaction, const CreateResult &created, const QString &apiKeyId,
        const QString &subsystem, const NewNotification &notification, const QString &callback,
        const Audience &to);
    // Why notification's approval rules cannot be followed, if they cannot.
    static std::optional<CreateResult> checkApproval(const NewNotification &notification);
    // "all": the refusal when any named approver was dropped (every one of them must be able to
    // approve).
    static std::optional<CreateResult> checkApprovers(
        const NewNotification &notification, const QList<DroppedRecipient> &dropped);
    // The normalized callback URL (empty for none), or the outcome that refuses it.
    std::optional<CreateResult> checkCallback(
        const QString &apiKeyId, const QString &given, QString *callback);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    std::function<void()> m_queued;
    WriteHook m_writeHook;
    WriteHook m_recipientsHook;
    QHash<QString, std::pair<InternalHandler, InternalCommitted>> m_internal;
};

} // namespace tessera::server
