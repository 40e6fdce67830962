#pragma once

#include "scanner/scanrecord.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace tessera {

class Database;
struct ScanResult;

// The scan records waiting for upload (POST /v1/scans), oldest first, each with a random id
// the server deduplicates by (a retried upload is applied once). In memory only, or persisted
// in the encrypted database (table scan_queue, migration 5) so that nothing is lost across
// restarts: every record is written there before it is counted, and leaves only when removed
// after the server accepted it (ScanUploader).
class ScanRecordQueue
{
public:
    struct Entry
    {
        QString id; // 22 characters of base64url
        ScanRecord record;
    };

    explicit ScanRecordQueue(QString scannerDeviceId = {});
    // Persisted: loads what the database still holds.
    ScanRecordQueue(std::shared_ptr<Database> database, QString scannerDeviceId);
    ~ScanRecordQueue();

    bool isPersistent() const { return m_database != nullptr; }

    // Queues the record of a Tessera pass's result; a code that is not a Tessera pass leaves
    // no record (false). Also false when the database refused the record.
    bool record(const ScanResult &result);
    bool enqueue(ScanRecord record);

    qsizetype size() const { return m_records.size(); }
    bool isEmpty() const { return m_records.isEmpty(); }
    const QList<ScanRecord> &records() const { return m_records; }

    // Up to maxCount of the oldest records with their ids, left in the queue.
    QList<Entry> peekBatch(qsizetype maxCount) const;
    // Removes the records with these ids (the server has them). False on a database error.
    bool remove(const QStringList &ids);
    // Removes and returns up to maxCount of the oldest records.
    QList<ScanRecord> takeBatch(qsizetype maxCount);

    // One record as POST /v1/scans takes it: {"id","passId" (when known),"process","verdict",
    // "reason","scannedAt"} (the scanner device is the caller's).
    static QJsonObject uploadJson(const Entry &entry);

private:
    bool load();

    std::shared_ptr<Database> m_database;
    QString m_deviceId;
    QList<ScanRecord> m_records;
    QStringList m_ids;
};

} // namespace tessera
