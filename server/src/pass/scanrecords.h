#pragma once

#include "pass/passrepository.h"
#include "pass/passresult.h"

#include <QList>
#include <QString>

namespace tessera::server {

class Clock;
class Storage;

// The scanners' scan records: stored as uploaded (each once, by its id) when dated inside the
// kept window, and deleted when older than that. Blocking; runs on the worker pool.
class ScanRecords
{
public:
    static constexpr int maxScansPerUpload = 500;
    // A scan record's scannedAt may be this far ahead of the server's clock (scanners correct
    // their clock from the server's Date header).
    static constexpr qint64 maxScanAheadSeconds = 300;

    using Scan = PassRepository::ScanRow;
    struct Stored
    {
        int accepted = 0; // new records stored
        int duplicates = 0; // records stored before
        int outOfRange = 0; // dated outside the window: not stored
    };

    // scanRecordDays: how long scan records are kept (older ones are refused at upload).
    ScanRecords(Storage &storage, const Clock &clock, int scanRecordDays);

    // Stores what scanner (a person's device) uploaded, in one transaction.
    PassResult<Stored> store(
        const QString &scannerUserId, const QString &scannerDeviceId, const QList<Scan> &scans);
    // Deletes scan records received more than days ago.
    bool prune(int days);

private:
    Storage &m_storage;
    const Clock &m_clock;
    int m_scanRecordDays;
};

} // namespace tessera::server
