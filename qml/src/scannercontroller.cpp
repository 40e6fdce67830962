#include "scannercontroller.h"

#include "identity/session.h"
#include "protocol/passclaims.h"
#include "protocol/passreason.h"
#include "scanengine.h"
#include "scanner/scannersync.h"
#include "scanner/scanresult.h"
#include "scanner/scanuploader.h"

#include <QDateTime>
#include <QFileInfo>

namespace tessera {

namespace {

const QString uploadQueued = QStringLiteral("queued");
const QString uploadUploaded = QStringLiteral("uploaded");
const QString uploadNone = QStringLiteral("none");

} // namespace

ScannerController::ScannerController(
    Session &session, ScannerSync &sync, ScanUploader &uploader, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_sync(sync)
    , m_uploader(uploader)
{
    connect(&m_sync, &ScannerSync::stateChanged, this, [this]() {
        updateScanner();
        Q_EMIT syncChanged();
    });
    connect(&m_sync, &ScannerSync::busyChanged, this, &ScannerController::syncChanged);
    connect(&m_sync, &ScannerSync::errorChanged, this, &ScannerController::syncChanged);
    connect(&m_sync, &ScannerSync::syncedChanged, this, [this]() {
        Q_EMIT processesChanged();
        updateScanner();
        Q_EMIT syncChanged();
    });
    connect(&m_uploader, &ScanUploader::pendingCountChanged, this, [this]() {
        updateUploadStates();
        Q_EMIT pendingUploadsChanged();
    });
    connect(&m_session, &Session::stateChanged, this, [this]() {
        if (m_session.state() != Session::State::SignedIn)
            clearScans();
    });
    updateScanner();
}

ScannerController::~ScannerController()
{
    setEngine(nullptr);
}

QString ScannerController::syncState() const
{
    switch (m_sync.state()) {
    case ScannerSync::State::NotSynced:
        return QStringLiteral("notSynced");
    case ScannerSync::State::Syncing:
        return QStringLiteral("syncing");
    case ScannerSync::State::Ready:
        return QStringLiteral("ready");
    case ScannerSync::State::Stale:
        return QStringLiteral("stale");
    case ScannerSync::State::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QString ScannerController::syncWords() const
{
    switch (m_sync.state()) {
    case ScannerSync::State::NotSynced:
        return tr("The pass keys have not been fetched yet.");
    case ScannerSync::State::Syncing:
        return tr("Getting the pass keys and check processes…");
    case ScannerSync::State::Ready:
        return tr("Ready to check passes.");
    case ScannerSync::State::Stale:
        return tr("The pass keys on this device are too old to check passes. Sync to go on.");
    case ScannerSync::State::Error:
        return m_sync.errorMessage().isEmpty()
            ? tr("The pass keys could not be fetched.")
            : tr("The pass keys could not be fetched: %1").arg(m_sync.errorMessage());
    }
    return {};
}

bool ScannerController::isSyncing() const
{
    return m_sync.isBusy();
}

QDateTime ScannerController::lastSyncedAt() const
{
    return m_sync.lastSyncedAt();
}

QVariantList ScannerController::processes() const
{
    return m_sync.processList();
}

QString ScannerController::processTitle(const QString &name) const
{
    for (const pass::CheckProcess &known : m_sync.checkProcesses()) {
        if (known.name == name)
            return known.title;
    }
    return name;
}

void ScannerController::setProcess(const QString &name)
{
    if (name == m_process)
        return;
    m_process = name;
    updateScanner();
    Q_EMIT processChanged();
}

void ScannerController::setEngine(QObject *engine)
{
    ScanEngine *const found = qobject_cast<ScanEngine *>(engine);
    if (!found)
        engine = nullptr;
    if (m_engineObject.data() == engine && m_engine == found)
        return;
    if (m_engine) {
        stopFile();
        m_engine->setHandlers({});
        m_engine->stopScanning();
        disconnect(m_engineObject.data(), &QObject::destroyed, this, nullptr);
    }
    m_engineObject = engine;
    m_engine = found;
    if (m_engine) {
        // The engine's object goes away with its page (its interface is gone by then).
        connect(engine, &QObject::destroyed, this, [this]() {
            m_engine = nullptr;
            m_engineObject = nullptr;
            forgetFile();
            Q_EMIT engineChanged();
        });
        ScanEngine::Handlers handlers;
        handlers.result = [this](const ScanResult &result) { handleResult(result); };
        handlers.frameProcessed = [this]() {
            if (m_fileIsImage && isPlayingFile() && m_fileResults == 0
                && ++m_framesWithoutResult >= imageFramesToTry) {
                setError(tr("No QR code was found in the file."));
                stopFile();
            }
        };
        handlers.fileFinished = [this]() {
            if (m_fileResults == 0)
                setError(tr("No QR code was found in the file."));
            stopFile();
        };
        handlers.fileError = [this](const QString &message) {
            setError(message);
            stopFile();
        };
        m_engine->setHandlers(std::move(handlers));
    }
    updateScanner();
    Q_EMIT engineChanged();
}

QObject *ScannerController::videoSink() const
{
    return m_engine ? m_engine->videoSink() : nullptr;
}

int ScannerController::pendingUploads() const
{
    return m_uploader.pendingCount();
}

// A scanner while the trust list is fresh and a check process is chosen (the first one when
// none is, or the chosen one is gone); none otherwise.
void ScannerController::updateScanner()
{
    const bool wasReady = isReady();
    const std::optional<pass::PassVerifier> verifier = m_sync.verifier();
    const QList<pass::CheckProcess> known = m_sync.checkProcesses();
    std::optional<pass::CheckProcess> process = m_sync.checkProcess(m_process);
    if (!process && !known.isEmpty()) {
        process = known.constFirst();
        m_process = process->name;
        Q_EMIT processChanged();
    }
    m_ready = verifier && process;
    if (m_engine) {
        if (m_ready)
            m_engine->scan(*verifier, *process, m_sync.scannerClock());
        else
            m_engine->stopScanning();
    }
    if (wasReady != isReady())
        Q_EMIT readyChanged();
}

void ScannerController::handleResult(const ScanResult &result)
{
    const pass::Verdict &verdict = result.verdict;
    const bool recorded = m_uploader.record(result);
    QVariantMap entry;
    entry.insert(QStringLiteral("serial"), ++m_serial);
    entry.insert(QStringLiteral("verdict"), pass::verdictName(verdict.kind));
    entry.insert(QStringLiteral("reason"), verdict.reasonCode());
    entry.insert(QStringLiteral("message"), verdict.message);
    entry.insert(QStringLiteral("action"), verdict.action);
    entry.insert(QStringLiteral("initials"), verdict.pass ? verdict.pass->initials : QString());
    entry.insert(QStringLiteral("subjectType"),
        verdict.pass ? pass::userTypeName(verdict.pass->userType) : QString());
    entry.insert(QStringLiteral("process"), verdict.process);
    entry.insert(QStringLiteral("processTitle"), processTitle(verdict.process));
    entry.insert(QStringLiteral("time"),
        QDateTime::fromSecsSinceEpoch(result.scannedAt > 0 ? result.scannedAt : m_sync.nowUnix()));
    entry.insert(QStringLiteral("isPass"), result.isTesseraPass);
    entry.insert(QStringLiteral("upload"), recorded ? uploadQueued : uploadNone);
    if (recorded)
        m_queued.append(m_serial);

    m_recent.prepend(entry);
    while (m_recent.size() > maxRecentScans)
        m_recent.removeLast();
    m_lastResult = entry;
    ++m_fileResults;
    setError({});
    updateUploadStates();
    Q_EMIT lastResultChanged();
    Q_EMIT recentScansChanged();
    Q_EMIT pendingUploadsChanged();
    Q_EMIT feedback(entry.value(QStringLiteral("verdict")).toString());
    // An image gives the same code again and again: one result is what it has to say.
    if (m_fileIsImage && isPlayingFile())
        stopFile();
}

// The queue sends the oldest first: with n records pending, the newest n of ours are still
// queued and the older ones have been accepted by the server.
void ScannerController::updateUploadStates()
{
    const int pending = m_uploader.pendingCount();
    bool changed = false;
    while (m_queued.size() > pending) {
        const int serial = m_queued.takeFirst();
        for (QVariant &value : m_recent) {
            QVariantMap entry = value.toMap();
            if (entry.value(QStringLiteral("serial")).toInt() != serial)
                continue;
            entry.insert(QStringLiteral("upload"), uploadUploaded);
            value = entry;
            changed = true;
            break;
        }
        if (m_lastResult.value(QStringLiteral("serial")).toInt() == serial) {
            m_lastResult.insert(QStringLiteral("upload"), uploadUploaded);
            Q_EMIT lastResultChanged();
        }
    }
    if (changed)
        Q_EMIT recentScansChanged();
}

bool ScannerController::openFile(const QUrl &url)
{
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    if (path.isEmpty()) {
        setError(tr("Choose an image or video file."));
        return false;
    }
    if (!isReady()) {
        setError(tr("Passes cannot be checked yet: %1").arg(syncWords()));
        return false;
    }
    if (!m_engine || !m_engine->videoSink()) {
        setError(tr("The viewfinder is not ready."));
        return false;
    }
    stopFile();
    QString error;
    ScanEngine::FileKind kind = ScanEngine::FileKind::Video;
    if (!m_engine->openFile(path, &kind, &error)) {
        setError(error);
        return false;
    }
    setError({});
    m_fileIsImage = kind == ScanEngine::FileKind::Image;
    m_fileResults = 0;
    m_framesWithoutResult = 0;
    m_fileName = QFileInfo(path).fileName();
    Q_EMIT fileChanged();
    m_engine->startFile();
    return true;
}

void ScannerController::stopFile()
{
    if (m_engine)
        m_engine->stopFile();
    const bool wasPlaying = isPlayingFile();
    // The viewfinder goes blank again rather than keeping the file's last frame under the
    // "no camera" words (a camera, if any, takes over again).
    if (wasPlaying && m_engine)
        m_engine->clearFrame();
    forgetFile();
}

void ScannerController::forgetFile()
{
    m_fileIsImage = false;
    if (m_fileName.isEmpty())
        return;
    m_fileName.clear();
    Q_EMIT fileChanged();
}

void ScannerController::clearResult()
{
    if (m_lastResult.isEmpty())
        return;
    m_lastResult.clear();
    Q_EMIT lastResultChanged();
}

void ScannerController::sync()
{
    m_sync.sync();
}

void ScannerController::setError(const QString &message)
{
    if (message == m_errorMessage)
        return;
    m_errorMessage = message;
    Q_EMIT errorChanged();
}

// Signed out: the scans were the session's data.
void ScannerController::clearScans()
{
    stopFile();
    m_queued.clear();
    const bool had = !m_recent.isEmpty() || !m_lastResult.isEmpty();
    m_recent.clear();
    m_lastResult.clear();
    setError({});
    if (had) {
        Q_EMIT recentScansChanged();
        Q_EMIT lastResultChanged();
    }
}

} // namespace tessera
