#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace tessera::server {

// What a read of one row found.
enum class Lookup { Found, Missing, Failed };

// What a guarded write did: Changed its row, found the row no longer as the write needs it
// (Unchanged: someone else got there first; nothing was written), or Failed in the database.
enum class Written { Changed, Unchanged, Failed };

// A user a sub-system named that the notification leaves out, and why: "unknown" (neither the
// directory nor the server knows the id), "not_employee" (a non-employee ID: the inbox is for
// employees), "disabled", "requester" (never asked to decide their own request).
struct DroppedRecipient
{
    QString id;
    QString reason;
};

// NotificationService::create().
struct CreateResult
{
    enum class Outcome {
        Created,
        CallbackRequired,
        CallbackInvalid,
        CallbackNotAllowed,
        NoRecipients,
        ApprovalInvalid,
        Failed,
    };
    Outcome outcome = Outcome::Failed;
    QString id;
    qsizetype recipientCount = 0;
    QString detail; // CallbackInvalid, ApprovalInvalid: why; CallbackNotAllowed: the normalized URL
    QList<DroppedRecipient>
        dropped; // Created, NoRecipients: named users left out (or the requester)

    // [{"id","reason"}], in the order the users were named.
    QJsonArray droppedJson() const;
};

// NotificationService::withdraw().
struct WithdrawResult
{
    enum class Outcome { Withdrawn, NotFound, AlreadyDecided, AlreadyEnded, Failed };
    Outcome outcome = Outcome::Failed;
    // AlreadyDecided, AlreadyEnded (expired): the item as a recipient sees it
    QJsonObject current;
};

// NotificationService::deliveries().
struct DeliveriesResult
{
    Lookup lookup = Lookup::Failed;
    QJsonArray deliveries;
};

} // namespace tessera::server
