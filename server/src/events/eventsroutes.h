#pragma once

#include "http/routetable.h"

namespace tessera::server {

class EventsService;

// The Web API of events (the events wire contract, docs/INTEGRATION.md "Events"):
//   PUT    /v1/subsystem/events/{eventId}            (events:write) put or replace an event
//   DELETE /v1/subsystem/events/{eventId}            (events:write) cancel it
//   GET    /v1/subsystem/events/{eventId}/attendees  (events:write) counts and who answered
//   GET    /v1/events?since=CURSOR                   (a person) the events of their audiences
//   GET    /v1/events/{id}                           (a person) one, with fresh counts
//   PUT    /v1/events/{id}/rsvp                      (a person) going, maybe or no
class EventsRoutes
{
public:
    // The body limit of an event's PUT (as a news post's).
    static constexpr qint64 eventBodyBytes = qint64(64) * 1024;

    explicit EventsRoutes(EventsService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse put(const HttpRequest &request);
    HttpResponse cancel(const HttpRequest &request);
    HttpResponse attendees(const HttpRequest &request);
    HttpResponse changes(const HttpRequest &request);
    HttpResponse detail(const HttpRequest &request);
    HttpResponse rsvp(const HttpRequest &request);
    HttpResponse answer(const HttpRequest &request, const QJsonObject &body);

    EventsService &m_service;
};

} // namespace tessera::server
