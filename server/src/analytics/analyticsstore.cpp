#include "analytics/analyticsstore.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonObject>
#include <QSqlQuery>

namespace tessera::server {

AnalyticsStore::AnalyticsStore(Storage &storage)
    : m_storage(storage)
{ }

bool AnalyticsStore::ingest(const AnalyticsBatch &batch, const QDateTime &now) const
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return false;
    QSqlQuery raw(db);
    QSqlQuery daily(db);
    const QString receivedAt = wiretime::format(now);
    for (const AnalyticsEvent &event : batch.events) {
        if (!sql::exec(raw,
                QStringLiteral("INSERT INTO analytics_events (installation_id, day, kind, name,"
                               " platform, app_version, count, received_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                { batch.installationId, event.day, event.kind, event.name, event.platform,
                    event.appVersion, event.count, receivedAt })
            || !sql::exec(daily,
                QStringLiteral("INSERT INTO analytics_daily (day, kind, name, platform,"
                               " app_version, count) VALUES (?, ?, ?, ?, ?, ?)"
                               " ON CONFLICT (day, kind, name, platform, app_version)"
                               " DO UPDATE SET count = analytics_daily.count + excluded.count"),
                { event.day, event.kind, event.name, event.platform, event.appVersion,
                    event.count }))
            return false;
    }
    return transaction.commit();
}

bool AnalyticsStore::dropInstallation(const QString &installationId) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("DELETE FROM analytics_events WHERE installation_id = ?"),
        { installationId });
}

bool AnalyticsStore::prune(const QDateTime &now) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("DELETE FROM analytics_events WHERE received_at < ?"),
        { wiretime::format(now.addDays(-rawEventDays)) });
}

std::optional<QJsonArray> AnalyticsStore::days(const QDate &from, const QDate &to) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT day, kind, name, platform, app_version, count"
                           " FROM analytics_daily WHERE day >= ? AND day <= ?"
                           " ORDER BY day, kind, name, platform, app_version"),
            { from.toString(Qt::ISODate), to.toString(Qt::ISODate) }))
        return std::nullopt;
    QJsonArray days;
    while (query.next()) {
        days.append(QJsonObject {
            { QStringLiteral("day"), query.value(0).toString() },
            { QStringLiteral("kind"), query.value(1).toString() },
            { QStringLiteral("name"), query.value(2).toString() },
            { QStringLiteral("platform"), query.value(3).toString() },
            { QStringLiteral("appVersion"), query.value(4).toString() },
            { QStringLiteral("count"), query.value(5).toLongLong() },
        });
    }
    return days;
}

} // namespace tessera::server
