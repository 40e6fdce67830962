#pragma once

#include <memory>

class QThreadPool;

namespace tessera::server {

class AttestRoutes;
class AttestService;
class Clock;
class FormCheck;
class RouteTable;
class ScheduledJob;
class Storage;

// The attestations feature's one place of registration on the server: its routes and its
// scheduled job "attestation-retention" (answers older than the form's retention deleted). Its
// migrations are registered in app/servermigrations.cpp, its personal data in
// app/personaldataregistry.cpp.
class AttestFeature
{
public:
    AttestFeature(
        Storage &storage, const Clock &clock, const FormCheck &formCheck, RouteTable &routes);
    ~AttestFeature();

    // On the event loop, once the pool exists: the retention job's polls.
    void start(QThreadPool *pool);

    AttestService &service() { return *m_service; }

private:
    std::unique_ptr<AttestService> m_service;
    std::unique_ptr<AttestRoutes> m_routes;
    std::unique_ptr<ScheduledJob> m_job;
};

} // namespace tessera::server
