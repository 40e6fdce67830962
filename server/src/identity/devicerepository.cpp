#include "identity/devicerepository.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

DeviceRepository::DeviceRepository(QSqlDatabase &db)
    : m_db(db)
{ }

std::optional<QString> DeviceRepository::publicKey(
    const QString &userId, const QString &deviceId) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT public_key FROM devices WHERE user_id = ? AND id = ?"),
            { userId, deviceId }))
        return std::nullopt;
    if (!query.next() || query.value(0).isNull())
        return QString();
    return query.value(0).toString();
}

std::optional<bool> DeviceRepository::exists(const QString &userId, const QString &deviceId) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query, QStringLiteral("SELECT 1 FROM devices WHERE user_id = ? AND id = ?"),
            { userId, deviceId }))
        return std::nullopt;
    return query.next();
}

bool DeviceRepository::forgetKey(const QString &userId, const QString &deviceId)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE devices SET public_key = NULL WHERE user_id = ? AND id = ?"),
        { userId, deviceId });
}

bool DeviceRepository::upsert(
    const QString &userId, const SignInDevice &device, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO devices (user_id, id, platform, os_version, model, app_version,"
                       " public_key, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (user_id, id) DO UPDATE SET platform = excluded.platform,"
                       " os_version = excluded.os_version, model = excluded.model,"
                       " app_version = excluded.app_version,"
                       " public_key = COALESCE(excluded.public_key, devices.public_key),"
                       " last_seen_at = excluded.last_seen_at"),
        { userId, device.id, device.platform, device.osVersion, device.model, device.appVersion,
            sql::textOrNull(device.publicKey), wiretime::format(at), wiretime::format(at) });
}

void DeviceRepository::touch(
    const QString &userId, const QString &deviceId, const QDateTime &at, qint64 resolutionSeconds)
{
    QSqlQuery query(m_db);
    sql::exec(query,
        QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE user_id = ? AND id = ?"
                       " AND last_seen_at < ?"),
        { wiretime::format(at), userId, deviceId,
            wiretime::format(at.addSecs(-resolutionSeconds)) });
}

std::optional<QList<DeviceRepository::Record>> DeviceRepository::list(
    const QString &userId, const QDateTime &at) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT d.id, d.platform, d.os_version, d.model, d.app_version, d.created_at,"
                " d.last_seen_at, EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.user_id ="
                " d.user_id AND r.device_id = d.id AND r.revoked_at IS NULL AND r.spent_at IS"
                " NULL AND r.expires_at > ?) FROM devices d WHERE d.user_id = ?"
                " ORDER BY d.last_seen_at DESC, d.id"),
            { wiretime::format(at), userId }))
        return std::nullopt;
    QList<Record> records;
    while (query.next()) {
        records.append(Record { query.value(0).toString(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), query.value(4).toString(),
            query.value(5).toString(), query.value(6).toString(), query.value(7).toBool() });
    }
    return records;
}

} // namespace tessera::server
