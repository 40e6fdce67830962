#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tessera::server {

// What a read of one row found.
enum class Lookup { Found, Missing, Failed };

// NotificationService::create().
struct CreateResult
{
    enum class Outcome {
        Created,
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
    QJsonArray dropped; // Created: [{"id","reason"}], the people named but not asked
};

// NotificationService::withdraw().
struct WithdrawResult
{
    enum class Outcome { Withdrawn, NotFound, AlreadyDecided, Failed };
    Outcome outcome = Outcome::Failed;
    QJsonObject current; // AlreadyDecided: the item as a recipient sees it
};

// NotificationService::deliveries().
struct DeliveriesResult
{
    Lookup lookup = Lookup::Failed;
    QJsonArray deliveries;
};

} // namespace tessera::server
