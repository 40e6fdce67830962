#include "notifications/notificationrepository.h"

#include "notifications/inboxitemview.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "subsystems/deliverylog.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <QVariantList>

#include <algorithm>

namespace tessera::server {

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString compactObject(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A PostgreSQL array literal of texts: every element double-quoted with its " and \\ escaped, so
// any id (commas, braces, quotes, spaces, the word NULL) stays one element, exactly as it is.
QString textArrayLiteral(const QStringList &texts)
{
    QString literal;
    literal.reserve(texts.size() * 16 + 2);
    literal += u'{';
    for (const QString &text : texts) {
        if (literal.size() > 1)
            literal += u',';
        literal += u'"';
        for (const QChar c : text) {
            if (c == u'"' || c == u'\\')
                literal += u'\\';
            literal += c;
        }
        literal += u'"';
    }
    literal += u'}';
    return literal;
}

// The named users that are no recipients: unknown, no employee, or disabled.
bool droppedUsers(QSqlDatabase &db, const QStringList &users, QList<DroppedRecipient> *dropped)
{
    QSqlQuery query(db);
    QVariantList values;
    for (const QString &user : users)
        values.append(user);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, user_type, disabled FROM users WHERE id IN (")
                + sql::placeholders(users.size()) + QLatin1Char(')'),
            values))
        return false;
    QHash<QString, QString> reasons;
    while (query.next()) {
        if (query.value(1).toString() != QStringLiteral("employee"))
            reasons.insert(query.value(0).toString(), QStringLiteral("not_employee"));
        else if (query.value(2).toInt() != 0)
            reasons.insert(query.value(0).toString(), QStringLiteral("disabled"));
        else
            reasons.insert(query.value(0).toString(), QString());
    }
    QSet<QString> seen;
    for (const QString &user : users) {
        if (seen.contains(user))
            continue;
        seen.insert(user);
        const auto reason = reasons.constFind(user);
        if (reason == reasons.cend())
            dropped->append({ user, QStringLiteral("unknown") });
        else if (!reason->isEmpty())
            dropped->append({ user, *reason });
    }
    return true;
}

} // namespace

QJsonArray CreateResult::droppedJson() const
{
    QJsonArray list;
    for (const DroppedRecipient &person : dropped)
        list.append(QJsonObject {
            { QStringLiteral("id"), person.id }, { QStringLiteral("reason"), person.reason } });
    return list;
}

std::optional<QStringList> NotificationRepository::resolve(
    QSqlDatabase &db, const Recipients &recipients, QList<DroppedRecipient> *dropped)
{
    if (!recipients.users.isEmpty() && !droppedUsers(db, recipients.users, dropped))
        return std::nullopt;
    // Recipients: employees only (the inbox is theirs), enabled accounts.
    QStringList clauses;
    QVariantList values;
    const auto addIn = [&](const QString &column, const QStringList &list) {
        if (list.isEmpty())
            return;
        clauses.append(
            column + QStringLiteral(" IN (") + sql::placeholders(list.size()) + QLatin1Char(')'));
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
            + sql::placeholders(stored.size()) + QStringLiteral("))"));
        for (const QString &role : stored)
            values.append(role);
    }
    if (clauses.isEmpty())
        return QStringList();
    return sql::strings(db,
        QStringLiteral("SELECT id FROM users WHERE disabled = 0 AND user_type = 'employee' AND (")
            + clauses.join(QStringLiteral(" OR ")) + QStringLiteral(") ORDER BY id"),
        values);
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
            " created_at, state, version, recipient_count, requester, approval_mode, delivery,"
            " card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?, ?, ?, ?)"),
        { id, apiKeyId, subsystem, notification.title, notification.body, notification.category,
            notification.priority, notification.actionable ? 1 : 0, compact(notification.actions),
            notification.expiresAt ? QVariant(wiretime::format(*notification.expiresAt))
                                   : sql::nullText(),
            notification.reference, sql::textOrNull(callbackUrl),
            sql::textOrNull(notification.data), createdAt, recipientCount,
            sql::textOrNull(notification.requester), notification.approvalMode,
            notification.delivery,
            notification.hasCard() ? QVariant(compactObject(notification.card.toObject()))
                                   : sql::nullText() });
}

bool NotificationRepository::addToInboxes(
    QSqlDatabase &db, const QString &id, const QStringList &people, qint64 cursor)
{
    // Many rows a statement: a broadcast to 100,000 people is a few round trips, not 100,000
    // (bench_broadcast). PostgreSQL takes a chunk of ids as one array; SQLite (no arrays) takes
    // rows of 3 bound values, under its 999.
    const QString insert =
        QStringLiteral("INSERT INTO inbox_items (user_id, notification_id, change_id) ");
    QSqlQuery query(db);
    if (db.driverName() == QLatin1String("QPSQL")) {
        for (qsizetype from = 0; from < people.size(); from += postgresRowsPerStatement) {
            const qsizetype count = std::min(postgresRowsPerStatement, people.size() - from);
            if (!sql::exec(query,
                    insert
                        + QStringLiteral("SELECT unnest(CAST(? AS text[])), CAST(? AS text),"
                                         " CAST(? AS bigint)"),
                    { textArrayLiteral(people.mid(from, count)), id, cursor }))
                return false;
        }
        return true;
    }
    for (qsizetype from = 0; from < people.size(); from += sqliteRowsPerStatement) {
        const qsizetype count = std::min(sqliteRowsPerStatement, people.size() - from);
        QString statement = insert + QStringLiteral("VALUES ");
        QVariantList values;
        values.reserve(count * 3);
        for (qsizetype i = 0; i < count; ++i) {
            statement += i == 0 ? QStringLiteral("(?, ?, ?)") : QStringLiteral(", (?, ?, ?)");
            values << people.at(from + i) << id << cursor;
        }
        if (!sql::exec(query, statement, values))
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
    return sql::strings(
        db, QStringLiteral("SELECT user_id FROM inbox_items WHERE notification_id = ?"), { id });
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

Lookup NotificationRepository::load(QSqlDatabase &db, const QString &id, Stored *stored, bool lock)
{
    QSqlQuery query(db);
    const bool forUpdate = lock && db.driverName() != QLatin1String("QSQLITE");
    if (!sql::exec(query,
            QStringLiteral("SELECT state, expires_at, actions, version, callback_url, reference,"
                           " api_key_id, approval_mode, card FROM notifications WHERE id = ?")
                + (forUpdate ? QStringLiteral(" FOR UPDATE") : QString()),
            { id }))
        return Lookup::Failed;
    if (!query.next())
        return Lookup::Missing;
    *stored = Stored { query.value(0).toString(), query.value(1).toString(),
        QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array(),
        query.value(3).toLongLong(), query.value(4).toString(), query.value(5).toString(),
        query.value(6).toString(), query.value(7).toString(), query.value(8).toString() };
    return Lookup::Found;
}

Written NotificationRepository::end(
    QSqlDatabase &db, const QString &id, const QString &state, const QString &endedAt)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE notifications SET state = ?, ended_at = ?, version = version + 1"
                           " WHERE id = ? AND state = 'open'"),
            { state, endedAt, id }))
        return Written::Failed;
    return query.numRowsAffected() == 1 ? Written::Changed : Written::Unchanged;
}

Written NotificationRepository::decide(QSqlDatabase &db, const QString &id, const QString &action,
    const QString &userId, const QString &name, const QString &at, const QString &via,
    const QString &comment, const QString &inputs)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE notifications SET state = 'decided', decided_action = ?,"
                           " decided_by = ?, decided_by_name = ?, decided_at = ?,"
                           " decided_via = ?, decision_comment = ?, decision_inputs = ?,"
                           " version = version + 1 WHERE id = ? AND state = 'open'"),
            { action, userId, name, at, via, sql::textOrNull(comment), sql::textOrNull(inputs),
                id }))
        return Written::Failed;
    return query.numRowsAffected() == 1 ? Written::Changed : Written::Unchanged;
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
        QStringLiteral("INSERT INTO webhook_deliveries (id, notification_id, event, api_key_id,"
                       " url, body, created_at, next_attempt_at) VALUES (?, ?, 'decision', ?, ?,"
                       " ?, ?, ?)"),
        { deliveryId, id, apiKeyId, url, body, at, at });
}

std::optional<QJsonArray> NotificationRepository::deliveries(QSqlDatabase &db, const QString &id)
{
    return DeliveryLog::ofNotification(db, id);
}

} // namespace tessera::server
