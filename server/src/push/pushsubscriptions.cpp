#include "push/pushsubscriptions.h"

#include "storage/sqlhelpers.h"

namespace tessera::server {

namespace {

QByteArray decoded(const QString &text)
{
    return QByteArray::fromBase64(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString encoded(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

bool PushSubscriptions::put(QSqlDatabase &db, const Subscription &subscription, const QString &now)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO push_subscriptions (user_id, device_id, transport, endpoint,"
                       " p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (user_id, device_id) DO UPDATE SET"
                       " transport = excluded.transport, endpoint = excluded.endpoint,"
                       " p256dh = excluded.p256dh, auth = excluded.auth,"
                       " created_at = excluded.created_at"),
        { subscription.userId, subscription.deviceId, subscription.transport, subscription.endpoint,
            encoded(subscription.p256dh), encoded(subscription.auth), now });
}

bool PushSubscriptions::remove(QSqlDatabase &db, const QString &userId, const QString &deviceId)
{
    QSqlQuery query(db);
    const QString where = deviceId.isEmpty()
        ? QStringLiteral(" WHERE user_id = ?")
        : QStringLiteral(" WHERE user_id = ? AND device_id = ?");
    const QVariantList values =
        deviceId.isEmpty() ? QVariantList { userId } : QVariantList { userId, deviceId };
    sql::Transaction transaction(db);
    return transaction.isActive()
        && sql::exec(query, QStringLiteral("DELETE FROM push_queue") + where, values)
        && sql::exec(query, QStringLiteral("DELETE FROM push_subscriptions") + where, values)
        && transaction.commit();
}

bool PushSubscriptions::removeIfEndpoint(
    QSqlDatabase &db, const QString &userId, const QString &deviceId, const QString &endpoint)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("DELETE FROM push_subscriptions WHERE user_id = ? AND device_id = ? AND"
                       " endpoint = ?"),
        { userId, deviceId, endpoint });
}

std::optional<PushSubscriptions::Subscription> PushSubscriptions::find(
    QSqlDatabase &db, const QString &userId, const QString &deviceId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT transport, endpoint, p256dh, auth FROM push_subscriptions"
                           " WHERE user_id = ? AND device_id = ?"),
            { userId, deviceId })
        || !query.next())
        return std::nullopt;
    return Subscription { userId, deviceId, query.value(0).toString(), query.value(1).toString(),
        decoded(query.value(2).toString()), decoded(query.value(3).toString()) };
}

std::optional<QList<std::pair<QString, QString>>> PushSubscriptions::devicesOf(
    QSqlDatabase &db, const QStringList &people)
{
    QList<std::pair<QString, QString>> devices;
    // In slices: a department may be thousands of people (bound parameters are limited).
    constexpr qsizetype slice = 500;
    for (qsizetype from = 0; from < people.size(); from += slice) {
        const QStringList part = people.mid(from, slice);
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT user_id, device_id FROM push_subscriptions WHERE user_id"
                               " IN (")
                    + sql::placeholders(part.size()) + QLatin1Char(')'),
                sql::values(part)))
            return std::nullopt;
        while (query.next())
            devices.append({ query.value(0).toString(), query.value(1).toString() });
    }
    return devices;
}

} // namespace tessera::server
