#include "notifications/approvalrepository.h"

#include "notifications/inboxitemview.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

// Whether item is marked "approval":{"mode":"all"} (its approvals to be added).
bool isAll(const QJsonObject &item)
{
    return item.value(QStringLiteral("approval"))
               .toObject()
               .value(QStringLiteral("mode"))
               .toString()
        == ApprovalRepository::modeAll();
}

void withApprovals(QJsonObject *item, const QJsonArray &approvals)
{
    QJsonObject approval = item->value(QStringLiteral("approval")).toObject();
    approval.insert(QStringLiteral("approvals"), approvals);
    item->insert(QStringLiteral("approval"), approval);
}

} // namespace

QString ApprovalRepository::modeAny()
{
    return QStringLiteral("any");
}

QString ApprovalRepository::modeAll()
{
    return QStringLiteral("all");
}

bool ApprovalRepository::insert(QSqlDatabase &db, const QString &id, const QStringList &approvers)
{
    QSqlQuery query(db);
    for (qsizetype i = 0; i < approvers.size(); ++i) {
        // The name as the server knows it now; the id when it knows none.
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO notification_approvals (notification_id, user_id,"
                               " position, name, state) VALUES (?, ?, ?, COALESCE((SELECT"
                               " display_name FROM users WHERE id = ?), ?), 'pending')"),
                { id, approvers.at(i), i, approvers.at(i), approvers.at(i) }))
            return false;
    }
    return true;
}

Written ApprovalRepository::set(QSqlDatabase &db, const QString &id, const QString &userId,
    const QString &state, const QString &at, const QString &via, const QString &comment,
    const QString &inputs)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE notification_approvals SET state = ?, at = ?, via = ?,"
                           " comment = ?, inputs = ?, name = COALESCE((SELECT display_name FROM"
                           " users WHERE id = ?), name) WHERE notification_id = ? AND user_id = ?"
                           " AND state = 'pending'"),
            { state, at, via, sql::textOrNull(comment), sql::textOrNull(inputs), userId, id,
                userId }))
        return Written::Failed;
    return query.numRowsAffected() == 1 ? Written::Changed : Written::Unchanged;
}

std::optional<qsizetype> ApprovalRepository::pendingCount(QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT COUNT(*) FROM notification_approvals WHERE notification_id = ?"
                           " AND state = 'pending'"),
            { id })
        || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

std::optional<QJsonArray> ApprovalRepository::list(QSqlDatabase &db, const QString &id)
{
    const std::optional<QHash<QString, QJsonArray>> each = listEach(db, { id });
    if (!each)
        return std::nullopt;
    return each->value(id);
}

std::optional<QHash<QString, QJsonArray>> ApprovalRepository::listEach(
    QSqlDatabase &db, const QStringList &ids)
{
    QHash<QString, QJsonArray> approvals;
    if (ids.isEmpty())
        return approvals;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT notification_id, user_id, name, state, at, via FROM"
                           " notification_approvals WHERE notification_id IN (")
                + sql::placeholders(ids.size())
                + QStringLiteral(") ORDER BY notification_id, position"),
            sql::values(ids)))
        return std::nullopt;
    while (query.next()) {
        approvals[query.value(0).toString()].append(
            QJsonObject { { QStringLiteral("userId"), query.value(1).toString() },
                { QStringLiteral("name"), query.value(2).toString() },
                { QStringLiteral("state"), query.value(3).toString() },
                { QStringLiteral("at"), InboxItemView::textOrNull(query.value(4)) },
                { QStringLiteral("via"), InboxItemView::textOrNull(query.value(5)) } });
    }
    return approvals;
}

bool ApprovalRepository::attach(QSqlDatabase &db, QJsonObject *item)
{
    if (!isAll(*item))
        return true;
    const std::optional<QJsonArray> approvals =
        list(db, item->value(QStringLiteral("id")).toString());
    if (!approvals)
        return false;
    withApprovals(item, *approvals);
    return true;
}

bool ApprovalRepository::attachEach(QSqlDatabase &db, QJsonArray *items)
{
    QStringList ids;
    for (const auto &item : std::as_const(*items)) {
        if (isAll(item.toObject()))
            ids.append(item.toObject().value(QStringLiteral("id")).toString());
    }
    const std::optional<QHash<QString, QJsonArray>> approvals = listEach(db, ids);
    if (!approvals)
        return false;
    for (qsizetype i = 0; i < items->size(); ++i) {
        QJsonObject item = items->at(i).toObject();
        if (!isAll(item))
            continue;
        withApprovals(&item, approvals->value(item.value(QStringLiteral("id")).toString()));
        items->replace(i, item);
    }
    return true;
}

} // namespace tessera::server
