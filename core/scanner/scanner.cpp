#include "scanner/scanner.h"

#include "base/futurewatch.h"
#include "protocol/passcodec.h"
#include "scanner/framecycle.h"
#include "scanner/frameluma.h"
#include "scanner/qrdecoder.h"
#include "scanner/scannerlogging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace tessera {

struct Scanner::Settings
{
    pass::PassVerifier verifier;
    pass::CheckProcess process;
    Clock clock;
};

// What the worker thread keeps from job to job.
struct Scanner::Worker
{
    QrDecoder decoder;
};

// One code read from a frame, verified, with the key of its appearance.
struct Scanner::Found
{
    ScanResult result;
    QByteArray key;
};

struct Scanner::Job
{
    QVideoFrame frame; // a video frame, or
    QImage image; // a still image (Format_Grayscale8)
    quint64 frameNumber = 0; // a video frame's number: its attempt in FrameCycle
};

// What the worker gives back for one job.
struct Scanner::Outcome
{
    QList<Found> found;
    bool readable = false;
    QrDecoder::Attempt attempt;
};

namespace {

// A pass is the same appearance while its verified pass id and its verdict stay the same (the
// text changes every 30 s); anything else (another QR code, a code whose issuer signature does
// not hold) while its text stays the same. Text is hashed: no pass payload is kept.
QByteArray appearanceKey(const ScanResult &result, const QByteArray &text)
{
    if (const QString passId = result.passId(); !passId.isEmpty()) {
        return QByteArrayLiteral("pass:") + passId.toUtf8() + '|'
            + pass::verdictName(result.verdict.kind).toUtf8() + '|'
            + result.verdict.reasonCode().toUtf8();
    }
    return QByteArrayLiteral("text:") + QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

} // namespace

Scanner::Scanner(pass::PassVerifier verifier, pass::CheckProcess process, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_shared<const Settings>(Settings { std::move(verifier),
          std::move(process), [] { return QDateTime::currentSecsSinceEpoch(); } }))
    , m_worker(std::make_unique<Worker>())
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1); // keep the one worker thread
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_monotonic = [timer] { return timer->elapsed(); };
}

Scanner::~Scanner()
{
    setVideoSink(nullptr);
    m_pool.waitForDone(); // the job uses m_worker
}

void Scanner::setVerifier(pass::PassVerifier verifier)
{
    m_settings = std::make_shared<const Settings>(
        Settings { std::move(verifier), m_settings->process, m_settings->clock });
}

void Scanner::setCheckProcess(pass::CheckProcess process)
{
    m_settings = std::make_shared<const Settings>(
        Settings { m_settings->verifier, std::move(process), m_settings->clock });
}

void Scanner::setClock(Clock unixSeconds)
{
    m_settings = std::make_shared<const Settings>(
        Settings { m_settings->verifier, m_settings->process, std::move(unixSeconds) });
}

void Scanner::setMonotonicClock(Clock milliseconds)
{
    m_monotonic = std::move(milliseconds);
}

void Scanner::setAppearanceGap(qint64 milliseconds)
{
    m_gapMs = qMax<qint64>(0, milliseconds);
}

void Scanner::setVideoSink(QVideoSink *sink)
{
    if (m_sinkConnection)
        disconnect(m_sinkConnection);
    m_sink = sink;
    if (sink)
        m_sinkConnection =
            connect(sink, &QVideoSink::videoFrameChanged, this, &Scanner::processFrame);
}

void Scanner::processFrame(const QVideoFrame &frame)
{
    ++m_stats.framesReceived;
    if (m_busy) {
        ++m_stats.framesDropped;
        return;
    }
    if (!frame.isValid()) {
        ++m_stats.framesUnreadable;
        return;
    }
    if (frame.pixelFormat() != m_lastPixelFormat) {
        m_lastPixelFormat = frame.pixelFormat();
        qCDebug(lcScanner) << "frames:" << m_lastPixelFormat << frame.size()
                           << (FrameLuma::hasLumaInPlace(m_lastPixelFormat) ? "luma in place"
                                                                            : "luma not in place");
    }
    // One attempt per frame, in the order of FrameCycle (chosen on the worker, which knows the
    // luma's size).
    start(Job { frame, QImage(), m_frameNumber++ });
}

bool Scanner::scanImage(const QImage &image)
{
    ++m_stats.framesReceived;
    if (m_busy) {
        ++m_stats.framesDropped;
        return false;
    }
    if (image.isNull()) {
        ++m_stats.framesUnreadable;
        return true;
    }
    start(Job { QVideoFrame(), image.convertToFormat(QImage::Format_Grayscale8), 0 });
    return true;
}

void Scanner::start(Job job)
{
    m_busy = true;
    m_jobArrivedMs = m_monotonic();
    Worker *worker = m_worker.get();
    // Decoding and verification on the worker thread (PassVerifier::verify is const and
    // thread-safe), with the settings of the time the frame arrived.
    std::shared_ptr<const Settings> settings = m_settings;
    auto future = QtConcurrent::run(&m_pool, [worker, settings, job = std::move(job)]() mutable {
        QList<QByteArray> texts;
        Outcome outcome;
        if (!job.image.isNull()) {
            const LumaView view { job.image.constBits(), job.image.width(), job.image.height(),
                int(job.image.bytesPerLine()), 1 };
            outcome.readable = true;
            texts = worker->decoder.decodeStill(view);
            job.image = QImage();
        } else {
            // The frame moves into luma, which unmaps and drops it at the end of this block:
            // nothing of the frame outlives its decode.
            FrameLuma luma(std::move(job.frame));
            outcome.readable = luma.isValid();
            if (outcome.readable) {
                const LumaView &view = luma.view();
                outcome.attempt = FrameCycle::attempt(job.frameNumber, view.width, view.height);
                texts = worker->decoder.decode(view, outcome.attempt);
            }
        }

        for (const QByteArray &text : std::as_const(texts)) {
            const QString qrText = QString::fromUtf8(text);
            ScanResult result;
            result.isTesseraPass = qrText.startsWith(QLatin1String(pass::qrPrefix));
            result.scannedAt = settings->clock();
            result.verdict = settings->verifier.verify(qrText, settings->process, result.scannedAt);
            QByteArray key = appearanceKey(result, text);
            outcome.found.append(Found { std::move(result), std::move(key) });
        }
        return outcome;
    });
    whenFinished(this, future, [this](const Outcome &outcome) { finish(outcome); });
}

void Scanner::finish(const Outcome &outcome)
{
    m_busy = false;
    m_lastAttempt = outcome.attempt;
    if (outcome.readable)
        ++m_stats.framesDecoded;
    else
        ++m_stats.framesUnreadable;
    const QList<Found> &found = outcome.found;
    m_stats.codesRead += quint64(found.size());

    const qint64 seenAt = m_jobArrivedMs;
    for (auto it = m_lastSeen.begin(); it != m_lastSeen.end();) {
        if (seenAt - it.value() >= m_gapMs)
            it = m_lastSeen.erase(it);
        else
            ++it;
    }
    for (const Found &code : found) {
        const bool newAppearance = !m_lastSeen.contains(code.key);
        m_lastSeen.insert(code.key, seenAt);
        if (!newAppearance)
            continue;
        ++m_stats.results;
        qCDebug(lcScanner) << "result:" << pass::verdictName(code.result.verdict.kind)
                           << code.result.verdict.reasonCode();
        Q_EMIT resultReady(code.result);
    }
    Q_EMIT frameProcessed();
}

} // namespace tessera
