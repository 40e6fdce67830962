#include "inbox/decisionservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "inbox/inboxrepository.h"
#include "notifications/approvalrepository.h"
#include "notifications/inboxitemview.h"
#include "notifications/notificationcard.h"
#include "notifications/notificationservice.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"
#include "subsystemevents/eventlog.h"
#include "subsystemevents/subsystemevent.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

using Outcome = DecisionResult::Outcome;

DecisionResult refused(Outcome outcome, const QJsonObject &current = {})
{
    return DecisionResult { outcome, current, {}, false, {} };
}

} // namespace

DecisionService::DecisionService(ChangeFeed &feed, const Clock &clock)
    : m_feed(feed)
    , m_clock(clock)
{ }

DecisionResult DecisionService::decide(const QString &userId, const QString &deviceId,
    const QString &id, const Decision &decision, const BeforeCommit &beforeCommit)
{
    // The inputs are checked against the card before the transaction (a notification's card never
    // changes): the feed's lock is not held while patterns run. What is wrong counts only when
    // the item could otherwise be decided (refusal()).
    QList<cards::InputError> inputErrors;
    {
        QSqlDatabase db = m_feed.storage().connection();
        NotificationRepository::Stored unlocked;
        const Lookup found = NotificationRepository::load(db, id, &unlocked);
        if (found == Lookup::Failed)
            return refused(Outcome::Failed);
        if (found == Lookup::Found)
            inputErrors =
                NotificationCard::checkInputs(unlocked.card, decision.action, decision.inputs);
    }
    QString deliveryId;
    std::optional<InternalDecision> told; // an internal sender's item, decided
    QString internalKey; // and its sender's key row
    DecisionResult result;
    {
        ChangeTransaction transaction(m_feed);
        if (!transaction.isActive())
            return refused(Outcome::Failed);
        const QString now = wiretime::format(m_clock.now());
        // The notification's row first, locked: deciders of one item (the approvers of an "all"
        // item counting who is still pending) take their turns, and what is read here holds.
        NotificationRepository::Stored stored;
        switch (NotificationRepository::load(transaction.db(), id, &stored, true)) {
        case Lookup::Failed:
            return refused(Outcome::Failed);
        case Lookup::Missing:
            return refused(Outcome::NotFound);
        case Lookup::Found:
            break;
        }
        std::optional<QJsonObject> current = InboxItemView::load(transaction.db(), userId, id, now);
        if (!current)
            return refused(Outcome::NotFound);
        if (InboxItemView::dueToExpire(stored.state, stored.expiresAt, now)) {
            bool queued = false;
            const Written ended = NotificationService::end(
                transaction, id, QStringLiteral("expired"), stored.expiresAt, &queued);
            if (ended == Written::Failed)
                return refused(Outcome::Failed);
            if (ended == Written::Changed)
                return expired(transaction, userId, id, queued, beforeCommit);
            // Ended by someone else meanwhile: refused as it stands now.
            if (NotificationRepository::load(transaction.db(), id, &stored) != Lookup::Found
                || !(current = InboxItemView::load(transaction.db(), userId, id, now)))
                return refused(Outcome::Failed);
        }
        if (auto refusedNow = refusal(stored, *current, decision, inputErrors))
            return *refusedNow;
        bool notTaken = false;
        const Written recorded = record(
            transaction, userId, deviceId, id, stored, decision, &deliveryId, &notTaken, &told);
        // Rolled back: the item stays open, as before the decision.
        if (notTaken)
            return refused(Outcome::NotTaken, *current);
        if (recorded == Written::Failed)
            return refused(Outcome::Failed);
        internalKey = stored.apiKeyId;
        // Someone decided it (or this approver) first: rolled back, nothing written here.
        if (recorded == Written::Unchanged)
            return refused(Outcome::AlreadyDecided, *current);
        const std::optional<QJsonObject> decided =
            InboxItemView::load(transaction.db(), userId, id, now);
        if (!decided)
            return refused(Outcome::Failed);
        result = refused(Outcome::Decided, *decided);
        if ((beforeCommit && !beforeCommit(result)) || !transaction.commit())
            return refused(Outcome::Failed);
    }
    qCInfo(lcServer) << "notification" << id << "decided" << decision.action << "by" << userId;
    if (!deliveryId.isEmpty() && m_queued)
        m_queued();
    if (told && m_internal)
        m_internal->internalCommitted(internalKey, *told);
    return result;
}

DecisionResult DecisionService::expired(ChangeTransaction &transaction, const QString &userId,
    const QString &id, bool queuedWebhook, const BeforeCommit &beforeCommit)
{
    DecisionResult result = refused(Outcome::Expired,
        InboxItemView::load(transaction.db(), userId, id, wiretime::format(m_clock.now()))
            .value_or(QJsonObject {}));
    result.expiredNow = true;
    if ((beforeCommit && !beforeCommit(result)) || !transaction.commit())
        return refused(Outcome::Failed);
    // The notification.expired webhook goes now, not at the dispatcher's next poll.
    if (queuedWebhook && m_queued)
        m_queued();
    return result;
}

std::optional<DecisionResult> DecisionService::refusal(const NotificationRepository::Stored &stored,
    const QJsonObject &current, const Decision &decision,
    const QList<cards::InputError> &inputErrors)
{
    if (stored.state == QStringLiteral("decided"))
        return refused(Outcome::AlreadyDecided, current);
    // "all": this approver has approved; the item waits for the others.
    if (stored.state == QStringLiteral("open")
        && stored.approvalMode == ApprovalRepository::modeAll()
        && current.value(QStringLiteral("state")).toString() == QStringLiteral("approved"))
        return refused(Outcome::AlreadyDecided, current);
    if (stored.state == QStringLiteral("expired"))
        return refused(Outcome::Expired, current);
    if (stored.state == QStringLiteral("withdrawn"))
        return refused(Outcome::Withdrawn, current);
    if (!current.value(QStringLiteral("actionable")).toBool())
        return refused(Outcome::NotActionable, current);
    QJsonObject chosen;
    for (const auto &value : stored.actions) {
        if (value.toObject().value(QStringLiteral("id")).toString() == decision.action)
            chosen = value.toObject();
    }
    if (chosen.isEmpty())
        return refused(Outcome::UnknownAction, current);
    if (chosen.value(QStringLiteral("requiresComment")).toBool()
        && decision.comment.trimmed().isEmpty()) {
        DecisionResult result = refused(Outcome::CommentRequired, current);
        result.actionLabel = chosen.value(QStringLiteral("label")).toString();
        return result;
    }
    if (!inputErrors.isEmpty()) {
        DecisionResult result = refused(Outcome::InvalidInputs, current);
        result.inputErrors = inputErrors;
        return result;
    }
    if (decision.version != stored.version)
        return refused(Outcome::VersionConflict, current);
    return std::nullopt;
}

Written DecisionService::recordApproval(QSqlDatabase &db, const QString &id, const QString &userId,
    const Decision &decision, const QString &at, const QString &via, const QString &inputs,
    bool *decides)
{
    // The item is decided by the last approval or the first rejection. An approval that leaves
    // it open keeps its version: others' approvals do not make what an approver saw stale.
    const bool rejects = decision.action == QStringLiteral("reject");
    const Written set = ApprovalRepository::set(db, id, userId,
        rejects ? QStringLiteral("rejected") : QStringLiteral("approved"), at, via,
        decision.comment, inputs);
    if (set != Written::Changed)
        return set;
    const std::optional<qsizetype> pending = ApprovalRepository::pendingCount(db, id);
    if (!pending)
        return Written::Failed;
    *decides = rejects || *pending == 0;
    return Written::Changed;
}

Written DecisionService::record(ChangeTransaction &transaction, const QString &userId,
    const QString &deviceId, const QString &id, const NotificationRepository::Stored &stored,
    const Decision &decision, QString *deliveryId, bool *notTaken,
    std::optional<InternalDecision> *told)
{
    QSqlDatabase &db = transaction.db();
    const std::optional<QString> name = InboxRepository::displayName(db, userId);
    if (!name)
        return Written::Failed;
    const QString via = InboxRepository::decidedVia(db, userId, deviceId);
    const QString now = wiretime::format(m_clock.now());
    const bool all = stored.approvalMode == ApprovalRepository::modeAll();
    // A card's inputs reach the sub-system (and are kept with the decision, and with each
    // approval of an "all" item); without a card the decision has none (null).
    const bool withCard = !stored.card.isEmpty();
    const QString inputs = withCard
        ? QString::fromUtf8(QJsonDocument(decision.inputs).toJson(QJsonDocument::Compact))
        : QString();
    bool decides = true;
    std::optional<QJsonArray> approvals;
    if (all) {
        const Written approval =
            recordApproval(db, id, userId, decision, now, via, inputs, &decides);
        if (approval != Written::Changed)
            return approval;
    }
    if (decides) {
        const Written decided = NotificationRepository::decide(
            db, id, decision.action, userId, *name, now, via, decision.comment, inputs);
        if (decided != Written::Changed)
            return decided;
    }
    if (NotificationService::isInternalKey(stored.apiKeyId)) {
        // The server's own feature acts on it here (no events feed, no webhook); an approval that
        // leaves an "all" item open waits for the deciding one.
        if (decides) {
            const InternalDecision internal { id, stored.reference, decision.action,
                decision.comment, userId, now };
            if (!tellInternal(transaction, internal, stored.apiKeyId)) {
                *notTaken = true;
                return Written::Failed;
            }
            *told = internal;
        }
        return stamp(transaction, id);
    }
    if (all && !(approvals = ApprovalRepository::list(db, id)))
        return Written::Failed;
    QJsonObject extra;
    if (approvals)
        extra.insert(QStringLiteral("approvals"), *approvals);
    const QJsonObject event = SubsystemEvent::make(
        decides ? SubsystemEvent::Type::Decided : SubsystemEvent::Type::Approval, id,
        stored.reference, now,
        SubsystemEvent::Decision { decision.action, decision.comment,
            withCard ? QJsonValue(decision.inputs) : QJsonValue(QJsonValue::Null), userId, *name,
            now, via },
        extra);
    if (!EventLog::record(db, stored.apiKeyId, event))
        return Written::Failed;
    if (!stored.callbackUrl.isEmpty()) {
        *deliveryId = randomtokens::urlSafe(QStringLiteral("dlv_"), 16);
        if (!NotificationRepository::queueWebhook(db, *deliveryId, id, stored.apiKeyId,
                stored.callbackUrl, SubsystemEvent::webhookBody(event, *deliveryId), now))
            return Written::Failed;
    }
    return stamp(transaction, id);
}

bool DecisionService::tellInternal(
    ChangeTransaction &transaction, const InternalDecision &decision, const QString &apiKeyId) const
{
    const NotificationService::InternalHandler *handler =
        m_internal ? m_internal->internalHandler(apiKeyId) : nullptr;
    if (!handler || !*handler) {
        qCWarning(lcServer) << "no handler for the decisions of" << apiKeyId;
        return false;
    }
    return (*handler)(transaction, decision);
}

Written DecisionService::stamp(ChangeTransaction &transaction, const QString &id)
{
    QSqlDatabase &db = transaction.db();
    const std::optional<QStringList> people = NotificationRepository::recipients(db, id);
    if (!people)
        return Written::Failed;
    const std::optional<qint64> cursor =
        transaction.record(Change::of(NotificationService::changeKind(), *people));
    return cursor && NotificationRepository::stampInboxes(db, id, *cursor) ? Written::Changed
                                                                           : Written::Failed;
}

} // namespace tessera::server
