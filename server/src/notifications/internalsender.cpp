#include "notifications/internalsender.h"

#include "base/clock.h"
#include "feed/changetransaction.h"
#include "notifications/notificationrepository.h"
#include "notifications/notificationservice.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

InternalSender::InternalSender(
    NotificationService &notifications, QString name, DecisionHandler handler)
    : m_notifications(notifications)
    , m_name(std::move(name))
    , m_apiKeyId(NotificationService::internalKeyPrefix() + m_name)
{
    m_notifications.addInternalSender(
        m_apiKeyId, std::move(handler), [this](const InternalDecision &decision) {
            if (m_committed)
                m_committed(decision);
        });
}

bool InternalSender::ensureKey(ChangeTransaction &transaction)
{
    // key_hash is no SHA-256 hex (so no key hashes to it) and the row is revoked from the start:
    // nothing authenticates as an internal sender. internal = 1 keeps it out of the admin's list.
    const QString now = wiretime::format(m_notifications.clock().now());
    QSqlQuery query(transaction.db());
    return sql::exec(query,
        QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret, created_at,"
                       " revoked_at, internal) VALUES (?, ?, ?, '', ?, ?, 1)"
                       " ON CONFLICT (id) DO NOTHING"),
        { m_apiKeyId, m_name, m_apiKeyId, now, now });
}

CreateResult InternalSender::send(
    ChangeTransaction &transaction, const NewNotification &notification)
{
    if (!ensureKey(transaction))
        return CreateResult {};
    NewNotification internal = notification;
    internal.callbackUrl.clear();
    internal.delivery = QStringLiteral("poll");
    return m_notifications.createIn(transaction, m_apiKeyId, m_name, internal);
}

Written InternalSender::withdraw(ChangeTransaction &transaction, const QString &notificationId)
{
    NotificationRepository::Stored stored;
    const Lookup lookup =
        NotificationRepository::load(transaction.db(), notificationId, &stored, true);
    if (lookup != Lookup::Found)
        return lookup == Lookup::Missing ? Written::Unchanged : Written::Failed;
    if (stored.apiKeyId != m_apiKeyId)
        return Written::Unchanged;
    return NotificationService::end(transaction, notificationId, QStringLiteral("withdrawn"),
        wiretime::format(m_notifications.clock().now()));
}

} // namespace tessera::server
