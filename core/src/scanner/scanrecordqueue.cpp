#include "scanrecordqueue.h"

#include "scanresult.h"

#include <utility>

namespace tessera {

ScanRecordQueue::ScanRecordQueue(QString scannerDeviceId)
    : m_deviceId(std::move(scannerDeviceId))
{ }

bool ScanRecordQueue::record(const ScanResult &result)
{
    if (!result.isTesseraPass)
        return false;
    enqueue(ScanRecord::fromResult(result, m_deviceId));
    return true;
}

void ScanRecordQueue::enqueue(ScanRecord record)
{
    m_records.append(std::move(record));
}

QList<ScanRecord> ScanRecordQueue::takeBatch(qsizetype maxCount)
{
    const qsizetype count = qBound(qsizetype(0), maxCount, m_records.size());
    QList<ScanRecord> batch = m_records.first(count);
    m_records.remove(0, count);
    return batch;
}

} // namespace tessera
