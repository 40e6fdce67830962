#pragma once

#include "net/backoff.h"
#include "scanner/scanrecordqueue.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>

namespace tessera {

class AuthorizedApi;
class SessionScope;
struct ApiReply;
struct ScanResult;

// Uploads the scanner's records: each result is written to the session's encrypted
// database first (ScanRecordQueue, table scan_queue), then sent in batches with POST /v1/scans,
// retried with exponential backoff while the server cannot be reached or refuses, also across
// restarts (a new uploader on the same database sends what is left). Records leave the queue
// only once the server has accepted them (it deduplicates by each record's id, so a batch sent
// twice is counted once).
class ScanUploader : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
public:
    static constexpr qsizetype batchSize = 100; // the server takes up to 500

    // api and scope must outlive this object; deviceId is this device's (Session::deviceId()).
    // Follows the session's database.
    explicit ScanUploader(
        AuthorizedApi &api, SessionScope &scope, QString deviceId, QObject *parent = nullptr);
    ~ScanUploader() override;

    // Queues the record of a scan result (not for codes that are not Tessera passes) and sends
    // it soon. False when nothing was queued (no session database, not a pass, storage error).
    bool record(const ScanResult &result);

    int pendingCount() const;
    QString errorMessage() const { return m_errorMessage; }
    bool isUploading() const { return m_uploading; }
    // The queue of the session's database (null while there is none).
    ScanRecordQueue *queue() const { return m_queue.get(); }

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

public Q_SLOTS:
    // Sends what is queued now, without waiting for the backoff.
    void uploadNow();

Q_SIGNALS:
    void pendingCountChanged();
    void errorChanged();
    // An upload run ended: ok when the queue is empty now, else it is retried later.
    void finished(bool ok);

private:
    void followSession();
    void sendBatch();
    void handleAnswer(const QStringList &ids, const ApiReply &reply);
    void setError(const QString &message);
    void countChanged();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    QString m_deviceId; // this device's id, in each record it uploads
    std::shared_ptr<Database> m_database;
    std::unique_ptr<ScanRecordQueue> m_queue;
    QString m_errorMessage;
    bool m_uploading = false;
    int m_lastCount = 0;
    quint64 m_generation = 0;
    Backoff m_backoff { std::chrono::seconds(2), std::chrono::minutes(10) };
    QTimer m_timer;
};

} // namespace tessera
