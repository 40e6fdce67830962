// The scanner's frame pipeline, fed through a QVideoSink as a camera would: one result per
// appearance of a code (not per frame, not per 30-second text), light-on-dark codes on alternate
// frames, frames dropped while the worker is busy and none kept mapped, malformed codes, the scan
// record queue, and an image file shown as a stream of frames (MediaFileSource).
#include "frameimage.h"
#include "frameluma.h"
#include "mediafilesource.h"
#include "scanner.h"
#include "scannerfixture.h"
#include "scanrecordqueue.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoSink>

using namespace scannertest;

namespace {

constexpr int waitMs = 30000; // generous: ASan, a busy machine
constexpr qint64 frameMs = 100; // 10 frames a second

} // namespace

class TestScanner : public QObject
{
    Q_OBJECT

    const QString m_passA = qrText(QStringLiteral("passA0000001"));
    const QString m_passB = qrText(QStringLiteral("passB0000002"));
    QImage m_frameA;
    QImage m_frameB;
    QImage m_blank;

    // A fake monotonic clock and scanner clock that the test moves frame by frame.
    qint64 m_ms = 0;
    qint64 m_unix = now;

    std::unique_ptr<Scanner> newScanner(QVideoSink *sink)
    {
        auto scanner = std::make_unique<Scanner>(verifier(), officeEntry());
        scanner->setClock([this] { return m_unix; });
        scanner->setMonotonicClock([this] { return m_ms; });
        scanner->setVideoSink(sink);
        return scanner;
    }

    // Shows image to the sink count times, a frame every 100 ms, each decoded before the next
    // (a camera whose frames the worker keeps up with).
    static bool show(QVideoSink &sink, Scanner &scanner, const QImage &image, int count, qint64 &ms)
    {
        QSignalSpy done(&scanner, &Scanner::frameProcessed);
        for (int i = 0; i < count; ++i) {
            sink.setVideoFrame(videoFrameFromImage(image));
            if (!done.wait(waitMs))
                return false;
            ms += frameMs;
        }
        return true;
    }

    static QStringList passIds(const QSignalSpy &results)
    {
        QStringList ids;
        for (const QList<QVariant> &arguments : results) {
            const auto result = arguments.at(0).value<ScanResult>();
            ids.append(result.isTesseraPass ? result.passId() : QStringLiteral("not-a-pass"));
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!m_passA.isEmpty() && !m_passB.isEmpty());
        m_frameA = frameWith(code(m_passA));
        m_frameB = rotated(code(m_passB), 30);
        m_blank = QImage(1280, 720, QImage::Format_Grayscale8);
        m_blank.fill(230);
    }

    void init()
    {
        m_ms = 0;
        m_unix = now;
    }

    void oneResultPerAppearance()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        // A for 2 s, nothing for 4 s, A again for 2 s, then B for 2 s.
        QVERIFY(show(sink, *scanner, m_frameA, 20, m_ms));
        QVERIFY(show(sink, *scanner, m_blank, 40, m_ms));
        QVERIFY(show(sink, *scanner, m_frameA, 20, m_ms));
        QVERIFY(show(sink, *scanner, m_frameB, 20, m_ms));
        QCOMPARE(passIds(results),
            QStringList({ QStringLiteral("passA0000001"), QStringLiteral("passA0000001"),
                QStringLiteral("passB0000002") }));
        for (const QList<QVariant> &arguments : std::as_const(results))
            QCOMPARE(arguments.at(0).value<ScanResult>().verdict.kind, VerdictKind::Allow);
        QCOMPARE(scanner->stats().framesReceived, 100u);
        QCOMPARE(scanner->stats().framesDecoded, 100u);
        QCOMPARE(scanner->stats().framesDropped, 0u);
        // Dark-on-light codes are read on the dark-on-light frames: every other one.
        QCOMPARE(scanner->stats().codesRead, 30u);
        QCOMPARE(FrameLuma::mappedFrames(), 0);
    }

    void aShortGapIsTheSameAppearance()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        // Hidden for 2 s (a hand in front of the camera): still the same appearance.
        QVERIFY(show(sink, *scanner, m_frameA, 10, m_ms));
        QVERIFY(show(sink, *scanner, m_blank, 20, m_ms));
        QVERIFY(show(sink, *scanner, m_frameA, 10, m_ms));
        QCOMPARE(results.size(), 1);
    }

    void theRotatingTextIsOneAppearance()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        // The phone shows the next 30-second step's text: another QR text, the same pass.
        const QString nextStep = qrText(
            QStringLiteral("passA0000001"), QStringLiteral("allowed"), now + timeStepSeconds);
        QVERIFY(nextStep != m_passA);
        QVERIFY(show(sink, *scanner, m_frameA, 10, m_ms));
        m_unix += timeStepSeconds;
        QVERIFY(show(sink, *scanner, frameWith(code(nextStep)), 10, m_ms));
        QCOMPARE(passIds(results), QStringList { QStringLiteral("passA0000001") });

        // A new verdict for the same pass is reported at once (here: revoked meanwhile).
        scanner->setVerifier(verifier({ QStringLiteral("passA0000001") }));
        QVERIFY(show(sink, *scanner, frameWith(code(nextStep)), 4, m_ms));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(1).at(0).value<ScanResult>().verdict.reason, Reason::Revoked);
    }

    void lightOnDarkCodesOnAlternateFrames()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        const QImage dark = inverted(m_frameA);
        QVERIFY(show(sink, *scanner, dark, 1, m_ms)); // read dark on light: nothing
        QCOMPARE(results.size(), 0);
        QVERIFY(show(sink, *scanner, dark, 1, m_ms)); // read inverted
        QCOMPARE(results.size(), 1);
        QVERIFY(show(sink, *scanner, dark, 10, m_ms));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0).at(0).value<ScanResult>().passId(), QStringLiteral("passA0000001"));
        QCOMPARE(scanner->stats().codesRead, 6u);
    }

    void otherCodesOncePerAppearance()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        const QImage other = frameWith(QrEncoder::render(QByteArrayLiteral("WIFI:S:guest;;"), 4));
        const QImage malformed = frameWith(QrEncoder::render(QByteArrayLiteral("TS1:ABC"), 4));
        QVERIFY(show(sink, *scanner, other, 10, m_ms));
        QVERIFY(show(sink, *scanner, m_blank, 40, m_ms));
        QVERIFY(show(sink, *scanner, other, 10, m_ms));
        QVERIFY(show(sink, *scanner, malformed, 10, m_ms));
        QCOMPARE(results.size(), 3);
        for (int i = 0; i < 2; ++i) {
            const auto result = results.at(i).at(0).value<ScanResult>();
            QVERIFY(!result.isTesseraPass);
            QCOMPARE(result.verdict.kind, VerdictKind::Deny);
            QCOMPARE(result.verdict.reason, Reason::WrongPrefix);
            QCOMPARE(result.verdict.message, reasonMessage(Reason::WrongPrefix));
        }
        const auto result = results.at(2).at(0).value<ScanResult>();
        QVERIFY(result.isTesseraPass);
        QCOMPARE(result.verdict.reason, Reason::Malformed);
        QVERIFY(result.passId().isEmpty());
    }

    void framesArrivingWhileBusyAreDropped()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);

        // A burst of 50 frames, faster than anything can decode: the event loop does not run
        // in between, so the worker's answer cannot arrive before the burst ends.
        QList<QVideoFrame> burst;
        for (int i = 0; i < 50; ++i)
            burst.append(videoFrameFromImage(i % 2 ? m_blank : m_frameA));
        int mostMapped = 0;
        for (const QVideoFrame &frame : std::as_const(burst)) {
            sink.setVideoFrame(frame);
            mostMapped = qMax(mostMapped, FrameLuma::mappedFrames());
        }
        QVERIFY(scanner->isBusy());
        QCOMPARE(scanner->stats().framesReceived, 50u);
        QCOMPARE(scanner->stats().framesDropped, 49u); // one with the worker, none queued
        QVERIFY(mostMapped <= 1);
        // Only the first frame can be mapped; every other one is free.
        for (qsizetype i = 1; i < burst.size(); ++i)
            QVERIFY(!burst.at(i).isMapped());

        QVERIFY(done.wait(waitMs));
        QCOMPARE(done.size(), 1);
        QCOMPARE(results.size(), 1); // the first frame, A
        QCOMPARE(scanner->stats().framesDecoded, 1u);
        // Nothing stays mapped: each frame can now be mapped for writing (impossible while
        // another holder has it mapped for reading).
        QCOMPARE(FrameLuma::mappedFrames(), 0);
        for (QVideoFrame &frame : burst) {
            QVERIFY(!frame.isMapped());
            QVERIFY(frame.map(QVideoFrame::WriteOnly));
            frame.unmap();
        }

        // The next frame after the answer is taken again.
        m_ms += 10 * frameMs;
        QVERIFY(show(sink, *scanner, m_blank, 1, m_ms));
        QCOMPARE(scanner->stats().framesDecoded, 2u);
    }

    void destroyedWhileBusy()
    {
        QVideoSink sink;
        auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        sink.setVideoFrame(videoFrameFromImage(m_frameA));
        QVERIFY(scanner->isBusy());
        scanner.reset(); // waits for the worker; its answer goes nowhere
        QCoreApplication::processEvents();
        QCOMPARE(FrameLuma::mappedFrames(), 0);
        sink.setVideoFrame(videoFrameFromImage(m_frameA)); // no scanner listens any more
        QCoreApplication::processEvents();
    }

    void scanRecordsQueue()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        ScanRecordQueue queue(QStringLiteral("scanner-device-1"));
        connect(scanner.get(), &Scanner::resultReady, this,
            [&queue](const ScanResult &result) { queue.record(result); });
        QVERIFY(show(sink, *scanner, m_frameA, 4, m_ms));
        QVERIFY(show(
            sink, *scanner, frameWith(QrEncoder::render(QByteArrayLiteral("hello"), 4)), 4, m_ms));
        QVERIFY(show(sink, *scanner, m_frameB, 4, m_ms));
        QCOMPARE(queue.size(), 2); // not-a-pass codes leave no record

        const ScanRecord &first = queue.records().at(0);
        QCOMPARE(first.passId, QStringLiteral("passA0000001"));
        QCOMPARE(first.process, QStringLiteral("office-entry"));
        QCOMPARE(first.verdict, VerdictKind::Allow);
        QCOMPARE(first.reason, Reason::Allowed);
        QCOMPARE(first.scannedAt, now);
        QCOMPARE(first.scannerDeviceId, QStringLiteral("scanner-device-1"));
        const QJsonObject json = first.toJson();
        QCOMPARE(json.value(QStringLiteral("scannedAt")).toString(),
            QStringLiteral("2026-11-29T10:42:10Z"));
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("allow"));
        QCOMPARE(json.value(QStringLiteral("reason")).toString(), QStringLiteral("allowed"));

        const QList<ScanRecord> batch = queue.takeBatch(1);
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first(), first);
        QCOMPARE(queue.size(), 1);
        QCOMPARE(queue.records().first().passId, QStringLiteral("passB0000002"));
        QCOMPARE(queue.takeBatch(100).size(), 1);
        QVERIFY(queue.isEmpty());
        QVERIFY(queue.takeBatch(5).isEmpty());
    }

    void imageFileAsFrames()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("pass-dark.png"));
        QVERIFY(inverted(rotated(code(m_passA), 45)).save(path));

        QVideoSink sink;
        auto scanner = std::make_unique<Scanner>(verifier(), officeEntry());
        scanner->setClock([] { return now; }); // the real monotonic clock: a real stream
        scanner->setVideoSink(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);

        MediaFileSource source;
        source.setVideoSink(&sink);
        QString error;
        QVERIFY2(source.open(path, &error), qPrintable(error));
        QCOMPARE(source.kind(), MediaFileSource::Kind::Image);
        source.setImageFrameInterval(20);
        source.start();
        QTRY_VERIFY_WITH_TIMEOUT(done.size() >= 10, waitMs);
        source.stop();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0).at(0).value<ScanResult>().passId(), QStringLiteral("passA0000001"));

        QVERIFY(!source.open(dir.filePath(QStringLiteral("missing.png")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.png")));
    }
};

QTEST_GUILESS_MAIN(TestScanner)
#include "tst_scanner.moc"
