#pragma once

#include "notifications/newnotification.h"
#include "notifications/notificationresults.h"

#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace tessera::server {

// The SQL of notifications and their recipients' inbox rows (the sub-system's side). Every
// method runs on the connection it is given, inside the caller's transaction if any; false or
// nullopt when the database failed.
class NotificationRepository
{
public:
    // A notification as its sender stored it, with what deciding it needs.
    struct Stored
    {
        QString state; // "open" | "decided" | "withdrawn" | "expired"
        QString expiresAt; // empty when none
        QJsonArray actions;
        qint64 version = 0;
        QString callbackUrl;
        QString reference;
        QString apiKeyId;
        QString approvalMode; // "any" | "all"
        QString card; // compact JSON; empty when none
    };

    // The enabled employees any of recipients matches, by id, from the people store (the users
    // table: people who signed in, local IDs, and the directory's people synced in). *dropped:
    // the users named in recipients.users that are not among them, with why.
    static std::optional<QStringList> resolve(
        QSqlDatabase &db, const Recipients &recipients, QList<DroppedRecipient> *dropped);
    static bool insert(QSqlDatabase &db, const QString &id, const QString &apiKeyId,
        const QString &subsystem, const NewNotification &notification, const QString &callbackUrl,
        const QString &createdAt, qsizetype recipientCount);
    // One inbox row per person, at cursor: one statement per chunk of this many people.
    static constexpr qsizetype postgresRowsPerStatement = 10000;
    static constexpr qsizetype sqliteRowsPerStatement = 300; // 900 bound values (SQLite: <= 999)
    static bool addToInboxes(
        QSqlDatabase &db, const QString &id, const QStringList &people, qint64 cursor);
    // Every recipient's inbox row of id changed at cursor.
    static bool stampInboxes(QSqlDatabase &db, const QString &id, qint64 cursor);
    static std::optional<QStringList> recipients(QSqlDatabase &db, const QString &id);
    // The state of id if apiKeyId sent it.
    static Lookup stateOf(
        QSqlDatabase &db, const QString &id, const QString &apiKeyId, QString *state);
    // With lock, the row stays locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite's
    // write transaction serialises writers already), so that what a read decides still holds
    // when it writes.
    static Lookup load(QSqlDatabase &db, const QString &id, Stored *stored, bool lock = false);
    // Ends id if it is still open: sets state ("withdrawn" or "expired") and ended_at, and a new
    // version. Unchanged when it was not open.
    static Written end(
        QSqlDatabase &db, const QString &id, const QString &state, const QString &endedAt);
    // Decides id if it is still open: Unchanged when it was not. inputs: compact JSON, empty when
    // none.
    static Written decide(QSqlDatabase &db, const QString &id, const QString &action,
        const QString &userId, const QString &name, const QString &at, const QString &via,
        const QString &comment, const QString &inputs = {});
    // Open notifications whose expiresAt is at or before now, oldest first: (id, expiresAt).
    static std::optional<QList<std::pair<QString, QString>>> dueToExpire(
        QSqlDatabase &db, const QString &now, int limit);
    static bool queueWebhook(QSqlDatabase &db, const QString &deliveryId, const QString &id,
        const QString &apiKeyId, const QString &url, const QString &body, const QString &at);
    // The webhook deliveries of id, with their attempts (GET .../deliveries).
    static std::optional<QJsonArray> deliveries(QSqlDatabase &db, const QString &id);
};

} // namespace tessera::server
