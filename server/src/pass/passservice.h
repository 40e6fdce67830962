#pragma once

#include "http/routetable.h"
#include "pass/passadmin.h"
#include "pass/passissuer.h"
#include "pass/passroutes.h"
#include "pass/scannertrust.h"
#include "pass/scanrecords.h"

#include <QString>

namespace tessera::server {

class Clock;
class SecretSeal;
class Storage;

// The QR pass's server half (docs/PASS_FORMAT.md) as the composition root builds it: issuer
// keys and passes (PassIssuer), the trust and revocation lists and check processes
// (ScannerTrust), the scanners' scan records (ScanRecords), the admin's changes (PassAdmin),
// their routes (PassRoutes) and their SQL (PassRepository).
class PassService
{
public:
    // scanRecordDays: how long scan records are kept (older ones are refused at upload).
    PassService(
        Storage &storage, const Clock &clock, const SecretSeal &seal, int scanRecordDays = 90);
    PassService(const PassService &) = delete; // the routes hold the services
    PassService &operator=(const PassService &) = delete;

    // Makes the first issuer key and the default check processes when there are none. false
    // (error) when the database refuses.
    bool ensureDefaults(QString *error) { return m_issuer.ensureDefaults(error); }
    void addRoutes(RouteTable &routes) { m_routes.addRoutes(routes); }
    // Deletes scan records older than days and revocations of passes expired a day ago.
    bool prune(int scanRecordDays);

private:
    PassIssuer m_issuer;
    ScannerTrust m_trust;
    ScanRecords m_scans;
    PassAdmin m_admin;
    PassRoutes m_routes;
};

} // namespace tessera::server
