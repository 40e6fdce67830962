#pragma once

#include "inbox/inboxresults.h"
#include "notifications/internalsender.h"
#include "notifications/notificationrepository.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;
class Clock;
class NotificationService;

// A person decides an actionable item of their inbox (docs/NOTIFICATIONS.md): exactly once for
// all its recipients, on the version they saw; the first decision wins ("any"), or each approver
// decides once and the last approval or the first rejection decides ("all"). A decision is a change
// in the feed for every recipient, an event in the sender's events feed and, when the sender gave a
// callback URL, a webhook delivery queued in the same transaction. Blocking; runs on the worker
// pool.
class DecisionService
{
public:
    // Told inside the transaction, just before it commits; false rolls the change back.
    using BeforeCommit = std::function<bool(const DecisionResult &)>;
    // Told (on a worker thread) after a commit that queued a webhook delivery.
    using DeliveryListener = std::function<void()>;

    DecisionService(ChangeFeed &feed, const Clock &clock);

    void setDeliveryListener(DeliveryListener listener) { m_queued = std::move(listener); }
    // Where the handlers of the server's own senders (InternalSender) are registered: their
    // items' decisions go to the handler, in the deciding transaction, instead of an event and a
    // webhook. Without it (or without a handler) such a decision is NotTaken.
    void setInternalSenders(const NotificationService *notifications)
    {
        m_internal = notifications;
    }
    ChangeFeed &feed() const { return m_feed; }
    const Clock &clock() const { return m_clock; }

    DecisionResult decide(const QString &userId, const QString &deviceId, const QString &id,
        const Decision &decision, const BeforeCommit &beforeCommit = {});

private:
    // Past its time but not swept yet, it was ended here: the answer, committed (the webhook
    // dispatcher told when the expiry queued a delivery).
    DecisionResult expired(ChangeTransaction &transaction, const QString &userId, const QString &id,
        bool queuedWebhook, const BeforeCommit &beforeCommit);
    // Why the decision cannot be taken, if it cannot.
    // inputErrors: what NotificationCard::checkInputs found wrong with the decision's inputs.
    static std::optional<DecisionResult> refusal(const NotificationRepository::Stored &stored,
        const QJsonObject &current, const Decision &decision,
        const QList<cards::InputError> &inputErrors);
    // "all": records userId's approval or rejection; *decides when it decides the item.
    // Unchanged when the approver had decided already.
    static Written recordApproval(QSqlDatabase &db, const QString &id, const QString &userId,
        const Decision &decision, const QString &at, const QString &via, const QString &inputs,
        bool *decides);
    // Writes the decision (or an "all" approval), its event (notification.decided or
    // notification.approval), the webhook delivery (its id in *deliveryId) and the change.
    // Unchanged, writing nothing, when the item (or this approver) was decided already. An
    // internal sender's item: its handler instead of the event and webhook; *notTaken (and
    // Failed) when the handler refused, *told what it was told when it accepted.
    Written record(ChangeTransaction &transaction, const QString &userId, const QString &deviceId,
        const QString &id, const NotificationRepository::Stored &stored, const Decision &decision,
        QString *deliveryId, bool *notTaken, std::optional<InternalDecision> *told);
    // A change for every recipient of id, their inbox rows stamped with its cursor.
    static Written stamp(ChangeTransaction &transaction, const QString &id);
    // Tells the internal sender of stored its decision (in transaction): whether it acted.
    bool tellInternal(ChangeTransaction &transaction, const InternalDecision &decision,
        const QString &apiKeyId) const;

    ChangeFeed &m_feed;
    const Clock &m_clock;
    DeliveryListener m_queued;
    const NotificationService *m_internal = nullptr;
};

} // namespace tessera::server
