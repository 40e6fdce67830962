#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// Who a notification is for, as a sub-system names them: any of these match (employees only).
struct Recipients
{
    QStringList users;
    QStringList departments;
    QStringList geos;
    QStringList roles; // "manager", "scanner", "publisher", "admin"
};

// A notification as a sub-system posts it, read and checked (NotificationReader).
struct NewNotification
{
    Recipients recipients;
    QString title;
    QString body;
    QString category;
    QString priority; // "normal" | "high"
    bool actionable = false;
    QJsonArray actions; // [{id, label, requiresComment}]
    std::optional<QDateTime> expiresAt;
    QString reference;
    QString callbackUrl; // as given; empty when none
    QString data; // compact JSON object; empty when none
    QString requester; // the user id the request is about (never asked); empty when none
    QString approvalMode = QStringLiteral("any"); // "any" | "all"
    // "webhook": decisions and expiry go to callbackUrl (required with actions); "poll": the
    // sub-system reads its events feed instead, and gives no callbackUrl.
    QString delivery = QStringLiteral("webhook");
    // An Adaptive Card shown as the item's body, as given (undefined or null: none). Checked
    // against the key's card hosts and the actions by NotificationCard before it is stored.
    QJsonValue card;

    bool hasCard() const { return !card.isUndefined() && !card.isNull(); }
};

} // namespace tessera::server
