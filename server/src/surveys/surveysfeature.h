#pragma once

#include <memory>

class QThreadPool;

namespace tessera::server {

class ChangeFeed;
class Clock;
class FormCheck;
class RouteTable;
class ScheduledJob;
class Storage;
class SurveyRoutes;
class SurveyService;
class WebhookDispatcher;

// The surveys feature's one place of registration on the server (DESIGN.md, "The house"): its
// change kind "surveys" (with the service), its routes and its scheduled job "surveys-schedule"
// (closings at closesAt, with the mixing of anonymous answers still waiting; removal 7 days
// after) and the builders of its webhooks (SurveyWebhooks). Its migrations are registered in
// app/servermigrations.cpp with the others.
class SurveysFeature
{
public:
    SurveysFeature(
        Storage &storage, ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck);
    ~SurveysFeature();

    void addRoutes(RouteTable &routes);
    // Its answers' webhooks: their bodies built when sent, the dispatcher kicked when one is
    // queued.
    void addWebhooks(WebhookDispatcher &webhooks);
    // On the event loop, once the pool exists: the scheduled job's polls.
    void start(QThreadPool *pool);

    SurveyService &service() { return *m_service; }

private:
    std::unique_ptr<SurveyService> m_service;
    std::unique_ptr<SurveyRoutes> m_routes;
    std::unique_ptr<ScheduledJob> m_job;
};

} // namespace tessera::server
