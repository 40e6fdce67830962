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
#include "subsystems/callbackurl.h"

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
    QString why;
    const std::optional<CallbackUrl> url = CallbackUrl::parse(given, &why);
    if (!url)
        return CreateResult { CreateResult::Outcome::CallbackInvalid, {}, 0, why, {} };
    QSqlDatabase db = m_feed.storage().connection();
    const std::optional<QStringList> prefixes =
        NotificationRepository::callbackPrefixes(db, apiKeyId);
    if (!prefixes)
        return CreateResult {};
    if (!url->isUnderAny(*prefixes))
        return CreateResult { CreateResult::Outcome::CallbackNotAllowed, {}, 0, url->toString(),
            {} };
    *callback = url->toString();
    return std::nullopt;
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

CreateResult NotificationService::create(const QString &apiKeyId, const QString &subsystem,
    const NewNotification &notification, const BeforeCommit<CreateResult> &beforeCommit)
{
    if (const auto refused = checkApproval(notification))
        return *refused;
    QString callback;
    if (const auto refused = checkCallback(apiKeyId, notification.callbackUrl, &callback))
        return *refused;
    QSqlDatabase db = m_feed.storage().connection();
    QList<DroppedRecipient> dropped;
    std::optional<QStringList> people =
        NotificationRepository::resolve(db, notification.recipients, &dropped);
    if (!people)
        return CreateResult {};
    // The requester is never asked to decide their own request, however they were named.
    if (!notification.requester.isEmpty() && people->removeAll(notification.requester) > 0)
        dropped.append({ notification.requester, QStringLiteral("requester") });
    if (people->isEmpty())
        return CreateResult { CreateResult::Outcome::NoRecipients, {}, 0, {}, dropped };
    QStringList approvers; // "all": in the order the sender named them
    if (notification.approvalMode == ApprovalRepository::modeAll()) {
        for (const QString &user : notification.recipients.users) {
            if (people->contains(user) && !approvers.contains(user))
                approvers.append(user);
        }
    }

    CreateResult created { CreateResult::Outcome::Created,
        randomtokens::urlSafe(QStringLiteral("ntf_"), 16), people->size(), {}, dropped };
    {
        ChangeTransaction transaction(m_feed);
        std::optional<qint64> cursor;
        const bool ok = transaction.isActive()
            && NotificationRepository::insert(transaction.db(), created.id, apiKeyId, subsystem,
                notification, callback, wiretime::format(m_clock.now()), people->size())
            && ApprovalRepository::insert(transaction.db(), created.id, approvers)
            && (cursor = transaction.record(Change::of(changeKind(), *people)))
            && NotificationRepository::addToInboxes(transaction.db(), created.id, *people, *cursor)
            && (!beforeCommit || beforeCommit(created)) && transaction.commit();
        if (!ok)
            return CreateResult {};
    }
    qCInfo(lcServer) << "notification" << created.id << "from" << subsystem << "to"
                     << people->size() << "people";
    return created;
}

bool NotificationService::end(
    ChangeTransaction &transaction, const QString &id, const QString &state, const QString &endedAt)
{
    QSqlDatabase &db = transaction.db();
    const std::optional<QStringList> people = NotificationRepository::recipients(db, id);
    if (!people || !NotificationRepository::end(db, id, state, endedAt))
        return false;
    const std::optional<qint64> cursor = transaction.record(Change::of(changeKind(), *people));
    return cursor && NotificationRepository::stampInboxes(db, id, *cursor);
}

WithdrawResult NotificationService::withdraw(const QString &apiKeyId, const QString &id)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return WithdrawResult {};
    QString state;
    switch (NotificationRepository::stateOf(transaction.db(), id, apiKeyId, &state)) {
    case Lookup::Failed:
        return WithdrawResult {};
    case Lookup::Missing:
        return WithdrawResult { WithdrawResult::Outcome::NotFound, {} };
    case Lookup::Found:
        break;
    }
    if (state == QStringLiteral("decided")) {
        const auto people = NotificationRepository::recipients(transaction.db(), id);
        const auto current = people && !people->isEmpty()
            ? InboxItemView::load(transaction.db(), people->constFirst(), id)
            : std::nullopt;
        return WithdrawResult { WithdrawResult::Outcome::AlreadyDecided,
            current.value_or(QJsonObject {}) };
    }
    if (state == QStringLiteral("open")
        && (!end(transaction, id, QStringLiteral("withdrawn"), wiretime::format(m_clock.now()))
            || !transaction.commit()))
        return WithdrawResult {};
    return WithdrawResult { WithdrawResult::Outcome::Withdrawn, {} };
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
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return std::nullopt;
    const auto due = NotificationRepository::dueToExpire(
        transaction.db(), wiretime::format(m_clock.now()), kExpiryBatch);
    if (!due)
        return std::nullopt;
    for (const auto &[id, expiresAt] : *due) {
        if (!end(transaction, id, QStringLiteral("expired"), expiresAt))
            return std::nullopt;
    }
    if (!transaction.commit())
        return std::nullopt;
    if (!due->isEmpty())
        qCInfo(lcServer) << "expired" << due->size() << "notifications";
    return due->size();
}

} // namespace tessera::server
