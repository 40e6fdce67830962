#pragma once

#include "http/routetable.h"

namespace tessera::server {

class AttestService;

// The attestation routes (server/openapi.json, "Attestations"): the admin's form, a person's
// form, answer, today's answer and kept answers.
class AttestRoutes
{
public:
    explicit AttestRoutes(AttestService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse putForm(const HttpRequest &request);
    HttpResponse answer(const HttpRequest &request);

    AttestService &m_service;
};

} // namespace tessera::server
