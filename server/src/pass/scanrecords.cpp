#include "pass/scanrecords.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

namespace tessera::server {

ScanRecords::ScanRecords(Storage &storage, const Clock &clock, int scanRecordDays)
    : m_storage(storage)
    , m_clock(clock)
    , m_scanRecordDays(scanRecordDays)
{ }

PassResult<ScanRecords::Stored> ScanRecords::store(
    const QString &scannerUserId, const QString &scannerDeviceId, const QList<Scan> &scans)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return PassError::DatabaseRefused;
    PassRepository repository(db);
    const QDateTime now = m_clock.now();
    Stored stored;
    for (const Scan &scan : scans) {
        // Dated too far ahead (a wrong or lying clock: it would never be pruned) or older than
        // the retention (it would be pruned at once): not stored, and counted in the answer, so
        // that one such record never holds the scanner's queue up.
        if (scan.scannedAt > now.addSecs(maxScanAheadSeconds)
            || scan.scannedAt < now.addDays(-m_scanRecordDays)) {
            ++stored.outOfRange;
            continue;
        }
        bool inserted = false;
        if (!repository.insertScanRecord(scan, scannerUserId, scannerDeviceId, now, &inserted))
            return PassError::DatabaseRefused;
        stored.accepted += inserted;
    }
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    if (stored.outOfRange > 0)
        qCWarning(lcServer).noquote()
            << stored.outOfRange << "scan records of" << scannerUserId
            << "dated outside the accepted window were not stored (scanner clock?)";
    stored.duplicates = static_cast<int>(scans.size()) - stored.accepted - stored.outOfRange;
    return stored;
}

bool ScanRecords::prune(int days)
{
    QSqlDatabase db = m_storage.connection();
    return PassRepository(db).deleteScanRecordsReceivedBefore(m_clock.now().addDays(-days));
}

} // namespace tessera::server
