#include "notifications/notificationrepository.h"

#include "notifications/inboxitemview.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString marks(qsizetype count)
{
    return QStringList(count, QStringLiteral("?")).join(QLatin1Char(','));
}

} // namespace

std::optional<QStringList> NotificationRepository::callbackPrefixes(
    QSqlDatabase &db, const QString &apiKeyId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT prefix FROM api_key_callback_prefixes WHERE api_key_id = ?"),
            { apiKeyId }))
        return std::nullopt;
    QStringList prefixes;
    while (query.next())
        prefixes.append(query.value(0).toString());
    return prefixes;
}

std::optional<QStringList> NotificationRepository::resolve(
    QSqlDatabase &db, const Recipients &recipients)
{
    // Recipients: employees only (the inbox is theirs), enabled accounts.
    QStringList clauses;
    QVariantList values;
    const auto addIn = [&](const QString &column, const QStringList &list) {
        if (list.isEmpty())
            return;
        clauses.append(column + QStringLiteral(" IN (") + marks(list.size()) + QLatin1Char(')'));
        for (const QString &value : list)
            values.append(value);
    };
    addIn(QStringLiteral("id"), recipients.users);
    addIn(QStringLiteral("department"), recipients.departments);
    addIn(QStringLiteral("geo"), recipients.geos);
    QStringList stored;
    for (const QString &role : recipients.roles) {
        if (role == QStringLiteral("manager"))
            clauses.append(
                QStringLiteral("(has_direct_reports = 1 OR id IN (SELECT manager_id FROM "
                               "users WHERE manager_id IS NOT NULL))"));
        else
            stored.append(role);
    }
    if (!stored.isEmpty()) {
        clauses.append(QStringLiteral("id IN (SELECT user_id FROM user_roles WHERE role IN (")
            + marks(stored.size()) + QStringLiteral("))"));
        for (const QString &role : stored)
            values.append(role);
    }
    QStringList people;
    if (clauses.isEmpty())
        return people;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id FROM users WHERE disabled = 0 AND user_type = "
                           "'employee' AND (")
                + clauses.join(QStringLiteral(" OR ")) + QStringLiteral(") ORDER BY id"),
            values))
        return std::nullopt;
    while (query.next())
        people.append(query.value(0).toString());
    return people;
}

bool NotificationRepository::insert(QSqlDatabase &db, const QString &id, const QString &apiKeyId,
    const QString &subsystem, const NewNotification &notification, const QString &callbackUrl,
    const QString &createdAt, qsizetype recipientCount)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral(
            "INSERT INTO notifications (id, api_key_id, subsystem, title, body, category,"
            " priority, actionable, actions, expires_at, reference, callback_url, data,"
            " created_at, state, version, recipient_count, delivery)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?)"),
        { id, apiKeyId, subsystem, notification.title, notification.body, notification.category,
            notification.priority, notification.actionable ? 1 : 0, compact(notification.actions),
            notification.expiresAt ? QVariant(wiretime::format(*notification.expiresAt))
                                   : sql::nullText(),
            notification.reference, sql::textOrNull(callbackUrl),
            sql::textOrNull(notification.data), createdAt, recipientCount, notification.delivery });
}

bool NotificationRepository::addToInboxes(
    QSqlDatabase &db, const QString &id, const QStringList &people, qint64 cursor)
{
    QSqlQuery query(db);
    for (const QString &person : people) {
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO inbox_items (user_id, notification_id, change_id)"
                               " VALUES (?, ?, ?)"),
                { person, id, cursor }))
            return false;
    }
    return true;
}

bool NotificationRepository::stampInboxes(QSqlDatabase &db, const QString &id, qint64 cursor)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("UPDATE inbox_items SET change_id = ? WHERE notification_id = ?"),
        { cursor, id });
}

std::optional<QStringList> NotificationRepository::recipients(QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id FROM inbox_items WHERE notification_id = ?"), { id }))
        return std::nullopt;
    QStringList people;
    while (query.next())
        people.append(query.value(0).toString());
    return people;
}

Lookup NotificationRepository::stateOf(
    QSqlDatabase &db, const QString &id, const QString &apiKeyId, QString *state)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT state FROM notifications WHERE id = ? AND api_key_id = ?"),
            { id, apiKeyId }))
        return Lookup::Failed;
    if (!query.next())
        return Lookup::Missing;
    *state = query.value(0).toString();
    return Lookup::Found;
}

Lookup NotificationRepository::load(QSqlDatabase &db, const QString &id, Stored *stored)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT state, expires_at, actions, version, callback_url, reference,"
                           " api_key_id FROM notifications WHERE id = ?"),
            { id }))
        return Lookup::Failed;
    if (!query.next())
        return Lookup::Missing;
    *stored = Stored { query.value(0).toString(), query.value(1).toString(),
        QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array(),
        query.value(3).toLongLong(), query.value(4).toString(), query.value(5).toString(),
        query.value(6).toString() };
    return Lookup::Found;
}

bool NotificationRepository::end(
    QSqlDatabase &db, const QString &id, const QString &state, const QString &endedAt)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral(
            "UPDATE notifications SET state = ?, ended_at = ?, version = version + 1 WHERE id = ?"),
        { state, endedAt, id });
}

bool NotificationRepository::decide(QSqlDatabase &db, const QString &id, const QString &action,
    const QString &userId, const QString &name, const QString &at, const QString &via,
    const QString &comment)
{
    QSqlQuery query(db);
    return sql::exec(query,
               QStringLiteral("UPDATE notifications SET state = 'decided', decided_action = ?,"
                              " decided_by = ?, decided_by_name = ?, decided_at = ?,"
                              " decided_via = ?, decision_comment = ?, version = version + 1"
                              " WHERE id = ? AND state = 'open'"),
               { action, userId, name, at, via, sql::textOrNull(comment), id })
        && query.numRowsAffected() == 1;
}

std::optional<QList<std::pair<QString, QString>>> NotificationRepository::dueToExpire(
    QSqlDatabase &db, const QString &now, int limit)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, expires_at FROM notifications WHERE state = 'open' AND"
                           " expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ")
                + QString::number(limit),
            { now }))
        return std::nullopt;
    QList<std::pair<QString, QString>> due;
    while (query.next())
        due.append({ query.value(0).toString(), query.value(1).toString() });
    return due;
}

bool NotificationRepository::queueWebhook(QSqlDatabase &db, const QString &deliveryId,
    const QString &id, const QString &apiKeyId, const QString &url, const QString &body,
    const QString &at)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO webhook_deliveries (id, notification_id, api_key_id, url, body,"
                       " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        { deliveryId, id, apiKeyId, url, body, at, at });
}

std::optional<QJsonArray> NotificationRepository::deliveries(QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT d.id, d.url, d.created_at, d.delivered_at, d.attempts, d.next_attempt_at"
                " FROM webhook_deliveries d WHERE d.notification_id = ? ORDER BY d.created_at, "
                "d.id"),
            { id }))
        return std::nullopt;
    QJsonArray list;
    while (query.next()) {
        const QString deliveryId = query.value(0).toString();
        QJsonArray attempts;
        QSqlQuery log(db);
        if (sql::exec(log,
                QStringLiteral("SELECT at, status, error FROM webhook_attempts WHERE delivery_id = "
                               "? ORDER BY id"),
                { deliveryId })) {
            while (log.next()) {
                attempts.append(QJsonObject { { QStringLiteral("at"), log.value(0).toString() },
                    { QStringLiteral("status"),
                        log.value(1).isNull() ? QJsonValue(QJsonValue::Null)
                                              : QJsonValue(log.value(1).toInt()) },
                    { QStringLiteral("error"), InboxItemView::textOrNull(log.value(2)) } });
            }
        }
        list.append(QJsonObject { { QStringLiteral("deliveryId"), deliveryId },
            { QStringLiteral("url"), query.value(1).toString() },
            { QStringLiteral("createdAt"), query.value(2).toString() },
            { QStringLiteral("deliveredAt"), InboxItemView::textOrNull(query.value(3)) },
            { QStringLiteral("nextAttemptAt"),
                query.value(3).isNull() ? QJsonValue(query.value(5).toString())
                                        : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("attempts"), attempts } });
    }
    return list;
}

} // namespace tessera::server
