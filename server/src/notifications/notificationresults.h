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
        CallbackRequired,
        CallbackInvalid,
        CallbackNotAllowed,
        NoRecipients,
        Failed
    };
    Outcome outcome = Outcome::Failed;
    QString id;
    qsizetype recipientCount = 0;
    QString detail; // CallbackInvalid: why; CallbackNotAllowed: the normalized URL
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
