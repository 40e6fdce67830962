#pragma once

#include "notifications/notificationresults.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// What a sub-system sent, read back by its API key (docs/NOTIFICATIONS.md, "Reading back"):
// GET /v1/notifications (newest first, by cursor) and GET /v1/notifications/{id} with each
// recipient's read state and the decision. Both give the requester and the approval mode, in mode
// "all" with each approver's state (one query for a page). An open notification past its
// expiresAt reads "expired" before the expiry sweep has ended it. Runs on the connection it is
// given.
class SentNotifications
{
public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 100;
    // GET .../{id} lists at most this many recipients (recipientCount says how many there are).
    static constexpr int maxRecipientsShown = 500;

    struct Query
    {
        QString state; // empty, "open", "decided", "withdrawn" or "expired"
        QString reference; // empty: any
        QString after; // a cursor from a previous page; empty: the newest first
        int limit = defaultPageSize;
    };
    struct Page
    {
        QJsonArray items;
        QString cursor; // the next page's; empty when there is none
        bool hasMore = false;
    };

    // Whether cursor is one list() gave.
    static bool isCursor(const QString &cursor);
    // apiKeyId's notifications that match query, at now (RFC 3339); nullopt when the database
    // failed.
    static std::optional<Page> list(
        QSqlDatabase &db, const QString &apiKeyId, const Query &query, const QString &now);
    // apiKeyId's notification id at now, with its recipients.
    static Lookup one(QSqlDatabase &db, const QString &apiKeyId, const QString &id,
        const QString &now, QJsonObject *notification);
};

} // namespace tessera::server
