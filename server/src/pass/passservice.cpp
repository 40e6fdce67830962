#include "pass/passservice.h"

namespace tessera::server {

PassService::PassService(
    Storage &storage, const Clock &clock, const SecretSeal &seal, int scanRecordDays)
    : m_issuer(storage, clock, seal)
    , m_trust(storage, clock)
    , m_scans(storage, clock, scanRecordDays)
    , m_admin(storage, clock)
    , m_routes(m_issuer, m_trust, m_scans, m_admin, clock)
{ }

bool PassService::prune(int scanRecordDays)
{
    return m_scans.prune(scanRecordDays) && m_trust.pruneRevocations();
}

} // namespace tessera::server
