#include "scannercontroller.h"

#include "identity/session.h"
#include "protocol/passclaims.h"
#include "protocol/passreason.h"
#include "scanner/mediafilesource.h"
#include "scanner/scanner.h"
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
    , m_source(std::make_unique<MediaFileSource>())
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

    connect(m_source.get(), &MediaFileSource::finished, this, [this]() {
        if (m_fileResults == 0)
            setError(tr("No QR code was found in the file."));
        stopFile();
    });
    connect(m_source.get(), &MediaFileSource::errorOccurred, this, [this](const QString &message) {
        setError(message);
        stopFile();
    });
    updateScanner();
}

ScannerController::~ScannerController()
{
    m_source->stop();
    if (m_scanner)
        m_scanner->setVideoSink(nullptr);
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

void ScannerController::setVideoSink(QVideoSink *sink)
{
    if (m_sink.data() == sink)
        return;
    if (!sink)
        stopFile();
    m_sink = sink;
    m_source->setVideoSink(sink);
    if (m_scanner)
        m_scanner->setVideoSink(sink);
    Q_EMIT videoSinkChanged();
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
    if (!verifier || !process) {
        if (m_scanner) {
            m_scanner->setVideoSink(nullptr);
            m_scanner.reset();
        }
    } else if (m_scanner) {
        m_scanner->setVerifier(*verifier);
        m_scanner->setCheckProcess(*process);
        m_scanner->setClock(m_sync.scannerClock());
    } else {
        m_scanner = std::make_unique<Scanner>(*verifier, *process);
        m_scanner->setClock(m_sync.scannerClock());
        connect(m_scanner.get(), &Scanner::resultReady, this, &ScannerController::handleResult);
        connect(m_scanner.get(), &Scanner::frameProcessed, this, [this]() {
            if (m_fileIsImage && isPlayingFile() && m_fileResults == 0
                && ++m_framesWithoutResult >= imageFramesToTry) {
                setError(tr("No QR code was found in the file."));
                stopFile();
            }
        });
        m_scanner->setVideoSink(m_sink.data());
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
    if (!m_sink) {
        setError(tr("The viewfinder is not ready."));
        return false;
    }
    stopFile();
    QString error;
    if (!m_source->open(path, &error)) {
        setError(error);
        return false;
    }
    setError({});
    m_fileIsImage = m_source->kind() == MediaFileSource::Kind::Image;
    m_fileResults = 0;
    m_framesWithoutResult = 0;
    m_fileName = QFileInfo(path).fileName();
    Q_EMIT fileChanged();
    m_source->start();
    return true;
}

void ScannerController::stopFile()
{
    m_source->stop();
    m_fileIsImage = false;
    if (m_fileName.isEmpty())
        return;
    // The viewfinder goes blank again rather than keeping the file's last frame under the
    // "no camera" words (a camera, if any, takes over again).
    if (QVideoSink *sink = m_sink.data())
        sink->setVideoFrame(QVideoFrame());
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
