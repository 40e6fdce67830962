#include "scanner/scanuploader.h"

#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "net/apireply.h"
#include "scanner/scannerlogging.h"
#include "scanner/scanresult.h"

#include <QJsonArray>

#include <algorithm>

namespace tessera {

ScanUploader::ScanUploader(
    AuthorizedApi &api, SessionScope &scope, QString deviceId, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_deviceId(std::move(deviceId))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ScanUploader::uploadNow);
    connect(&m_scope, &SessionScope::started, this, &ScanUploader::followSession);
    connect(&m_scope, &SessionScope::held, this, &ScanUploader::followSession);
    connect(&m_scope, &SessionScope::ended, this, &ScanUploader::followSession);
    connect(&m_scope, &SessionScope::databaseChanged, this, &ScanUploader::followSession);
    followSession();
}

ScanUploader::~ScanUploader() = default;

int ScanUploader::pendingCount() const
{
    return m_queue ? static_cast<int>(m_queue->size()) : 0;
}

void ScanUploader::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_backoff.setDelays(first, last);
}

void ScanUploader::followSession()
{
    const std::shared_ptr<Database> database = m_scope.database();
    const bool signedIn = m_scope.isSignedIn();
    if (database == m_database) {
        if (signedIn && m_queue && !m_queue->isEmpty() && !m_uploading && !m_timer.isActive())
            uploadNow();
        return;
    }
    ++m_generation;
    m_timer.stop();
    m_uploading = false;
    m_backoff.reset();
    m_queue.reset();
    m_database = database;
    if (m_database)
        m_queue = std::make_unique<ScanRecordQueue>(m_database, m_deviceId);
    setError({});
    countChanged();
    if (m_queue && !m_queue->isEmpty() && signedIn)
        uploadNow();
}

bool ScanUploader::record(const ScanResult &result)
{
    if (!m_queue || !m_queue->record(result))
        return false;
    countChanged();
    if (!m_uploading && !m_timer.isActive())
        m_timer.start(0);
    return true;
}

void ScanUploader::uploadNow()
{
    m_timer.stop();
    if (m_uploading || !m_queue)
        return;
    if (m_queue->isEmpty()) {
        Q_EMIT finished(true);
        return;
    }
    m_uploading = true;
    sendBatch();
}

void ScanUploader::sendBatch()
{
    const QList<ScanRecordQueue::Entry> batch = m_queue->peekBatch(batchSize);
    QJsonArray scans;
    QStringList ids;
    for (const ScanRecordQueue::Entry &entry : batch) {
        scans.append(ScanRecordQueue::uploadJson(entry));
        ids.append(entry.id);
    }
    const quint64 generation = m_generation;
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/scans"), QJsonObject { { QStringLiteral("scans"), scans } }),
        [this, generation, ids](const ApiReply &reply) {
            if (generation != m_generation)
                return;
            handleAnswer(ids, reply);
        });
}

void ScanUploader::handleAnswer(const QStringList &ids, const ApiReply &reply)
{
    if (reply.ok()) {
        const bool removed = m_queue->remove(ids);
        m_backoff.reset();
        setError(removed ? QString() : tr("Uploaded scan records could not be removed here."));
        qCInfo(lcScanner) << "uploaded" << ids.size() << "scan records, accepted"
                          << reply.body.value(QStringLiteral("accepted")).toInt();
        countChanged();
        if (removed && !m_queue->isEmpty()) {
            sendBatch();
            return;
        }
        m_uploading = false;
        Q_EMIT finished(removed);
        return;
    }
    // Kept for a later attempt, whatever went wrong: only the server's acceptance removes them.
    m_uploading = false;
    setError(FailureText::describe(reply));
    qCInfo(lcScanner).noquote() << "scan upload failed, will retry:" << reply.error.code;
    // The whole Retry-After, even past the last delay (the other loops cap it at their last).
    std::chrono::milliseconds delay = m_backoff.next();
    if (const std::optional<std::chrono::seconds> asked = reply.retryAfter())
        delay = std::max<std::chrono::milliseconds>(delay, *asked);
    m_timer.start(delay);
    Q_EMIT finished(false);
}

void ScanUploader::setError(const QString &message)
{
    if (m_errorMessage == message)
        return;
    m_errorMessage = message;
    Q_EMIT errorChanged();
}

void ScanUploader::countChanged()
{
    const int count = pendingCount();
    if (count == m_lastCount)
        return;
    m_lastCount = count;
    Q_EMIT pendingCountChanged();
}

} // namespace tessera
