#pragma once

#include <memory>

class QThreadPool;

namespace tessera::server {

class AnalyticsRoutes;
class AnalyticsStore;
class Clock;
class RouteTable;
class ScheduledJob;
class Storage;

// The analytics feature's one place of registration on the server (DESIGN.md, "The house"): its
// routes and its scheduled job "analytics-retention" (raw events older than 7 days deleted,
// hourly). Its migrations are registered in app/servermigrations.cpp; it holds nothing of a
// person (analyticspersonaldata.h).
class AnalyticsFeature
{
public:
    // defaultConsent: the organisation's default (--analytics-default on|off).
    AnalyticsFeature(Storage &storage, const Clock &clock, bool defaultConsent);
    ~AnalyticsFeature();

    void addRoutes(RouteTable &routes);
    void start(QThreadPool *pool);

private:
    std::unique_ptr<AnalyticsStore> m_store;
    std::unique_ptr<AnalyticsRoutes> m_routes;
    std::unique_ptr<ScheduledJob> m_job;
};

} // namespace tessera::server
