#include "notifications/approvalrepository.h"

#include "notifications/inboxitemview.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

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
    const QString &state, const QString &at, const QString &via, const QString &comment)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE notification_approvals SET state = ?, at = ?, via = ?,"
                           " comment = ?, name = COALESCE((SELECT display_name FROM users"
                           " WHERE id = ?), name) WHERE notification_id = ? AND user_id = ?"
                           " AND state = 'pending'"),
            { state, at, via, sql::textOrNull(comment), userId, id, userId }))
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
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id, name, state, at, via FROM notification_approvals"
                           " WHERE notification_id = ? ORDER BY position"),
            { id }))
        return std::nullopt;
    QJsonArray approvals;
    while (query.next()) {
        approvals.append(QJsonObject { { QStringLiteral("userId"), query.value(0).toString() },
            { QStringLiteral("name"), query.value(1).toString() },
            { QStringLiteral("state"), query.value(2).toString() },
            { QStringLiteral("at"), InboxItemView::textOrNull(query.value(3)) },
            { QStringLiteral("via"), InboxItemView::textOrNull(query.value(4)) } });
    }
    return approvals;
}

bool ApprovalRepository::attach(QSqlDatabase &db, QJsonObject *item)
{
    QJsonObject approval = item->value(QStringLiteral("approval")).toObject();
    if (approval.value(QStringLiteral("mode")).toString() != modeAll())
        return true;
    const std::optional<QJsonArray> approvals =
        list(db, item->value(QStringLiteral("id")).toString());
    if (!approvals)
        return false;
    approval.insert(QStringLiteral("approvals"), *approvals);
    item->insert(QStringLiteral("approval"), approval);
    return true;
}

} // namespace tessera::server
