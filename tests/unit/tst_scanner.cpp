// The scanner's frame pipeline, fed through a QVideoSink as a camera would: one result per
// appearance of a code (not per frame, not per 30-second text), the frame cycle of decode
// attempts (its fixed order, light-on-dark codes on its inverted attempts, small rotated codes
// that the plain attempt misses, 1080p frames downsampled and their full-resolution tiles),
// frames dropped while the worker is busy and none kept mapped, malformed codes, the scan record
// queue, and an image file shown as a stream of frames (MediaFileSource).
#include "scanner/framecycle.h"
#include "scanner/frameimage.h"
#include "scanner/frameluma.h"
#include "scanner/mediafilesource.h"
#include "scanner/scanner.h"
#include "scanner/scanrecordqueue.h"
#include "scannerfixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoSink>

#include <array>

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
        // Each frame is decoded once, with its attempt of the frame cycle: A (clean) is read by
        // every dark-on-light attempt (4 of 8), by none of the inverted ones.
        QCOMPARE(codesInCycle(m_frameA, 0, 20), 11u); // steps 0-7, 0-7, 0-3
        QCOMPARE(scanner->stats().codesRead,
            codesInCycle(m_frameA, 0, 20) + codesInCycle(m_frameA, 60, 20)
                + codesInCycle(m_frameB, 80, 20));
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

    void lightOnDarkCodesOnInvertedAttempts()
    {
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        const QImage dark = inverted(m_frameA);
        QVERIFY(show(sink, *scanner, dark, 1, m_ms)); // read dark on light: nothing
        QCOMPARE(results.size(), 0);
        QCOMPARE(scanner->lastAttempt().polarity, QrDecoder::Polarity::DarkOnLight);
        QVERIFY(show(sink, *scanner, dark, 1, m_ms)); // read inverted
        QCOMPARE(results.size(), 1);
        QCOMPARE(scanner->lastAttempt().polarity, QrDecoder::Polarity::LightOnDark);
        QVERIFY(show(sink, *scanner, dark, 10, m_ms));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0).at(0).value<ScanResult>().passId(), QStringLiteral("passA0000001"));
        // Read by every inverted attempt of frames 0-11 (steps 1, 5, 6, 7 and 1 again).
        int invertedAttempts = 0;
        for (quint64 i = 0; i < 12; ++i) {
            invertedAttempts += FrameCycle::attempt(i, dark.width(), dark.height()).polarity
                    == QrDecoder::Polarity::LightOnDark
                ? 1
                : 0;
        }
        QCOMPARE(invertedAttempts, 5);
        QCOMPARE(scanner->stats().codesRead, quint64(invertedAttempts));
    }

    // The order of the attempts depends only on the frame's number and size: the same for every
    // scanner, round a cycle of 8 frames.
    void frameCycleOrderIsDeterministic()
    {
        using View = QrDecoder::View;
        using Polarity = QrDecoder::Polarity;
        using Binarizer = QrDecoder::Binarizer;
        using Attempt = QrDecoder::Attempt;
        const auto dark = Polarity::DarkOnLight;
        const auto light = Polarity::LightOnDark;
        const auto local = Binarizer::LocalAverage;
        const auto global = Binarizer::GlobalHistogram;
        const QList<Attempt> small = {
            { View::Whole, dark, local, {} },
            { View::Whole, light, local, {} },
            { View::SevenEighths, dark, local, {} },
            { View::ThreeQuarters, dark, global, {} },
            { View::Whole, dark, local, {} },
            { View::Whole, light, local, {} },
            { View::SevenEighths, light, local, {} },
            { View::ThreeQuarters, light, global, {} },
        };
        const QList<Attempt> large = {
            { View::Half, dark, local, {} },
            { View::Half, light, local, {} },
            { View::SevenEighths, dark, global, {} },
            { View::Region, dark, local, QRect(0, 0, 1200, 1080) },
            { View::Half, dark, global, {} },
            { View::Half, light, local, {} },
            { View::SevenEighths, light, global, {} },
            { View::Region, dark, local, QRect(720, 0, 1200, 1080) },
        };
        QCOMPARE(FrameCycle::length, 8);
        for (int i = 0; i < 3 * FrameCycle::length; ++i) {
            const Attempt at720 = FrameCycle::attempt(quint64(i), 1280, 720);
            QVERIFY2(at720 == small.at(i % 8), qPrintable(at720.name()));
            const Attempt at1080 = FrameCycle::attempt(quint64(i), 1920, 1080);
            QVERIFY2(at1080 == large.at(i % 8), qPrintable(at1080.name()));
        }
        // Large from 1600 pixels on the longer side; a portrait frame's tiles split its height.
        QVERIFY(!FrameCycle::isLarge(1599, 1200));
        QVERIFY(FrameCycle::isLarge(1600, 900));
        QVERIFY(FrameCycle::isLarge(1080, 1920));
        QCOMPARE(FrameCycle::attempt(3, 1080, 1920).region, QRect(0, 0, 1080, 1200));
        QCOMPARE(FrameCycle::attempt(7, 1080, 1920).region, QRect(0, 720, 1080, 1200));

        // Two scanners shown the same frames go through the same attempts, the cycle's.
        QImage blank(1920, 1080, QImage::Format_Grayscale8);
        blank.fill(230);
        std::array<QList<Attempt>, 2> seen;
        for (QList<Attempt> &attempts : seen) {
            QVideoSink sink;
            const auto scanner = newScanner(&sink);
            QSignalSpy done(scanner.get(), &Scanner::frameProcessed);
            for (int i = 0; i < 2 * FrameCycle::length; ++i) {
                sink.setVideoFrame(videoFrameFromImage(blank));
                QVERIFY(done.wait(waitMs));
                attempts.append(scanner->lastAttempt());
            }
        }
        QVERIFY(seen[0] == seen[1]);
        for (int i = 0; i < seen[0].size(); ++i)
            QVERIFY2(seen[0].at(i) == large.at(i % 8), qPrintable(seen[0].at(i).name()));
    }

    // Small rotated codes that ZXing-cpp 1.4's plain attempt misses (in both polarities) are
    // read by another attempt of the cycle, within its 8 frames, once.
    void smallRotatedCodesWithinTheCycle_data()
    {
        QTest::addColumn<QImage>("image");
        const auto frame = [this](int moduleSize, qreal degrees, QSize size) {
            return frameWith(code(m_passA, moduleSize), QTransform().rotate(degrees), size, 235);
        };
        QTest::newRow("720p, 15°, 4 px modules") << frame(4, 15, QSize(1280, 720));
        QTest::newRow("720p, 75°, 3 px modules") << frame(3, 75, QSize(1280, 720));
        QTest::newRow("1080p, 45°, 3 px modules") << frame(3, 45, QSize(1920, 1080));
        QTest::newRow("1080p, 15°, 4 px modules") << frame(4, 15, QSize(1920, 1080));
    }

    void smallRotatedCodesWithinTheCycle()
    {
        QFETCH(QImage, image);
        // What the first attempt of a frame this size sees: nothing, in either polarity.
        QrDecoder decoder;
        QrDecoder::Attempt plain = FrameCycle::attempt(0, image.width(), image.height());
        QVERIFY(decoder.decode(lumaOf(image), plain).isEmpty());
        plain.polarity = QrDecoder::Polarity::LightOnDark;
        QVERIFY(decoder.decode(lumaOf(image), plain).isEmpty());

        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QList<QrDecoder::Attempt> readBy;
        connect(scanner.get(), &Scanner::resultReady, this,
            [&readBy, &scanner](const ScanResult &) { readBy.append(scanner->lastAttempt()); });
        QVERIFY(show(sink, *scanner, image, FrameCycle::length, m_ms));
        QCOMPARE(readBy.size(), 1); // one appearance
        QVERIFY(!(readBy.first().view == plain.view
            && readBy.first().binarizer == QrDecoder::Binarizer::LocalAverage));
        qInfo() << "read by" << readBy.first().name();
        QVERIFY(scanner->stats().codesRead >= 1);
    }

    // A 1080p frame: most attempts decode it downsampled by 2 (a quarter of the work); a code
    // too small for that view is read by a full-resolution tile within the cycle.
    void largeFramesDownsampledAndTiled()
    {
        const QSize size(1920, 1080);
        QVideoSink sink;
        const auto scanner = newScanner(&sink);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);

        const QImage large = frameWith(code(m_passA, 6), {}, size, 235);
        QVERIFY(show(sink, *scanner, large, 1, m_ms));
        QCOMPARE(passIds(results), QStringList { QStringLiteral("passA0000001") });
        QCOMPARE(scanner->lastAttempt().view, QrDecoder::View::Half);
        QrDecoder decoder;
        const LumaView half = decoder.viewFor(lumaOf(large), scanner->lastAttempt());
        QCOMPARE(half.width, 960);
        QCOMPARE(half.height, 540);

        // A small code (2-pixel modules) turned by 10° in the bottom-right part of the frame: its
        // modules are a pixel in the half view, which misses it; tile 1 reads it.
        QImage small(size, QImage::Format_Grayscale8);
        small.fill(235);
        {
            const QImage smallCode = code(m_passB, 2);
            QPainter painter(&small);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.translate(1601 + smallCode.width() / 2.0, 801 + smallCode.height() / 2.0);
            painter.rotate(10);
            painter.drawImage(
                QPointF(-smallCode.width() / 2.0, -smallCode.height() / 2.0), smallCode);
        }
        QrDecoder::Attempt halfAttempt = FrameCycle::attempt(0, size.width(), size.height());
        QVERIFY(decoder.decode(lumaOf(small), halfAttempt).isEmpty());

        m_ms += 10 * Scanner::defaultAppearanceGapMs;
        QList<QrDecoder::Attempt> readBy;
        connect(scanner.get(), &Scanner::resultReady, this,
            [&readBy, &scanner](const ScanResult &) { readBy.append(scanner->lastAttempt()); });
        QVERIFY(show(sink, *scanner, small, FrameCycle::length, m_ms));
        QCOMPARE(passIds(results),
            QStringList({ QStringLiteral("passA0000001"), QStringLiteral("passB0000002") }));
        QCOMPARE(readBy.size(), 1);
        qInfo() << "read by" << readBy.first().name();
        QCOMPARE(readBy.first().view, QrDecoder::View::Region);
        QCOMPARE(readBy.first().region, FrameCycle::tile(1, size.width(), size.height()));
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
