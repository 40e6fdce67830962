#pragma once

#include "audience/audience.h"
#include "cards/publishingcheck.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The body of PUT /v1/subsystem/events/{eventId} (the events wire contract), validated:
// {"title" 1..200 plain text, "description" 0..32768 of the Adaptive Cards markdown subset,
// "start", "end" (RFC 3339, end after start and at most 14 days after it), "timeZone" (an IANA id
// QTimeZone knows), "place" {"site", "room" 0..100 each}, "onlineUrl" (https, an allowed host),
// "capacity" (>= 1, null: unlimited), "rsvpClosesAt" (default the start, not after the end),
// "reminders" (0..3 distinct minutes before the start, 5..40320), "audience"}. Text is checked
// as news' (PublishingCheck).
struct EventsRequest
{
    static constexpr qsizetype maxTitle = 200;
    static constexpr qsizetype maxDescription = 32768;
    static constexpr qsizetype maxPlace = 100;
    static constexpr qint64 maxDurationSeconds = qint64(14) * 24 * 3600;
    static constexpr int maxCapacity = 1000000;
    static constexpr int maxReminders = 3;
    static constexpr int minReminder = 5;
    static constexpr int maxReminder = 40320;

    using Problem = PublishingCheck::Problem;

    QString title;
    QString description;
    QDateTime start;
    QDateTime end;
    QString timeZone;
    bool hasPlace = false;
    QString site;
    QString room;
    QString onlineUrl; // empty: none
    std::optional<int> capacity; // nullopt: unlimited
    QDateTime rsvpClosesAt;
    QList<int> reminders;
    Audience audience;

    // The first problem first, in the order of the fields above (unknown fields before all).
    static std::optional<EventsRequest> read(
        const QJsonObject &body, const QStringList &allowedHosts, Problem *problem);
};

} // namespace tessera::server
