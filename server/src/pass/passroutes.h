#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"
#include "pass/passresult.h"

namespace tessera::server {

class Clock;
class PassAdmin;
class PassIssuer;
class ScannerTrust;
class ScanRecords;

// The pass feature's HTTP routes (server/openapi.json): each handler reads the request, asks
// the domain service and writes its answer.
class PassRoutes
{
public:
    PassRoutes(PassIssuer &issuer, ScannerTrust &trust, ScanRecords &scans, PassAdmin &admin,
        const Clock &clock);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse pass(const HttpRequest &request);
    HttpResponse trust(const HttpRequest &request);
    HttpResponse revocations(const HttpRequest &request);
    HttpResponse checkProcesses(const HttpRequest &request);
    HttpResponse uploadScans(const HttpRequest &request);
    HttpResponse revokePass(const HttpRequest &request);
    HttpResponse revokeDevice(const HttpRequest &request);
    HttpResponse setStatus(const HttpRequest &request);
    HttpResponse putCheckProcess(const HttpRequest &request);
    HttpResponse setAttestationRequired(const HttpRequest &request);
    HttpResponse rotateIssuerKey(const HttpRequest &request);

    // The answer to a PassError; notFound words a NotFound.
    static HttpResponse failure(PassError error, const QString &notFound = {});

    PassIssuer &m_issuer;
    ScannerTrust &m_trust;
    ScanRecords &m_scans;
    PassAdmin &m_admin;
    const Clock &m_clock;
};

} // namespace tessera::server
