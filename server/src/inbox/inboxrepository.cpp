#include "inbox/inboxrepository.h"

#include "notifications/approvalrepository.h"
#include "notifications/inboxitemview.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

std::optional<QList<InboxRepository::Changed>> InboxRepository::changedSince(
    QSqlDatabase &db, const QString &userId, qint64 since, int limit, const QString &now)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + InboxItemView::columns()
                + QStringLiteral(
                    " FROM inbox_items i JOIN notifications n ON n.id = i.notification_id"
                    " WHERE i.user_id = ? AND i.change_id > ? ORDER BY i.change_id LIMIT ")
                + QString::number(limit),
            { userId, since }))
        return std::nullopt;
    QList<Changed> items;
    while (query.next()) {
        items.append(Changed { InboxItemView::fromRow(query, now),
            query.value(InboxItemView::ChangeId).toLongLong() });
    }
    for (Changed &changed : items) {
        if (!ApprovalRepository::attach(db, &changed.item))
            return std::nullopt;
    }
    return items;
}

Lookup InboxRepository::record(
    QSqlDatabase &db, const QString &userId, const QString &id, const QString &now, Record *record)
{
    QSqlQuery query(db);
    if (!sql::exec(query, InboxItemView::selectOne(), { userId, id }))
        return Lookup::Failed;
    if (!query.next())
        return Lookup::Missing;
    using V = InboxItemView;
    const auto text = [&](int column) { return query.value(column).toString(); };
    const QVariant comment = query.value(V::DecisionComment);
    // Past its expiresAt, not swept yet: expired then.
    const bool expiredNow = V::dueToExpire(text(V::State), text(V::ExpiresAt), now);
    *record =
        Record { V::fromRow(query, now), text(V::Subsystem), text(V::CreatedAt), text(V::ReadAt),
            expiredNow ? QStringLiteral("expired") : text(V::State), text(V::DecidedAt),
            text(V::DecidedBy), text(V::DecidedByName), text(V::DecidedVia), text(V::DecidedAction),
            comment.isNull() ? std::nullopt : std::optional<QString>(comment.toString()),
            expiredNow ? text(V::ExpiresAt) : text(V::EndedAt) };
    return ApprovalRepository::attach(db, &record->item) ? Lookup::Found : Lookup::Failed;
}

Lookup InboxRepository::isRead(
    QSqlDatabase &db, const QString &userId, const QString &id, bool *read)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT read_at FROM inbox_items WHERE user_id = ? AND notification_id = ?"),
            { userId, id }))
        return Lookup::Failed;
    if (!query.next())
        return Lookup::Missing;
    *read = !query.value(0).isNull();
    return Lookup::Found;
}

bool InboxRepository::markRead(
    QSqlDatabase &db, const QString &userId, const QString &id, const QString &at, qint64 cursor)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("UPDATE inbox_items SET read_at = ?, change_id = ? WHERE user_id = ? AND"
                       " notification_id = ?"),
        { at, cursor, userId, id });
}

std::optional<QString> InboxRepository::displayName(QSqlDatabase &db, const QString &userId)
{
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT display_name FROM users WHERE id = ?"), { userId })
        || !query.next())
        return std::nullopt;
    return query.value(0).toString();
}

QString InboxRepository::decidedVia(
    QSqlDatabase &db, const QString &userId, const QString &deviceId)
{
    QSqlQuery query(db);
    if (sql::exec(query,
            QStringLiteral("SELECT platform, model FROM devices WHERE user_id = ? AND id = ?"),
            { userId, deviceId })
        && query.next()) {
        if (query.value(0).toString() == QStringLiteral("cli"))
            return QStringLiteral("cli");
        return QStringLiteral("app · ") + query.value(1).toString();
    }
    return QStringLiteral("app");
}

} // namespace tessera::server
