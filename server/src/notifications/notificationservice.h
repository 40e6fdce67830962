#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace tessera::server {

class Clock;
class Storage;

// Notifications from sub-systems, each person's inbox and the decisions (docs/NOTIFICATIONS.md).
// Every method is blocking and runs on the route table's worker pool.
//
// The inbox cursor is a change id from one counter: every change that shows in someone's inbox
// (new item, read, decided, withdrawn, expired) takes a new id inside its transaction, and those
// transactions run one at a time (a process mutex, and on PostgreSQL a transaction-level
// advisory lock for several servers), so ids commit in order and a delta never skips one.
class NotificationService
{
public:
    // Told (on a worker thread) after a commit, with each affected person's newest change id.
    using ChangeListener = std::function<void(const QHash<QString, qint64> &cursors)>;
    // Told (on a worker thread) when a webhook delivery was queued.
    using DeliveryListener = std::function<void()>;

    static constexpr qsizetype maxTitleLength = 200;
    static constexpr qsizetype maxBodyBytes = 8 * 1024;
    static constexpr qsizetype maxDataBytes = 16 * 1024;

    NotificationService(Storage &storage, const Clock &clock);

    void addRoutes(RouteTable &routes);
    void setChangeListener(ChangeListener listener) { m_changed = std::move(listener); }
    void setDeliveryListener(DeliveryListener listener) { m_queued = std::move(listener); }

    HttpResponse create(const HttpRequest &request);
    HttpResponse withdraw(const HttpRequest &request);
    HttpResponse deliveries(const HttpRequest &request);
    HttpResponse inbox(const HttpRequest &request);
    HttpResponse item(const HttpRequest &request);
    HttpResponse markRead(const HttpRequest &request);
    HttpResponse decide(const HttpRequest &request);

    // Marks notifications past their expiresAt as expired (they then show in the delta).
    void sweepExpired();

private:
    struct Lock;

    std::optional<qint64> nextChangeId(QSqlDatabase &db);
    // Withdraws or expires notification id (state "withdrawn" or "expired") for every
    // recipient, inside the caller's change transaction; adds the new cursors.
    bool endNotification(QSqlDatabase &db, const QString &id, const QString &state,
        const QString &endedAt, QHash<QString, qint64> &cursors);
    bool lockChanges(QSqlDatabase &db);
    std::optional<QJsonObject> loadItem(
        QSqlDatabase &db, const QString &userId, const QString &notificationId);
    QString decidedVia(QSqlDatabase &db, const Principal &principal);
    HttpResponse withIdempotency(const HttpRequest &request, const QString &scope,
        const std::function<HttpResponse(
            QSqlDatabase &, const std::function<bool(const HttpResponse &)> &)> &work);
    void notify(const QHash<QString, qint64> &cursors);

    Storage &m_storage;
    const Clock &m_clock;
    QMutex m_changeMutex;
    ChangeListener m_changed;
    DeliveryListener m_queued;
};

} // namespace tessera::server
