#include "push/pushqueue.h"

#include "protocol/wiretime.h"
#include "push/pushsubscriptions.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::server {

bool PushQueue::enqueue(QSqlDatabase &db, const QString &itemId, const QString &title,
    const QJsonArray &actions, bool urgent, const QStringList &people, const QDateTime &now)
{
    const auto devices = PushSubscriptions::devicesOf(db, people);
    if (!devices)
        return false;
    QJsonArray shown;
    for (const auto &action : actions) {
        const QJsonObject object = action.toObject();
        shown.append(QJsonObject { { QStringLiteral("id"), object.value(QStringLiteral("id")) },
            { QStringLiteral("label"), object.value(QStringLiteral("label")) } });
    }
    const QString actionsJson =
        QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Compact));
    const QString nowText = wiretime::format(now);
    for (const auto &[userId, deviceId] : *devices) {
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO push_queue (user_id, device_id, item_id, title,"
                               " actions, urgency, ttl, attempts, next_attempt_at, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"),
                { userId, deviceId, itemId, title, actionsJson,
                    urgent ? QStringLiteral("high") : QStringLiteral("normal"),
                    urgent ? highTtlSeconds : normalTtlSeconds, nowText, nowText }))
            return false;
    }
    return true;
}

std::optional<QList<PushQueue::Due>> PushQueue::claim(
    Storage &storage, const QDateTime &now, int limit)
{
    QSqlDatabase db = storage.connection();
    const QString nowText = wiretime::format(now);
    const QString lease = wiretime::format(now.addSecs(leaseSeconds));
    // The outer condition again: on PostgreSQL a row another node leased meanwhile no longer
    // matches when the UPDATE re-reads it.
    const QString skipLocked = storage.kind() == Storage::Kind::Postgresql
        ? QStringLiteral(" FOR UPDATE SKIP LOCKED")
        : QString();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE push_queue SET next_attempt_at = ?, leased_until = ? WHERE"
                           " next_attempt_at <= ? AND id IN (SELECT id FROM push_queue WHERE"
                           " next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ")
                + QString::number(limit) + skipLocked
                + QStringLiteral(") RETURNING id, user_id, device_id, item_id, title, actions,"
                                 " urgency, ttl, attempts, created_at"),
            { lease, lease, nowText, nowText }))
        return std::nullopt;
    QList<Due> claimed;
    while (query.next()) {
        claimed.append(Due { query.value(0).toLongLong(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), query.value(4).toString(),
            QJsonDocument::fromJson(query.value(5).toString().toUtf8()).array(),
            query.value(6).toString(), query.value(7).toLongLong(), query.value(8).toInt(),
            wiretime::parse(query.value(9).toString()).value_or(now), lease });
    }
    return claimed;
}

bool PushQueue::finish(QSqlDatabase &db, const Due &due)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("DELETE FROM push_queue WHERE id = ? AND next_attempt_at = ?"),
        { due.id, due.lease });
}

bool PushQueue::finishAll(QSqlDatabase &db, const QList<Due> &dues)
{
    constexpr qsizetype maxIds = 500; // well under every driver's limit of bound values
    QHash<QString, QVariantList> idsByLease;
    for (const Due &due : dues)
        idsByLease[due.lease].append(due.id);
    bool ok = true;
    for (auto group = idsByLease.cbegin(); group != idsByLease.cend(); ++group) {
        for (qsizetype from = 0; from < group->size(); from += maxIds) {
            const QVariantList ids = group->mid(from, maxIds);
            QString marks = QStringLiteral("?");
            for (qsizetype i = 1; i < ids.size(); ++i)
                marks += QStringLiteral(", ?");
            QSqlQuery query(db);
            ok = sql::exec(query,
                     QStringLiteral("DELETE FROM push_queue WHERE next_attempt_at = ? AND id IN (")
                         + marks + QLatin1Char(')'),
                     QVariantList { group.key() } + ids)
                && ok;
        }
    }
    return ok;
}

bool PushQueue::retry(QSqlDatabase &db, const Due &due, const QDateTime &next)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("UPDATE push_queue SET attempts = ?, next_attempt_at = ?, leased_until ="
                       " NULL WHERE id = ? AND next_attempt_at = ?"),
        { due.attempts + 1, wiretime::format(next), due.id, due.lease });
}

} // namespace tessera::server
