#pragma once

#include "protocol/checkprocess.h"
#include "protocol/passverifier.h"
#include "scanner/qrdecoder.h"
#include "scanner/scanresult.h"

#include <QHash>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QVideoFrame>
#include <QVideoSink>

#include <functional>
#include <memory>

namespace tessera {

// The QR pass scanner: frames from a QVideoSink (the camera on devices, an image or
// video file on desktop, MediaFileSource) go to ONE worker thread that reads the frame's luma
// (in place where the pixel format allows, FrameLuma), unmaps it, decodes QR codes only
// (QrDecoder) and verifies them offline (PassVerifier, under the current check process, at the
// scanner's clock). Frames that arrive while the worker is busy are dropped and counted; the
// scanner never keeps a frame beyond its decode.
//
// Each frame gets one decode attempt, in the order of FrameCycle: the whole frame (downsampled
// by 2 for 1080p and larger), inverted on some frames for light-on-dark codes (DESIGN, "Pass and
// scanner"), resampled, or a full-resolution tile of a large frame; a code one attempt misses is
// read by another within one cycle (8 frames).
//
// One result per appearance of a code: a pass (its verified pass id and verdict) or another
// code's text is reported again only after it has gone unseen for appearanceGap (3 s), so the
// pass's QR text rotating every 30 s does not count as a new appearance.
class Scanner : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;

    struct Stats
    {
        quint64 framesReceived = 0;
        quint64 framesDropped = 0; // arrived while the worker was busy
        quint64 framesDecoded = 0; // went through the decoder
        quint64 framesUnreadable = 0; // invalid, or the luma could not be read
        quint64 codesRead = 0; // QR codes found, before deduplication
        quint64 results = 0; // resultReady emitted
    };

    static constexpr qint64 defaultAppearanceGapMs = 3000;

    Scanner(pass::PassVerifier verifier, pass::CheckProcess process, QObject *parent = nullptr);
    ~Scanner() override;

    // Takes effect from the next frame (e.g. after a revocation sync, another process chosen).
    void setVerifier(pass::PassVerifier verifier);
    void setCheckProcess(pass::CheckProcess process);
    // The scanner's clock for verification, Unix seconds (default: the system clock; the app
    // corrects it from the server's Date header). Called on the worker thread.
    void setClock(Clock unixSeconds);
    // A monotonic clock in milliseconds for appearances (default: QElapsedTimer).
    void setMonotonicClock(Clock milliseconds);
    void setAppearanceGap(qint64 milliseconds);

    // Takes frames from sink's videoFrameChanged; nullptr disconnects.
    void setVideoSink(QVideoSink *sink);

    // Whether a frame or image is with the worker.
    bool isBusy() const { return m_busy; }
    const Stats &stats() const { return m_stats; }
    // The decode attempt of the last video frame processed (FrameCycle), when frameProcessed
    // is emitted; a still image's is decodeStill's first (the whole image).
    const QrDecoder::Attempt &lastAttempt() const { return m_lastAttempt; }

public Q_SLOTS:
    // One video frame: decoded when the worker is free, else dropped.
    void processFrame(const QVideoFrame &frame);
    // One still image: both polarities are tried. false (dropped) when the worker is busy.
    bool scanImage(const QImage &image);

Q_SIGNALS:
    // A code's new appearance: its verdict.
    void resultReady(const tessera::ScanResult &result);
    // The worker is free again (after the results of its frame, if any).
    void frameProcessed();

private:
    struct Settings;
    struct Worker;
    struct Found;
    struct Job;
    struct Outcome;

    void start(Job job);
    void finish(const Outcome &outcome);

    std::shared_ptr<const Settings> m_settings;
    std::unique_ptr<Worker> m_worker; // used by one job at a time, on the pool's thread
    QThreadPool m_pool; // one thread
    QPointer<QVideoSink> m_sink;
    QMetaObject::Connection m_sinkConnection;
    Clock m_monotonic;
    qint64 m_gapMs = defaultAppearanceGapMs;
    QHash<QByteArray, qint64> m_lastSeen; // appearance key -> last seen (monotonic ms)
    qint64 m_jobArrivedMs = 0;
    quint64 m_frameNumber = 0; // video frames given to the worker: the step of FrameCycle
    QrDecoder::Attempt m_lastAttempt;
    QVideoFrameFormat::PixelFormat m_lastPixelFormat = QVideoFrameFormat::Format_Invalid;
    bool m_busy = false;
    Stats m_stats;
};

} // namespace tessera
