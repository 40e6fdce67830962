#include "pass/scannertrust.h"

#include "base/clock.h"
#include "pass/passissuer.h"
#include "pass/passrepository.h"
#include "storage/storage.h"

namespace tessera::server {

ScannerTrust::ScannerTrust(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

PassResult<pass::TrustList> ScannerTrust::trustList()
{
    QSqlDatabase db = m_storage.connection();
    // A retired key stays listed while passes it signed may still be valid.
    const std::optional<QList<pass::IssuerKey>> keys = PassRepository(db).keysNotRetiredBefore(
        m_clock.now().addSecs(-PassIssuer::passLifetimeSeconds - 3600));
    if (!keys)
        return PassError::DatabaseRefused;
    pass::TrustList list;
    for (const pass::IssuerKey &key : *keys)
        list.add(key);
    return list;
}

PassResult<ScannerTrust::RevocationPage> ScannerTrust::revocations(qint64 since)
{
    QSqlDatabase db = m_storage.connection();
    PassRepository repository(db);
    const std::optional<QList<PassRepository::Revoked>> rows =
        repository.revocationsAfter(since, m_clock.now(), revocationsPerPage + 1);
    if (!rows)
        return PassError::DatabaseRefused;
    RevocationPage page;
    page.cursor = since;
    for (const PassRepository::Revoked &row : *rows) {
        if (page.revoked.size() == revocationsPerPage) {
            page.hasMore = true;
            break;
        }
        page.revoked.append(Revocation { row.passId, row.expiresAt });
        page.cursor = row.id;
    }
    if (!page.hasMore && page.revoked.isEmpty()) {
        // Nothing new: move the cursor past revocations of passes that expired meanwhile.
        if (const std::optional<qint64> last = repository.lastRevocationId())
            page.cursor = std::max(page.cursor, *last);
    }
    return page;
}

PassResult<QList<QJsonObject>> ScannerTrust::checkProcesses()
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<QList<QJsonObject>> processes = PassRepository(db).checkProcesses();
    if (!processes)
        return PassError::DatabaseRefused;
    return *processes;
}

bool ScannerTrust::pruneRevocations()
{
    QSqlDatabase db = m_storage.connection();
    return PassRepository(db).deleteRevocationsExpiredBefore(m_clock.now().addDays(-1));
}

} // namespace tessera::server
