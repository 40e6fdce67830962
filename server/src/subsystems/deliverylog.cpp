#include "subsystems/deliverylog.h"

#include "storage/sqlhelpers.h"
#include "subsystems/webhookrequest.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString columns = QStringLiteral(
    "SELECT d.id, d.url, d.created_at, d.delivered_at, d.next_attempt_at, d.state, d.dead_at,"
    " d.notification_id, d.body, d.submission_id, d.event FROM webhook_deliveries d");

QJsonValue textOrNull(const QVariant &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(value.toString());
}

QJsonArray attemptsOf(QSqlDatabase &db, const QString &deliveryId)
{
    QJsonArray attempts;
    QSqlQuery log(db);
    if (!sql::exec(log,
            QStringLiteral("SELECT at, status, error FROM webhook_attempts WHERE delivery_id = ?"
                           " ORDER BY id DESC LIMIT ")
                + QString::number(DeliveryLog::maxAttemptsShown),
            { deliveryId }))
        return attempts;
    while (log.next()) {
        attempts.prepend(QJsonObject { { QStringLiteral("at"), log.value(0).toString() },
            { QStringLiteral("status"),
                log.value(1).isNull() ? QJsonValue(QJsonValue::Null)
                                      : QJsonValue(log.value(1).toInt()) },
            { QStringLiteral("error"), textOrNull(log.value(2)) } });
    }
    return attempts;
}

// The rows of a query over `columns`, with their attempt logs.
QJsonArray rows(QSqlDatabase &db, QSqlQuery &query)
{
    QList<QJsonObject> list;
    while (query.next()) {
        const QString state = query.value(5).toString();
        list.append(QJsonObject { { QStringLiteral("deliveryId"), query.value(0).toString() },
            // A decision's names its notification, a submission's its submission.
            { QStringLiteral("notificationId"), textOrNull(query.value(7)) },
            { QStringLiteral("submissionId"), textOrNull(query.value(9)) },
            { QStringLiteral("event"), query.value(10).toString() },
            // A body built when sent (a survey's) is not stored: its event names its type.
            { QStringLiteral("eventType"),
                query.value(8).toString().isEmpty()
                    ? query.value(10).toString()
                    : WebhookRequest::eventType(query.value(8).toString().toUtf8()) },
            { QStringLiteral("url"), query.value(1).toString() },
            { QStringLiteral("state"), state },
            { QStringLiteral("createdAt"), query.value(2).toString() },
            { QStringLiteral("deliveredAt"), textOrNull(query.value(3)) },
            { QStringLiteral("deadAt"), textOrNull(query.value(6)) },
            { QStringLiteral("nextAttemptAt"),
                state == QLatin1String("pending") ? QJsonValue(query.value(4).toString())
                                                  : QJsonValue(QJsonValue::Null) } });
    }
    query.finish();
    QJsonArray answer;
    for (QJsonObject &item : list) {
        item.insert(QStringLiteral("attempts"),
            attemptsOf(db, item.value(QStringLiteral("deliveryId")).toString()));
        answer.append(item);
    }
    return answer;
}

// "<createdAt> <id>", base64url: where the previous page ended.
QString makeCursor(const QJsonObject &last)
{
    return QString::fromLatin1(
        (last.value(QStringLiteral("createdAt")).toString() + QLatin1Char(' ')
            + last.value(QStringLiteral("deliveryId")).toString())
            .toUtf8()
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

std::optional<QJsonArray> DeliveryLog::ofNotification(
    QSqlDatabase &db, const QString &notificationId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            columns + QStringLiteral(" WHERE d.notification_id = ? ORDER BY d.created_at, d.id"),
            { notificationId }))
        return std::nullopt;
    return rows(db, query);
}

std::optional<DeliveryLog::Page> DeliveryLog::ofKey(QSqlDatabase &db, const QString &apiKeyId,
    const QString &state, const QString &cursor, int limit, bool *badCursor)
{
    *badCursor = false;
    QString sqlText = columns + QStringLiteral(" WHERE d.api_key_id = ?");
    QVariantList values { apiKeyId };
    if (!state.isEmpty()) {
        sqlText += QStringLiteral(" AND d.state = ?");
        values.append(state);
    }
    if (!cursor.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        const QList<QByteArray> parts = decoded.decoded.split(' ');
        if (!decoded || parts.size() != 2 || parts.at(0).isEmpty() || parts.at(1).isEmpty()) {
            *badCursor = true;
            return std::nullopt;
        }
        sqlText += QStringLiteral(" AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))");
        const QString at = QString::fromUtf8(parts.at(0));
        values << at << at << QString::fromUtf8(parts.at(1));
    }
    sqlText += QStringLiteral(" ORDER BY d.created_at DESC, d.id DESC LIMIT ")
        + QString::number(limit + 1);
    QSqlQuery query(db);
    if (!sql::exec(query, sqlText, values))
        return std::nullopt;
    Page page;
    page.deliveries = rows(db, query);
    if (page.deliveries.size() > limit) {
        page.deliveries.removeLast();
        page.cursor = makeCursor(page.deliveries.last().toObject());
    }
    return page;
}

DeliveryLog::Redelivery DeliveryLog::redeliver(
    QSqlDatabase &db, const QString &apiKeyId, const QString &id, const QString &now)
{
    QSqlQuery query(db);
    // The key was checked by the route table; revoked since, it gets nothing sent again.
    if (!sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET state = 'pending', attempts = 0,"
                           " next_attempt_at = ?, retry_from = ?, dead_at = NULL WHERE id = ? AND"
                           " api_key_id = ? AND state = 'dead' AND api_key_id IN (SELECT k.id"
                           " FROM api_keys k WHERE k.revoked_at IS NULL)"),
            { now, now, id, apiKeyId }))
        return Redelivery::Failed;
    if (query.numRowsAffected() == 1)
        return Redelivery::Queued;
    if (!sql::exec(query,
            QStringLiteral("SELECT d.state, k.revoked_at FROM webhook_deliveries d JOIN api_keys k"
                           " ON k.id = d.api_key_id WHERE d.id = ? AND d.api_key_id = ?"),
            { id, apiKeyId }))
        return Redelivery::Failed;
    if (!query.next())
        return Redelivery::NotFound;
    if (!query.value(1).isNull())
        return Redelivery::KeyRevoked;
    return query.value(0).toString() == QLatin1String("delivered") ? Redelivery::AlreadyDelivered
                                                                   : Redelivery::Pending;
}

QString DeliveryLog::keyRevokedError()
{
    return QStringLiteral("not sent: the API key was revoked");
}

QString DeliveryLog::secretDoesNotOpenError()
{
    return QStringLiteral("not sent: the webhook secret of this API key does not open on this "
                          "server; an admin rotates the key, then redeliver");
}

std::optional<int> DeliveryLog::deadLetterAllPending(
    QSqlDatabase &db, const QString &apiKeyId, const QString &now, const QString &error)
{
    // Set-based, whatever the number: the attempts first, then the deliveries that got one. No
    // dispatcher leases one of them in between: on PostgreSQL the first statement locks the rows
    // it reads (FOR UPDATE), on SQLite the transaction holds the database's write lock.
    const bool sqlite = db.driverName() == QLatin1String("QSQLITE");
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO webhook_attempts (delivery_id, at, error) SELECT id, ?, ?"
                           " FROM webhook_deliveries WHERE api_key_id = ? AND state = 'pending'"
                           " AND (leased_until IS NULL OR leased_until <= ?)")
                + (sqlite ? QString() : QStringLiteral(" FOR UPDATE")),
            { now, error, apiKeyId, now }))
        return std::nullopt;
    const int attempts = query.numRowsAffected();
    if (!sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET state = 'dead', dead_at = ?,"
                           " next_attempt_at = ? WHERE api_key_id = ? AND state = 'pending' AND"
                           " EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id ="
                           " webhook_deliveries.id AND a.at = ? AND a.error = ? AND a.status IS"
                           " NULL)"),
            { now, now, apiKeyId, now, error }))
        return std::nullopt;
    // Each attempt's delivery dead-lettered, and no other: else the caller rolls back.
    if (query.numRowsAffected() != attempts)
        return std::nullopt;
    return attempts;
}

std::optional<bool> DeliveryLog::deadLetterUnsent(QSqlDatabase &db, const QString &id,
    const QString &nextAttemptAt, const QString &now, const QString &error)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET state = 'dead', dead_at = ?,"
                           " next_attempt_at = ? WHERE id = ? AND state = 'pending' AND"
                           " next_attempt_at = ?"),
            { now, now, id, nextAttemptAt }))
        return std::nullopt;
    if (query.numRowsAffected() != 1)
        return false;
    if (!sql::exec(query,
            QStringLiteral(
                "INSERT INTO webhook_attempts (delivery_id, at, error) VALUES (?, ?, ?)"),
            { id, now, error }))
        return std::nullopt;
    return true;
}

std::optional<QJsonObject> DeliveryLog::one(
    QSqlDatabase &db, const QString &apiKeyId, const QString &id)
{
    QSqlQuery query(db);
    if (!sql::exec(query, columns + QStringLiteral(" WHERE d.id = ? AND d.api_key_id = ?"),
            { id, apiKeyId }))
        return std::nullopt;
    const QJsonArray found = rows(db, query);
    if (found.isEmpty())
        return std::nullopt;
    return found.first().toObject();
}

} // namespace tessera::server
