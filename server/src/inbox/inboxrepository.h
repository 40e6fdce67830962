#pragma once

#include "notifications/notificationresults.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The SQL of a person's side of the inbox: their items by cursor, one item with what its history
// needs, read marks, and who is deciding from where. Runs on the connection it is given, inside
// the caller's transaction if any.
class InboxRepository
{
public:
    // One item as its person sees it, with the facts of its history.
    struct Record
    {
        QJsonObject item; // InboxItemView
        QString subsystem;
        QString createdAt;
        QString readAt; // empty when unread
        QString state; // "open" | "decided" | "withdrawn" | "expired" (past its expiresAt)
        QString decidedAt;
        QString decidedBy;
        QString decidedByName;
        QString decidedVia;
        QString decidedAction;
        std::optional<QString> comment;
        QString endedAt;
    };
    // An item with the cursor it last changed at.
    struct Changed
    {
        QJsonObject item;
        qint64 cursor = 0;
    };

    // userId's items changed after since, in cursor order, at most limit. now: the server's
    // clock, as InboxItemView reads items (an item past its expiresAt reads "expired").
    static std::optional<QList<Changed>> changedSince(
        QSqlDatabase &db, const QString &userId, qint64 since, int limit, const QString &now);
    static Lookup record(QSqlDatabase &db, const QString &userId, const QString &id,
        const QString &now, Record *record);
    // Whether userId's item id was read (*read).
    static Lookup isRead(QSqlDatabase &db, const QString &userId, const QString &id, bool *read);
    static bool markRead(QSqlDatabase &db, const QString &userId, const QString &id,
        const QString &at, qint64 cursor);
    static std::optional<QString> displayName(QSqlDatabase &db, const QString &userId);
    // "cli", "app · <model>", or "app" when the device is unknown.
    static QString decidedVia(QSqlDatabase &db, const QString &userId, const QString &deviceId);
};

} // namespace tessera::server
