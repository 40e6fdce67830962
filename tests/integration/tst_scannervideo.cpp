// A video of QR codes made here (PNG frames -> MJPEG in AVI with GStreamer's gst-launch-1.0),
// played by QtMultimedia (its GStreamer backend) into a QVideoSink, read by the scanner in real
// time: exactly one result per appearance of a code.
#include "scanner/mediafilesource.h"
#include "scanner/scanner.h"
#include "scannerfixture.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoSink>

using namespace scannertest;

namespace {

constexpr int framesPerSecond = 10;

// Writes the frames as PNGs and encodes them into an MJPEG AVI at 10 frames a second.
bool makeVideo(
    const QList<QImage> &frames, const QString &dir, const QString &output, QString *error)
{
    for (qsizetype i = 0; i < frames.size(); ++i) {
        const QString path =
            QStringLiteral("%1/frame%2.png").arg(dir).arg(i, 4, 10, QLatin1Char('0'));
        // Repeated frames are copies of the first file of their run; the others are saved in
        // colour, so that the video is YUV as a camera's is.
        if (i > 0 && frames.at(i) == frames.at(i - 1)) {
            const QString previous =
                QStringLiteral("%1/frame%2.png").arg(dir).arg(i - 1, 4, 10, QLatin1Char('0'));
            if (!QFile::copy(previous, path))
                return false;
        } else if (!frames.at(i).convertToFormat(QImage::Format_RGB32).save(path)) {
            return false;
        }
    }
    const QString gst = QStandardPaths::findExecutable(QStringLiteral("gst-launch-1.0"));
    if (gst.isEmpty()) {
        *error = QStringLiteral("gst-launch-1.0 not found (package gstreamer1.0-tools)");
        return false;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(gst,
        { QStringLiteral("-q"), QStringLiteral("multifilesrc"),
            QStringLiteral("location=%1/frame%04d.png").arg(dir), QStringLiteral("index=0"),
            QStringLiteral("stop-index=%1").arg(frames.size() - 1),
            QStringLiteral("caps=image/png,framerate=%1/1").arg(framesPerSecond),
            QStringLiteral("!"), QStringLiteral("pngdec"), QStringLiteral("!"),
            QStringLiteral("videoconvert"), QStringLiteral("!"),
            QStringLiteral("video/x-raw,format=I420"), QStringLiteral("!"), // as cameras give
            QStringLiteral("jpegenc"), QStringLiteral("!"), QStringLiteral("avimux"),
            QStringLiteral("!"), QStringLiteral("filesink"),
            QStringLiteral("location=%1").arg(output) });
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *error =
            QStringLiteral("gst-launch-1.0 failed: ") + QString::fromLocal8Bit(process.readAll());
        return false;
    }
    return QFile::exists(output);
}

} // namespace

class TestScannerVideo : public QObject
{
    Q_OBJECT

    struct Playback
    {
        QStringList passIds;
        quint64 framesReceived = 0;
        QString error;
    };

    // Plays the video in real time into a new scanner; the pass ids of its results.
    static Playback play(const QString &video)
    {
        Playback playback;
        QVideoSink sink;
        Scanner scanner(verifier(), officeEntry());
        scanner.setClock([] { return now; });
        scanner.setVideoSink(&sink);
        QSignalSpy results(&scanner, &Scanner::resultReady);

        MediaFileSource source;
        source.setVideoSink(&sink);
        QSignalSpy finished(&source, &MediaFileSource::finished);
        QSignalSpy errors(&source, &MediaFileSource::errorOccurred);
        if (!source.open(video, &playback.error))
            return playback;
        if (source.kind() != MediaFileSource::Kind::Video) {
            playback.error = QStringLiteral("not opened as a video");
            return playback;
        }
        source.start();
        if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !errors.isEmpty(); }, 120000)) {
            playback.error = QStringLiteral("the video did not finish");
            return playback;
        }
        if (!errors.isEmpty()) {
            playback.error = errors.at(0).at(0).toString();
            return playback;
        }
        if (!QTest::qWaitFor([&] { return !scanner.isBusy(); }, 30000)) { // the last answer
            playback.error = QStringLiteral("the scanner did not finish its last frame");
            return playback;
        }

        for (const QList<QVariant> &arguments : std::as_const(results)) {
            const auto result = arguments.at(0).value<ScanResult>();
            if (result.verdict.kind != VerdictKind::Allow)
                playback.error =
                    QStringLiteral("unexpected verdict ") + result.verdict.reasonCode();
            playback.passIds.append(result.passId());
        }
        playback.framesReceived = scanner.stats().framesReceived;
        qInfo() << "frames received" << scanner.stats().framesReceived << "decoded"
                << scanner.stats().framesDecoded << "dropped" << scanner.stats().framesDropped
                << "codes read" << scanner.stats().codesRead;
        return playback;
    }

private Q_SLOTS:
    void oneResultPerAppearanceInAVideo()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QImage codeA = frameWith(code(qrText(QStringLiteral("passA0000001"))));
        const QImage codeB = rotated(code(qrText(QStringLiteral("passB0000002"))), 20);
        QImage blank(1280, 720, QImage::Format_Grayscale8);
        blank.fill(235);

        // A for 2 s, nothing for 4 s, A again for 2 s, B for 2 s, nothing for 1 s.
        QList<QImage> frames;
        const auto add = [&frames](const QImage &image, int seconds) {
            for (int i = 0; i < seconds * framesPerSecond; ++i)
                frames.append(image);
        };
        add(codeA, 2);
        add(blank, 4);
        add(codeA, 2);
        add(codeB, 2);
        add(blank, 1);
        const QString video = dir.filePath(QStringLiteral("codes.avi"));
        QString error;
        QVERIFY2(makeVideo(frames, dir.path(), video, &error), qPrintable(error));

        // The GStreamer backend was seen to stop a playback early about once in twenty runs
        // (ENVIRONMENT.md): a playback that delivered clearly fewer frames than the video has
        // is played once more. The verdicts are checked on a full playback.
        Playback playback = play(video);
        if (playback.framesReceived < quint64(frames.size()) * 9 / 10) {
            qWarning() << "the playback stopped early after" << playback.framesReceived
                       << "frames; playing it again";
            playback = play(video);
        }
        QVERIFY2(playback.error.isEmpty(), qPrintable(playback.error));
        QCOMPARE(playback.passIds,
            QStringList({ QStringLiteral("passA0000001"), QStringLiteral("passA0000001"),
                QStringLiteral("passB0000002") }));
    }
};

QTEST_GUILESS_MAIN(TestScannerVideo)
#include "tst_scannervideo.moc"
