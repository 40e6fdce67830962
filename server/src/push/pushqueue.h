#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

class Storage;

// The persistent push queue (push_queue, DESIGN.md second round decision 5): a row per subscribed
// device of each person an inbox item reaches, written in the transaction that puts it in the
// inbox; claimed with a lease by a short UPDATE ... RETURNING (FOR UPDATE SKIP LOCKED on
// PostgreSQL); sent outside any transaction; deleted once accepted. A row claimed and not
// finished (a crash) is claimed again when its lease ends: at least once.
class PushQueue
{
public:
    static constexpr qint64 highTtlSeconds = qint64(24) * 3600;
    static constexpr qint64 normalTtlSeconds = qint64(12) * 3600;
    static constexpr qint64 leaseSeconds = 90;

    // One push as claimed.
    struct Due
    {
        qint64 id = 0;
        QString userId;
        QString deviceId;
        QString itemId;
        QString title;
        QJsonArray actions; // [{id, label}]
        QString urgency; // "high" | "normal"
        qint64 ttl = 0;
        int attempts = 0;
        QDateTime createdAt;
        QString lease; // next_attempt_at as set by the claim
    };

    // Queues item itemId (title, actions, urgent or not) for every subscribed device of people.
    static bool enqueue(QSqlDatabase &db, const QString &itemId, const QString &title,
        const QJsonArray &actions, bool urgent, const QStringList &people, const QDateTime &now);
    // Leases up to limit due pushes until now + leaseSeconds; nullopt when the database failed.
    static std::optional<QList<Due>> claim(Storage &storage, const QDateTime &now, int limit);
    // The push is done (accepted, or given up): removed while the lease is still ours.
    static bool finish(QSqlDatabase &db, const Due &due);
    // finish() for many at once: one DELETE per lease (the rows of one claim share it), each
    // row still removed only while its lease is ours. false when a statement failed.
    static bool finishAll(QSqlDatabase &db, const QList<Due> &dues);
    // Tried again at next, while the lease is still ours.
    static bool retry(QSqlDatabase &db, const Due &due, const QDateTime &next);
};

} // namespace tessera::server
