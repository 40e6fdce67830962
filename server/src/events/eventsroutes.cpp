#include "events/eventsroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "events/eventsservice.h"
#include "feed/deltaroute.h"
#include "http/idempotentrequest.h"
#include "http/ownobjectroutes.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return OwnObjectRoutes::notFound(QStringLiteral("event"));
}

// The same answer whether the event does not exist or is not for the person: no hint.
HttpResponse noEvent()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no event with that id."));
}

QJsonValue placeOrNull(int place)
{
    return place > 0 ? QJsonValue(place) : QJsonValue();
}

} // namespace

EventsRoutes::EventsRoutes(EventsService &service)
    : m_service(service)
{ }

void EventsRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    OwnObjectRoutes::addPutAndDelete(
        routes, QStringLiteral("/v1/subsystem/events/{eventId}"), ApiScope::EventsWrite,
        eventBodyBytes, [this](const HttpRequest &request) { return put(request); },
        [this](const HttpRequest &request) { return cancel(request); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/events/{eventId}/attendees"),
        ApiScope::EventsWrite, [this](const HttpRequest &request) { return attendees(request); });
    routes.add(M::Get, QStringLiteral("/v1/events"), Access::SignedIn,
        [this](const HttpRequest &request) { return changes(request); });
    routes.add(M::Get, QStringLiteral("/v1/events/{id}"), Access::SignedIn,
        [this](const HttpRequest &request) { return detail(request); });
    routes.add(M::Put, QStringLiteral("/v1/events/{id}/rsvp"), Access::SignedIn,
        [this](const HttpRequest &request) { return rsvp(request); });
}

HttpResponse EventsRoutes::put(const HttpRequest &request)
{
    const QString apiKeyId = request.principal->apiKeyId;
    HttpResponse refused;
    const std::optional<OwnObjectRoutes::Put> given = OwnObjectRoutes::readPut(
        request, QStringLiteral("An event id"), m_service, apiKeyId, &refused);
    if (!given)
        return refused;
    EventsRequest::Problem problem;
    const std::optional<EventsRequest> event =
        EventsRequest::read(given->body, given->hosts, &problem);
    if (!event)
        return FormCheck::refusal(problem.code, problem.path, problem.message);
    const EventsService::PutResult result = m_service.put(apiKeyId, given->id, *event);
    using Outcome = EventsService::PutResult::Outcome;
    if (result.outcome == Outcome::Failed)
        return http::internalError();
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), result.event.id },
            { QStringLiteral("eventId"), result.event.eventId },
            { QStringLiteral("version"), result.event.version },
            { QStringLiteral("state"), QStringLiteral("scheduled") },
        },
        result.outcome == Outcome::Created ? 201 : 200);
}

HttpResponse EventsRoutes::cancel(const HttpRequest &request)
{
    return OwnObjectRoutes::remove(request, notFound(), [&](const QString &eventId) {
        return m_service.cancel(request.principal->apiKeyId, eventId);
    });
}

HttpResponse EventsRoutes::attendees(const HttpRequest &request)
{
    const QString eventId = request.params.value(0);
    if (!OwnObjectRoutes::isOwnId(eventId))
        return notFound();
    const EventsService::Attendees found =
        m_service.attendees(request.principal->apiKeyId, eventId);
    if (found.found == EventsService::Found::NotFound)
        return notFound();
    if (found.found == EventsService::Found::Failed)
        return http::internalError();
    QHash<QString, int> counts;
    QJsonArray list;
    for (const StoredRsvp &rsvp : found.attendees) {
        counts[rsvp.answer] += 1;
        list.append(QJsonObject { { QStringLiteral("userId"), rsvp.userId },
            { QStringLiteral("displayName"), rsvp.displayName },
            { QStringLiteral("answer"), rsvp.answer },
            { QStringLiteral("waitingPlace"), placeOrNull(rsvp.waitingPlace) },
            { QStringLiteral("answeredAt"), rsvp.answeredAt } });
    }
    return http::json(QJsonObject { { QStringLiteral("id"), found.event.id },
        { QStringLiteral("capacity"),
            found.event.capacity > 0 ? QJsonValue(found.event.capacity) : QJsonValue() },
        { QStringLiteral("going"), counts.value(QStringLiteral("going")) },
        { QStringLiteral("maybe"), counts.value(QStringLiteral("maybe")) },
        { QStringLiteral("no"), counts.value(QStringLiteral("no")) },
        { QStringLiteral("waiting"), counts.value(QStringLiteral("waiting")) },
        { QStringLiteral("attendees"), list } });
}

HttpResponse EventsRoutes::changes(const HttpRequest &request)
{
    // The page answers itself (each object serialized once, straight into the answer).
    return DeltaRoute::answer(
        request, m_service.connection(), [this](const QString &userId, qint64 since) {
            const EventsPage page = m_service.changesFor(userId, since);
            return page.ok ? page.answer() : http::internalError();
        });
}

HttpResponse EventsRoutes::detail(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    if (id.isEmpty() || id.size() > 128)
        return noEvent();
    const EventsService::Detail detail = m_service.detail(request.principal->userId, id);
    switch (detail.found) {
    case EventsService::Found::Yes:
        return http::json(detail.json);
    case EventsService::Found::NotFound:
        return noEvent();
    case EventsService::Found::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse EventsRoutes::rsvp(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$"), error);
    // With an Idempotency-Key (the app's outbox) a retry gets the first answer again; without
    // one the answer is idempotent by itself (the same answer changes nothing).
    if (request.header(QByteArrayLiteral("Idempotency-Key")).isEmpty())
        return answer(request, *body);
    return answerIdempotently(request, QStringLiteral("user:") + request.principal->userId,
        m_service.connection(), m_service.clock().now(),
        [&](const IdempotentComplete &) { return answer(request, *body); });
}

HttpResponse EventsRoutes::answer(const HttpRequest &request, const QJsonObject &body)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != u"answer")
            return FormCheck::refusal(QStringLiteral("invalid_field"),
                QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of an answer (answer)"));
    }
    const QString given = body.value(QStringLiteral("answer")).toString();
    if (given != u"going" && given != u"maybe" && given != u"no")
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.answer"),
            QStringLiteral("must be going, maybe or no"));
    const QString id = request.params.value(0);
    if (id.isEmpty() || id.size() > 128)
        return noEvent();
    const EventsService::RsvpResult result = m_service.rsvp(request.principal->userId, id, given);
    using Outcome = EventsService::RsvpResult::Outcome;
    switch (result.outcome) {
    case Outcome::Answered:
        return http::json(QJsonObject { { QStringLiteral("id"), result.id },
            { QStringLiteral("answer"), result.answer },
            { QStringLiteral("waitingPlace"), placeOrNull(result.waitingPlace) } });
    case Outcome::NotFound:
        return noEvent();
    case Outcome::Closed:
        return http::error(409, QStringLiteral("rsvp_closed"),
            result.closedAt.isEmpty()
                ? QStringLiteral("RSVPs for this event closed: it was cancelled.")
                : QStringLiteral("RSVPs for this event closed at %1.").arg(result.closedAt));
    case Outcome::Failed:
        break;
    }
    return http::internalError();
}

} // namespace tessera::server
