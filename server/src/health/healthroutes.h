#pragma once

#include "http/routetable.h"

namespace tessera::server {

class HealthService;

// The health records' routes (server/openapi.json, tag "health"): a person's own records and
// certificates, the medical role's queue and decisions, and the reports (counts only) for the
// medical role and admins.
class HealthRoutes
{
public:
    explicit HealthRoutes(HealthService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse list(const HttpRequest &request);
    HttpResponse add(const HttpRequest &request);
    HttpResponse addNow(const HttpRequest &request, const QJsonObject &body);
    HttpResponse putCertificate(const HttpRequest &request);
    HttpResponse getCertificate(const HttpRequest &request);
    HttpResponse pending(const HttpRequest &request);
    HttpResponse decide(const HttpRequest &request, bool verify);
    HttpResponse report(const HttpRequest &request);

    HealthService &m_service;
};

} // namespace tessera::server
