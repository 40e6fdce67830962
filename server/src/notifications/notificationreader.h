#pragma once

#include "notifications/newnotification.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera::server {

// Reads and checks the body of POST /v1/notifications (docs/NOTIFICATIONS.md) into a
// NewNotification: only the fields the API knows, their types, lengths and values. What needs the
// database (the callback URL's prefixes, who the recipients are) is the service's to check.
class NotificationReader
{
public:
    static constexpr qsizetype maxTitleLength = 200;
    static constexpr qsizetype maxBodyBytes = qsizetype { 8 } * 1024;
    static constexpr qsizetype maxDataBytes = qsizetype { 16 } * 1024;

    // The notification, or nullopt with the first problem in *error (a 400's message).
    static std::optional<NewNotification> read(
        const QJsonObject &body, const QDateTime &now, QString *error);
};

} // namespace tessera::server
