#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class ServiceCatalogue;
class SubmissionService;

// The routes of services and submissions (docs/CARDS.md, "Services and submissions: the Web
// API"). A sub-system's: PUT and DELETE /v1/subsystem/services/{serviceId} (services:write),
// POST /v1/subsystem/submissions/{id}/status (services:write), GET /v1/subsystem/submissions
// (submissions:read). A person's: GET /v1/services, POST /v1/services/{id}/submissions (with an
// Idempotency-Key), GET /v1/submissions. Bodies are at most 64 KiB (413 beyond).
class ServiceRoutes
{
public:
    ServiceRoutes(ServiceCatalogue &catalogue, SubmissionService &submissions);

    void addRoutes(RouteTable &routes);

    HttpResponse putService(const HttpRequest &request);
    HttpResponse withdrawService(const HttpRequest &request);
    HttpResponse catalogue(const HttpRequest &request);
    HttpResponse submit(const HttpRequest &request);
    HttpResponse myRequests(const HttpRequest &request);
    HttpResponse setStatus(const HttpRequest &request);
    HttpResponse keySubmissions(const HttpRequest &request);

private:
    ServiceCatalogue &m_catalogue;
    SubmissionService &m_submissions;
};

} // namespace tessera::server
