#pragma once

#include "scanrecord.h"

#include <QList>
#include <QString>

namespace tessera {

struct ScanResult;

// The scan records waiting for upload, oldest first. In memory for now: the encrypted-database
// queue and the batch upload come with the server's POST /v1/scans.
class ScanRecordQueue
{
public:
    explicit ScanRecordQueue(QString scannerDeviceId = {});

    // Queues the record of a Tessera pass's result; a code that is not a Tessera pass leaves
    // no record (false).
    bool record(const ScanResult &result);
    void enqueue(ScanRecord record);

    qsizetype size() const { return m_records.size(); }
    bool isEmpty() const { return m_records.isEmpty(); }
    const QList<ScanRecord> &records() const { return m_records; }

    // Removes and returns up to maxCount of the oldest records (an upload batch).
    QList<ScanRecord> takeBatch(qsizetype maxCount);

private:
    QString m_deviceId;
    QList<ScanRecord> m_records;
};

} // namespace tessera
