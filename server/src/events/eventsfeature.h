#pragma once

#include <memory>

class QThreadPool;

namespace tessera::server {

class ChangeFeed;
class Clock;
class EventsRoutes;
class EventsService;
class FormCheck;
class NotificationService;
class RouteTable;
class ScheduledJob;
class Storage;

// The events feature's one place of registration on the server (DESIGN.md, "The house"): its
// change kind "events" (with the service), its routes and its scheduled job "events-schedule"
// (reminders at their time, expiries 24 h after the end). Its migrations are registered in
// app/servermigrations.cpp with the others.
class EventsFeature
{
public:
    // Before any write: registers the change kind and adds the routes.
    EventsFeature(Storage &storage, ChangeFeed &feed, const Clock &clock,
        const FormCheck &formCheck, NotificationService &notifications, RouteTable &routes);
    ~EventsFeature();

    // On the event loop, once the pool exists: the scheduled job's polls.
    void start(QThreadPool *pool);

    EventsService &service() { return *m_service; }

private:
    std::unique_ptr<EventsService> m_service;
    std::unique_ptr<EventsRoutes> m_routes;
    std::unique_ptr<ScheduledJob> m_job;
};

} // namespace tessera::server
