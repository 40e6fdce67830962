#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <optional>

namespace tessera::server {

// An inbox item as its person sees it (docs/NOTIFICATIONS.md): a notification joined with the
// person's inbox row, read from the database and written as the API's JSON object.
class InboxItemView
{
public:
    // The columns fromRow() reads, in its order, of notifications n JOIN inbox_items i.
    static QString columns();
    // Column indexes a reader of fromRow()'s rows may need beside the JSON.
    enum Column {
        Subsystem = 1,
        CreatedAt = 6,
        ExpiresAt = 7,
        State = 11,
        DecidedAction = 12,
        DecidedBy = 13,
        DecidedByName = 14,
        DecidedAt = 15,
        DecidedVia = 16,
        ReadAt = 18,
        ChangeId = 19,
        DecisionComment = 20,
        EndedAt = 21,
        ApprovalMode = 22,
        MyApproval = 23, // the person's approval of an "all" item
        Card = 24, // the Adaptive Card shown as the body (JSON), NULL when none
        DecisionInputs = 25, // the deciding decision's card inputs (a JSON object), NULL: none
        MyApprovalInputs = 26, // the inputs of the person's approval of an "all" item, NULL: none
    };
    // The item of row; an "all" item's approvals are not read here (ApprovalRepository::attach).
    // now (RFC 3339, the server's clock): an open item past its expiresAt reads "expired" even
    // before the expiry sweep has ended it.
    static QJsonObject fromRow(const QSqlQuery &row, const QString &now);
    // Whether an item stored as state with expiresAt is open and past its expiresAt at now: it
    // reads "expired", and the next write that finds it so (or the sweep) ends it.
    static bool dueToExpire(const QString &state, const QString &expiresAt, const QString &now);
    // Whether an item stored as state with expiresAt reads "expired" at now.
    static bool expiredAt(const QString &state, const QString &expiresAt, const QString &now);
    // The SELECT of one person's item (bind userId, notificationId).
    static QString selectOne();
    // userId's item notificationId, with its approvals; nullopt when there is none or the database
    // failed.
    static std::optional<QJsonObject> load(
        QSqlDatabase &db, const QString &userId, const QString &notificationId, const QString &now);
    // A null for a NULL or empty text column, else the text.
    static QJsonValue textOrNull(const QVariant &value);
};

} // namespace tessera::server
