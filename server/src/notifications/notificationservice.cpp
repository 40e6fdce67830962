#include "notifications/notificationservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "notifications/approvalrepository.h"
#include "notifications/inboxitemview.h"
#include "notifications/notificationrepository.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"
#include "subsystemevents/eventlog.h"
#include "subsystemevents/subsystemevent.h"
#include "subsystems/callbackprefixes.h"

namespace tessera::server {

namespace {

constexpr int kExpiryBatch = 500;

} // namespace

QString NotificationService::changeKind()
{
    return QStringLiteral("inbox");
}

NotificationService::NotificationService(ChangeFeed &feed, const Clock &clock)
    : m_feed(feed)
    , m_clock(clock)
{
    m_feed.registerKind(changeKind());
}

std::optional<CreateResult> NotificationService::checkCallback(
    const QString &apiKeyId, const QString &given, QString *callback)
{
    if (given.isEmpty())
        return std::nullopt;
    // Stored (and POSTed to) normalized: docs/NOTIFICATIONS.md, CallbackUrl.
    QSqlDatabase db = m_feed.storage().connection();
    const CallbackPrefixes::Checked checked = CallbackPrefixes::check(db, apiKeyId, given);
    switch (checked.outcome) {
    case CallbackPrefixes::Checked::Outcome::Allowed:
        *callback = checked.detail;
        return std::nullopt;
    case CallbackPrefixes::Checked::Outcome::Invalid:
        return CreateResult { CreateResult::Outcome::CallbackInvalid, {}, 0, checked.detail, {} };
    case CallbackPrefixes::Checked::Outcome::NotAllowed:
        return CreateResult { CreateResult::Outcome::CallbackNotAllowed, {}, 0, checked.detail,
            {} };
    case CallbackPrefixes::Checked::Outcome::Failed:
        break;
    }
    return CreateResult {};
}

std::optional<CreateResult> NotificationService::checkApproval(const NewNotification &notification)
{
    if (notification.approvalMode != ApprovalRepository::modeAll())
        return std::nullopt;
    const auto refuse = [](const QString &why) {
        return CreateResult { CreateResult::Outcome::ApprovalInvalid, {}, 0, why, {} };
    };
    const Recipients &to = notification.recipients;
    if (!to.departments.isEmpty() || !to.geos.isEmpty() || !to.roles.isEmpty())
        return refuse(QStringLiteral(
            "With “approval.mode” \"all\" the approvers are “recipients.users”, named one by "
            "one: departments, geos and roles cannot be used."));
    if (to.users.isEmpty() || to.users.size() > maxApprovers)
        return refuse(
            QStringLiteral("An “all” approval names 1 to %1 approvers in “recipients.users”.")
                .arg(maxApprovers));
    QStringList ids;
    for (const auto &action : notification.actions)
        ids.append(action.toObject().value(QStringLiteral("id")).toString());
    ids.sort();
    if (!notification.actionable
        || ids != QStringList { QStringLiteral("approve"), QStringLiteral("reject") })
        return refuse(QStringLiteral("An “all” approval is actionable with exactly the actions "
                                     "“approve” and “reject”."));
    return std::nullopt;
}

std::optional<CreateResult> NotificationService::checkApprovers(
    const NewNotification &notification, const QList<DroppedRecipient> &dropped)
{
    if (notification.approvalMode != ApprovalRepository::modeAll() || dropped.isEmpty())
        return std::nullopt;
    QStringList named;
    for (const DroppedRecipient &person : dropped)
        named.append(QStringLiteral("%1 (%2)").arg(person.id, person.reason));
    return CreateResult { CreateResult::Outcome::ApprovalInvalid, {}, 0,
        QStringLiteral("Every approver of an “all” approval must be able to approve; these cannot: "
                       "%1.")
            .arg(named.join(QStringLiteral(", "))),
        dropped };
}

std::optional<CreateResult> NotificationService::audience(
    QSqlDatabase &db, const NewNotification &notification, Audience *out)
{
    std::optional<QStringList> people =
        NotificationRepository::resolve(db, notification.recipients, &out->dropped);
    if (!people)
        return CreateResult {};
    // The requester is never asked to decide their own request, however they were named.
    if (!notification.requester.isEmpty() && people->removeAll(notification.requester) > 0)
        out->dropped.append({ notification.requester, QStringLiteral("requester") });
    if (const auto refused = checkApprovers(notification, out->dropped))
        return *refused;
    if (people->isEmpty())
        return CreateResult { CreateResult::Outcome::NoRecipients, {}, 0, {}, out->dropped };
    out->people = *people;
    if (notification.approvalMode == ApprovalRepository::modeAll()) {
        for (const QString &user : notification.recipients.users) {
            if (people->contains(user) && !out->approvers.contains(user))
                out->approvers.append(user);
        }
    }
    return std::nullopt;
}

bool NotificationService::write(ChangeTransaction &transaction, const CreateResult &created,
    const QString &apiKeyId, const QString &subsystem, const NewNotification &notification,
    const QString &callback, const Audience &to)
{
    std::optional<qint64> cursor;
    return NotificationRepository::insert(transaction.db(), created.id, apiKeyId, subsystem,
               notification, callback, wiretime::format(m_clock.now()), to.people.size())
        && ApprovalRepository::insert(transaction.db(), created.id, to.approvers)
        && (cursor = transaction.record(Change::of(changeKind(), to.people)))
        && NotificationRepository::addToInboxes(transaction.db(), created.id, to.people, *cursor)
        && (!notification.hasCard() || !m_writeHook
            || m_writeHook(transaction.db(), created.id, apiKeyId, notification, to.people))
        && (!m_recipientsHook
            || m_recipientsHook(transaction.db(), created.id, apiKeyId, notification, to.people));
}

CreateResult NotificationService::create(const QString &apiKeyId, const QString &subsystem,
    const NewNotification &notification, const BeforeCommit<CreateResult> &beforeCommit)
{
    // A decision nobody hears of would be lost: with actions, a webhook needs somewhere to go.
    if (notification.actionable && notification.delivery == QStringLiteral("webhook")
        && notification.callbackUrl.isEmpty())
        return CreateResult { CreateResult::Outcome::CallbackRequired, {}, 0, {}, {} };
    if (const auto refused = checkApproval(notification))
        return *refused;
    QString callback;
    if (const auto refused = checkCallback(apiKeyId, notification.callbackUrl, &callback))
        return *refused;
    // Resolved before the feed's lock is taken: a department may be thousands of people.
    Audience to;
    QSqlDatabase db = m_feed.storage().connection();
    if (const auto refused = audience(db, notification, &to))
        return *refused;
    CreateResult created { CreateResult::Outcome::Created,
        randomtokens::urlSafe(QStringLiteral("ntf_"), 16), to.people.size(), {}, to.dropped };
    {
        ChangeTransaction transaction(m_feed);
        const bool ok = transaction.isActive()
            && write(transaction, created, apiKeyId, subsystem, notification, callback, to)
            && (!beforeCommit || beforeCommit(created)) && transaction.commit();
        if (!ok)
            return CreateResult {};
    }
    qCInfo(lcServer) << "notification" << created.id << "from" << subsystem << "to"
                     << to.people.size() << "people";
    return created;
}

CreateResult NotificationService::createIn(ChangeTransaction &transaction, const QString &apiKeyId,
    const QString &subsystem, const NewNotification &notification)
{
    if (const auto refused = checkApproval(notification))
        return *refused;
    Audience to;
    if (const auto refused = audience(transaction.db(), notification, &to))
        return *refused;
    CreateResult created { CreateResult::Outcome::Created,
        randomtokens::urlSafe(QStringLiteral("ntf_"), 16), to.people.size(), {}, to.dropped };
    if (!write(transaction, created, apiKeyId, subsystem, notification, {}, to))
        return CreateResult {};
    return created;
}

void NotificationService::addInternalSender(
    const QString &apiKeyId, InternalHandler handler, InternalCommitted committed)
{
    m_internal.insert(apiKeyId, { std::move(handler), std::move(committed) });
}

const NotificationService::InternalHandler *NotificationService::internalHandler(
    const QString &apiKeyId) const
{
    const auto found = m_internal.constFind(apiKeyId);
    return found == m_internal.cend() ? nullptr : &found.value().first;
}

void NotificationService::internalCommitted(
    const QString &apiKeyId, const InternalDecision &decision) const
{
    const auto found = m_internal.constFind(apiKeyId);
    if (found != m_internal.cend() && found.value().second)
        found.value().second(decision);
}

bool NotificationService::isInternalKey(const QString &apiKeyId)
{
    return apiKeyId.startsWith(internalKeyPrefix());
}

QString NotificationService::internalKeyPrefix()
{
    return QStringLiteral("internal_");
}

Written NotificationService::end(ChangeTransaction &transaction, const QString &id,
    const QString &state, const QString &endedAt, bool *queuedWebhook)
{
    QSqlDatabase &db = transaction.db();
    NotificationRepository::Stored stored;
    const Lookup lookup = NotificationRepository::load(db, id, &stored, true);
    if (lookup != Lookup::Found)
        return lookup == Lookup::Missing ? Written::Unchanged : Written::Failed;
    if (stored.state != QStringLiteral("open"))
        return Written::Unchanged;
    const std::optional<QStringList> people = NotificationRepository::recipients(db, id);
    if (!people)
        return Written::Failed;
    // Only the one that ends it tells anyone (its event, webhook and change).
    const Written ended = NotificationRepository::end(db, id, state, endedAt);
    if (ended != Written::Changed)
        return ended;
    const bool expired = state == QStringLiteral("expired");
    const QJsonObject event = SubsystemEvent::make(
        expired ? SubsystemEvent::Type::Expired : SubsystemEvent::Type::Withdrawn, id,
        stored.reference, endedAt);
    // An internal sender (InternalSender) reads no events feed and has no callback URL.
    if (!isInternalKey(stored.apiKeyId) && !EventLog::record(db, stored.apiKeyId, event))
        return Written::Failed;
    // The sub-system withdrew it itself: only expiry is worth a webhook.
    if (expired && !stored.callbackUrl.isEmpty()) {
        const QString deliveryId = randomtokens::urlSafe(QStringLiteral("dlv_"), 16);
        if (!NotificationRepository::queueWebhook(db, deliveryId, id, stored.apiKeyId,
                stored.callbackUrl, SubsystemEvent::webhookBody(event, deliveryId), endedAt))
            return Written::Failed;
        if (queuedWebhook)
            *queuedWebhook = true;
    }
    const std::optional<qint64> cursor = transaction.record(Change::of(changeKind(), *people));
    return cursor && NotificationRepository::stampInboxes(db, id, *cursor) ? Written::Changed
                                                                           : Written::Failed;
}

WithdrawResult NotificationService::withdraw(const QString &apiKeyId, const QString &id)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return WithdrawResult {};
    NotificationRepository::Stored stored;
    // Locked: a decision, a sweep or another withdrawal waits until this one is done.
    switch (NotificationRepository::load(transaction.db(), id, &stored, true)) {
    case Lookup::Failed:
        return WithdrawResult {};
    case Lookup::Missing:
        return WithdrawResult { WithdrawResult::Outcome::NotFound, {} };
    case Lookup::Found:
        break;
    }
    if (stored.apiKeyId != apiKeyId)
        return WithdrawResult { WithdrawResult::Outcome::NotFound, {} };
    const QString now = wiretime::format(m_clock.now());
    // Past its time but not swept yet: it expires here, once, and stays expired.
    const bool dueNow = InboxItemView::dueToExpire(stored.state, stored.expiresAt, now);
    bool queued = false;
    const Written ended = stored.state != QStringLiteral("open") ? Written::Unchanged
        : dueNow ? end(transaction, id, QStringLiteral("expired"), stored.expiresAt, &queued)
                 : end(transaction, id, QStringLiteral("withdrawn"), now);
    if (ended == Written::Failed)
        return WithdrawResult {};
    if (ended == Written::Changed && !dueNow)
        return transaction.commit() ? WithdrawResult { WithdrawResult::Outcome::Withdrawn, {} }
                                    : WithdrawResult {};
    // Ended now by expiry, or before (by whoever came first): answered as it stands.
    if (NotificationRepository::load(transaction.db(), id, &stored) != Lookup::Found)
        return WithdrawResult {};
    if (stored.state == QStringLiteral("decided") || stored.state == QStringLiteral("expired")) {
        const auto people = NotificationRepository::recipients(transaction.db(), id);
        const auto current = people && !people->isEmpty()
            ? InboxItemView::load(transaction.db(), people->constFirst(), id, now)
            : std::nullopt;
        if (ended == Written::Changed && !transaction.commit())
            return WithdrawResult {};
        if (queued && m_queued)
            m_queued();
        return WithdrawResult { stored.state == QStringLiteral("decided")
                ? WithdrawResult::Outcome::AlreadyDecided
                : WithdrawResult::Outcome::AlreadyEnded,
            current.value_or(QJsonObject {}) };
    }
    return WithdrawResult { WithdrawResult::Outcome::Withdrawn, {} }; // withdrawn before
}

DeliveriesResult NotificationService::deliveries(const QString &apiKeyId, const QString &id)
{
    QSqlDatabase db = m_feed.storage().connection();
    QString state;
    const Lookup lookup = NotificationRepository::stateOf(db, id, apiKeyId, &state);
    if (lookup != Lookup::Found)
        return DeliveriesResult { lookup, {} };
    const std::optional<QJsonArray> list = NotificationRepository::deliveries(db, id);
    if (!list)
        return DeliveriesResult {};
    return DeliveriesResult { Lookup::Found, *list };
}

std::optional<qsizetype> NotificationService::expireDue()
{
    bool queued = false;
    qsizetype expired = 0;
    std::optional<QList<std::pair<QString, QString>>> due;
    {
        ChangeTransaction transaction(m_feed);
        if (!transaction.isActive())
            return std::nullopt;
        due = NotificationRepository::dueToExpire(
            transaction.db(), wiretime::format(m_clock.now()), kExpiryBatch);
        if (!due)
            return std::nullopt;
        for (const auto &[id, expiresAt] : *due) {
            // Unchanged: ended or decided since it was listed (another node came first).
            const Written ended =
                end(transaction, id, QStringLiteral("expired"), expiresAt, &queued);
            if (ended == Written::Failed)
                return std::nullopt;
            if (ended == Written::Changed)
                ++expired;
        }
        if (!transaction.commit())
            return std::nullopt;
    }
    if (expired > 0)
        qCInfo(lcServer) << "expired" << expired << "notifications";
    if (queued && m_queued)
        m_queued();
    return expired;
}

} // namespace tessera::server
