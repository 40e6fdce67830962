#include "events/eventsrequest.h"

#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QTimeZone>

#include <cmath>

namespace tessera::server {

namespace {

std::optional<EventsRequest> refuse(
    EventsRequest::Problem *problem, const QString &path, const QString &message)
{
    *problem = { PublishingCheck::invalidField(), path, message };
    return std::nullopt;
}

const QStringList &fields()
{
    static const QStringList names { QStringLiteral("title"), QStringLiteral("description"),
        QStringLiteral("start"), QStringLiteral("end"), QStringLiteral("timeZone"),
        QStringLiteral("place"), QStringLiteral("onlineUrl"), QStringLiteral("capacity"),
        QStringLiteral("rsvpClosesAt"), QStringLiteral("reminders"), QStringLiteral("audience") };
    return names;
}

// A time at second precision, as the wire and the stored text have it.
std::optional<QDateTime> timeAt(const QJsonValue &value)
{
    const std::optional<QDateTime> at = PublishingCheck::time(value);
    return at ? wiretime::parse(wiretime::format(*at)) : std::nullopt;
}

const QString timeExample = QStringLiteral("must be an RFC 3339 time with its offset, such as"
                                           " 2026-12-24T18:00:00+01:00");

bool readPlace(const QJsonValue &value, EventsRequest *request, EventsRequest::Problem *problem)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject()) {
        *problem = { PublishingCheck::invalidField(), QStringLiteral("$.place"),
            QStringLiteral("must be an object {\"site\", \"room\"} or null") };
        return false;
    }
    const QJsonObject place = value.toObject();
    for (auto it = place.begin(); it != place.end(); ++it) {
        if (it.key() != u"site" && it.key() != u"room") {
            *problem = { PublishingCheck::invalidField(), QStringLiteral("$.place.") + it.key(),
                QStringLiteral("is not a field of a place (site, room)") };
            return false;
        }
    }
    const QString prefix = QStringLiteral("$.place.");
    const auto site = PublishingCheck::text(
        place, QStringLiteral("site"), false, EventsRequest::maxPlace, {}, problem, prefix);
    const auto room = site ? PublishingCheck::text(place, QStringLiteral("room"), false,
                          EventsRequest::maxPlace, {}, problem, prefix)
                           : std::nullopt;
    if (!site || !room)
        return false;
    request->hasPlace = true;
    request->site = *site;
    request->room = *room;
    return true;
}

bool readReminders(const QJsonValue &value, EventsRequest *request, EventsRequest::Problem *problem)
{
    if (value.isUndefined() || value.isNull())
        return true;
    const QJsonArray list = value.toArray();
    if (!value.isArray() || list.size() > EventsRequest::maxReminders) {
        *problem = { PublishingCheck::invalidField(), QStringLiteral("$.reminders"),
            QStringLiteral("must be a list of at most %1 reminders (minutes before the start)")
                .arg(EventsRequest::maxReminders) };
        return false;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        const double minutes = list.at(i).toDouble(-1);
        const bool whole = list.at(i).isDouble() && minutes >= EventsRequest::minReminder
            && minutes <= EventsRequest::maxReminder && minutes == std::floor(minutes);
        if (!whole || request->reminders.contains(int(minutes))) {
            *problem = { PublishingCheck::invalidField(), QStringLiteral("$.reminders[%1]").arg(i),
                QStringLiteral("must be whole minutes from %1 to %2, each once")
                    .arg(EventsRequest::minReminder)
                    .arg(EventsRequest::maxReminder) };
            return false;
        }
        request->reminders.append(int(minutes));
    }
    return true;
}

} // namespace

std::optional<EventsRequest> EventsRequest::read(
    const QJsonObject &body, const QStringList &allowedHosts, Problem *problem)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!fields().contains(it.key()))
            return refuse(problem, QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of an event (%1)")
                    .arg(fields().join(QStringLiteral(", "))));
    }
    EventsRequest request;
    const auto title =
        PublishingCheck::text(body, QStringLiteral("title"), true, maxTitle, allowedHosts, problem);
    if (!title)
        return std::nullopt;
    const auto description = PublishingCheck::text(
        body, QStringLiteral("description"), false, maxDescription, allowedHosts, problem);
    if (!description)
        return std::nullopt;
    request.title = *title;
    request.description = *description;

    const std::optional<QDateTime> start = timeAt(body.value(QStringLiteral("start")));
    if (!start)
        return refuse(problem, QStringLiteral("$.start"), timeExample);
    const std::optional<QDateTime> end = timeAt(body.value(QStringLiteral("end")));
    if (!end)
        return refuse(problem, QStringLiteral("$.end"), timeExample);
    if (*end <= *start)
        return refuse(problem, QStringLiteral("$.end"), QStringLiteral("must be after the start"));
    if (start->secsTo(*end) > maxDurationSeconds)
        return refuse(problem, QStringLiteral("$.end"),
            QStringLiteral("must be at most 14 days after the start"));
    request.start = *start;
    request.end = *end;

    const QJsonValue zone = body.value(QStringLiteral("timeZone"));
    const QByteArray zoneId = zone.toString().toUtf8();
    if (!zone.isString() || zoneId.isEmpty() || zoneId.size() > 64
        || !QTimeZone::isTimeZoneIdAvailable(zoneId) || !QTimeZone(zoneId).isValid())
        return refuse(problem, QStringLiteral("$.timeZone"),
            QStringLiteral("must be an IANA time zone this server knows, such as Europe/Berlin"));
    request.timeZone = zone.toString();

    if (!readPlace(body.value(QStringLiteral("place")), &request, problem))
        return std::nullopt;

    const QJsonValue online = body.value(QStringLiteral("onlineUrl"));
    if (!online.isUndefined() && !online.isNull()) {
        const QString message = online.isString() && !online.toString().isEmpty()
            ? PublishingCheck::linkProblem(online.toString(), allowedHosts)
            : QStringLiteral("must be an https URL, or null");
        if (!message.isEmpty())
            return refuse(problem, QStringLiteral("$.onlineUrl"), message);
        request.onlineUrl = online.toString();
    }

    const QJsonValue capacity = body.value(QStringLiteral("capacity"));
    if (!capacity.isUndefined() && !capacity.isNull()) {
        const double given = capacity.toDouble(0);
        if (!capacity.isDouble() || given < 1 || given > maxCapacity || given != std::floor(given))
            return refuse(problem, QStringLiteral("$.capacity"),
                QStringLiteral("must be a whole number from 1 to %1, or null for unlimited")
                    .arg(maxCapacity));
        request.capacity = int(given);
    }

    request.rsvpClosesAt = request.start;
    const QJsonValue closes = body.value(QStringLiteral("rsvpClosesAt"));
    if (!closes.isUndefined() && !closes.isNull()) {
        const std::optional<QDateTime> at = timeAt(closes);
        if (!at)
            return refuse(problem, QStringLiteral("$.rsvpClosesAt"), timeExample);
        if (*at > request.end)
            return refuse(problem, QStringLiteral("$.rsvpClosesAt"),
                QStringLiteral("must not be after the end"));
        request.rsvpClosesAt = *at;
    }

    if (!readReminders(body.value(QStringLiteral("reminders")), &request, problem))
        return std::nullopt;

    Audience::Problem audienceProblem;
    const std::optional<Audience> audience = Audience::fromJson(
        body.value(QStringLiteral("audience")), QStringLiteral("$.audience"), &audienceProblem);
    if (!audience) {
        *problem = { QStringLiteral("invalid_audience"), audienceProblem.path,
            audienceProblem.message };
        return std::nullopt;
    }
    request.audience = *audience;
    return request;
}

} // namespace tessera::server
