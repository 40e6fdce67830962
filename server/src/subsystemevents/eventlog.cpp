#include "subsystemevents/eventlog.h"

#include "storage/sqlhelpers.h"
#include "subsystemevents/subsystemevent.h"

#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlQuery>

namespace tessera::server {

namespace {

// The PostgreSQL advisory lock of the events feed (the same id every node uses).
constexpr qint64 kEventsLockId = 7304;

} // namespace

bool EventLog::record(QSqlDatabase &db, const QString &apiKeyId, const QJsonObject &event)
{
    QSqlQuery query(db);
    if (db.driverName() == QStringLiteral("QPSQL")
        && !sql::exec(query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kEventsLockId)))
        return false;
    return sql::exec(query,
        QStringLiteral("INSERT INTO subsystem_events (api_key_id, event_id, type,"
                       " notification_id, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)"),
        { apiKeyId, event.value(QStringLiteral("eventId")).toString(),
            event.value(QStringLiteral("type")).toString(),
            sql::textOrNull(event.value(QStringLiteral("notificationId")).toString()),
            event.value(QStringLiteral("createdAt")).toString(),
            QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)) });
}

bool EventLog::recordDeliveryFailed(QSqlDatabase &db, const QString &apiKeyId,
    const QString &notificationId, const QString &deliveryId, const QString &at,
    const QString &lastError, const QString &submissionId)
{
    QJsonObject extra { { QStringLiteral("deliveryId"), deliveryId },
        { QStringLiteral("error"), lastError } };
    if (!submissionId.isEmpty()) {
        extra.insert(QStringLiteral("submissionId"), submissionId);
        return record(db, apiKeyId,
            SubsystemEvent::make(
                SubsystemEvent::Type::DeliveryFailed, {}, {}, at, std::nullopt, extra));
    }
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT reference FROM notifications WHERE id = ?"),
            { notificationId }))
        return false;
    const QString reference = query.next() ? query.value(0).toString() : QString();
    query.finish();
    return record(db, apiKeyId,
        SubsystemEvent::make(SubsystemEvent::Type::DeliveryFailed, notificationId, reference, at,
            std::nullopt, extra));
}

std::optional<EventLog::Page> EventLog::since(
    QSqlDatabase &db, const QString &apiKeyId, qint64 since, int limit)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, payload FROM subsystem_events WHERE api_key_id = ? AND"
                           " id > ? ORDER BY id LIMIT ")
                + QString::number(limit + 1),
            { apiKeyId, since }))
        return std::nullopt;
    Page page { {}, since, false };
    while (query.next()) {
        if (page.events.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.events.append(QJsonDocument::fromJson(query.value(1).toString().toUtf8()).object());
        page.cursor = query.value(0).toLongLong();
    }
    return page;
}

bool EventLog::prune(QSqlDatabase &db, const QString &before)
{
    QSqlQuery query(db);
    return sql::exec(
        query, QStringLiteral("DELETE FROM subsystem_events WHERE created_at < ?"), { before });
}

} // namespace tessera::server
