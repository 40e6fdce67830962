// bench_scanner: the QR pass scanner against the decoders a user could pick instead, on the same
// frames. Frames are made here (like tst_scannerimages' golden images): a real pass's QR code
// drawn with QrEncoder, then clean, rotated 15/45/90°, in perspective, blurred, noised, dimmed,
// inverted, small in a corner, and frames without a code, at 1280x720 and 1920x1080.
// Per category: how many frames each reads (and whether anything read is wrong), and median /
// p90 milliseconds per frame for
//   - Tessera: the whole pipeline, Scanner::processFrame(YUV420P QVideoFrame) .. frameProcessed
//     (luma in place, ZXing-cpp, verification of the pass, the result), on its one worker thread.
//     The video path makes one decode attempt per frame in the order of its FrameCycle (8
//     frames: whole or downsampled view, inverted, resampled, full-resolution tiles), so every
//     frame is fed FrameCycle::length times in a row (like a camera: 8 consecutive frames of
//     the same scene, 267 ms at 30 fps); it counts as read when one of them gives the pass's
//     verdict; every one of those camera frames' times counts;
//   - ZXing-cpp: raw ZXing::ReadBarcodes on the luma, QR only, at most one symbol (the hints the
//     pipeline uses);
//   - zbar: zbar_scan_image, QR only, without and with ZBAR_CFG_TEST_INVERTED.
// Each frame runs kRepeats times through each decoder, the decoders interleaved and their order
// rotated, so that load from other processes falls on all of them; a frame's time is the median
// of its repeats. Nothing asserts a time: the benchmark fails only when something does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table (Markdown) to DIR/bench_scanner.md.
#include "scanner/framecycle.h"
#include "scanner/frameimage.h"
#include "scanner/qrdecoder.h"
#include "scanner/scanner.h"
#include "scannerfixture.h"
#include "scannerreport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QTest>

// zbar.h before ZXing-cpp: its C++ classes are named like ZXing-cpp 1.4's error macros
// (UnsupportedError).
// clang-format off
#include <zbar.h>
#include <ZXing/ReadBarcode.h>
// clang-format on

#include <algorithm>
#include <array>
#include <cstdio>
#include <time.h>

using namespace scannertest;

namespace tessera::bench {

namespace {

// A frame of size with image drawn through transform around the centre, offset from it.
QImage place(const QImage &image, QSize size, const QTransform &transform, QPointF offset = {})
{
    return frameWith(image, transform, size, kBackground, offset);
}

// Something for the decoders to look at that is not a code: shapes, stripes and noise.
QImage clutter(QSize size, quint32 seedValue)
{
    QImage frame(size, QImage::Format_Grayscale8);
    frame.fill(180);
    QRandomGenerator random(seedValue);
    QPainter painter(&frame);
    for (int i = 0; i < 60; ++i) {
        const int grey = int(random.bounded(256));
        painter.fillRect(
            QRect(int(random.bounded(size.width())), int(random.bounded(size.height())),
                20 + int(random.bounded(200)), 20 + int(random.bounded(120))),
            QColor(grey, grey, grey));
    }
    for (int x = 0; x < size.width() / 3; x += 8)
        painter.fillRect(QRect(x, size.height() / 2, 4, 80), Qt::black);
    painter.end();
    return noisy(frame, 20, seedValue);
}

// CPU time of this process (all threads): the scanner's worker and the main thread, which
// sleeps while it waits. Unlike wall-clock time it does not grow when other processes take
// the CPUs, so it is the figure for the goals on a shared machine.
qint64 processCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

} // namespace

class BenchScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decodeAll();
    void cleanupTestCase();

private:
    void makeFrames(QSize size);
    void runTessera(BenchFrame &frame);
    double runZXing(BenchFrame &frame);
    double runZbar(BenchFrame &frame, bool inverted);

    QList<BenchFrame> m_frames;
    std::unique_ptr<Scanner> m_scanner;
    qint64 m_monotonicMs = 0;
    zbar::zbar_image_scanner_t *m_zbar = nullptr;
    zbar::zbar_image_scanner_t *m_zbarInverted = nullptr;
    QList<QString> m_categories;
};

void BenchScanner::makeFrames(QSize size)
{
    const std::array<QString, 2> passIds = { QStringLiteral("p7Hq2xK9mR4w"),
        QStringLiteral("pBench000002") };
    std::array<QString, 2> texts;
    for (int i = 0; i < 2; ++i) {
        texts[i] = qrText(passIds[i]);
        QVERIFY(!texts[i].isEmpty());
    }
    const std::array<int, 3> moduleSizes = { 3, 4, 6 };
    const auto add = [&](const QString &category, const QImage &image, int variant) {
        BenchFrame frame;
        frame.category = category;
        frame.size = size;
        frame.grey = image.convertToFormat(QImage::Format_Grayscale8);
        frame.video = videoFrameFromImage(frame.grey, QVideoFrameFormat::Format_YUV420P);
        if (variant >= 0) {
            frame.expected = texts[variant % 2].toUtf8();
            frame.passId = passIds[variant % 2];
        }
        m_frames.append(frame);
        if (!m_categories.contains(category))
            m_categories.append(category);
    };
    for (int v = 0; v < kVariants; ++v) {
        const QImage codeImage = code(texts[v % 2], moduleSizes[v % 3]);
        const QPointF offset((v - kVariants / 2) * 37.0, (v % 3 - 1) * 29.0);
        const QImage clean = place(codeImage, size, {}, offset);
        add(QStringLiteral("clean"), clean, v);
        for (const int degrees : { 15, 45, 90 }) {
            add(QStringLiteral("rotated %1°").arg(degrees),
                place(codeImage, size, QTransform().rotate(degrees), offset), v);
        }
        add(QStringLiteral("perspective"), perspective(codeImage, size, kBackground, offset), v);
        add(QStringLiteral("blur"), blurred(clean, 1 + v % 2), v);
        add(QStringLiteral("noise"), noisy(clean, 40 + 10 * (v % 3), quint32(v + 1)), v);
        add(QStringLiteral("dim"), dimmed(clean, 20 + 5 * (v % 3), 70 + 10 * (v % 2)), v);
        add(QStringLiteral("inverted"), inverted(clean), v);
        add(QStringLiteral("small in a corner"),
            inCorner(code(texts[v % 2], 2 + v % 2), size, kBackground), v);
        add(QStringLiteral("no code"), clutter(size, quint32(100 + v)), -1);
    }
}

void BenchScanner::initTestCase()
{
    QVERIFY(issuerKey().isValid());
    for (const QSize size : { QSize(1280, 720), QSize(1920, 1080) })
        makeFrames(size);
    for (const BenchFrame &frame : std::as_const(m_frames)) {
        QVERIFY(frame.video.isValid());
        QCOMPARE(frame.grey.bytesPerLine(), frame.grey.width()); // packed rows for zbar
    }

    m_scanner = std::make_unique<Scanner>(verifier(), officeEntry());
    m_scanner->setClock([] { return now; });
    // Every frame is a new appearance: the monotonic clock jumps past the gap between frames.
    m_scanner->setMonotonicClock([this] { return m_monotonicMs; });

    for (bool inverted : { false, true }) {
        zbar::zbar_image_scanner_t *scanner = zbar::zbar_image_scanner_create();
        QVERIFY(scanner);
        zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
        zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
        zbar::zbar_image_scanner_set_config(
            scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_TEST_INVERTED, inverted ? 1 : 0);
        (inverted ? m_zbarInverted : m_zbar) = scanner;
    }

    // Warm-up: every decoder once on a clean frame, and it must read it.
    BenchFrame &first = m_frames.first();
    runTessera(first);
    QVERIFY(!QTest::currentTestFailed());
    runZXing(first);
    runZbar(first, false);
    runZbar(first, true);
    for (int d = 0; d < DecoderCount; ++d) {
        QVERIFY2(first.read[d], kDecoderNames[d]);
        first.times[d].clear();
        first.cpu[d].clear();
        first.read[d] = false;
    }
    for (int step = 0; step < kCycle; ++step) {
        first.cycleTimes[step].clear();
        first.cycleCpu[step].clear();
        first.readAtStep[step] = false;
    }
}

void BenchScanner::runTessera(BenchFrame &frame)
{
    // One cycle of consecutive camera frames of the same scene: one attempt each. Every run
    // feeds a whole cycle, so the scanner's first frame here is the cycle's first step.
    for (int step = 0; step < kCycle; ++step) {
        m_monotonicMs += 10 * Scanner::defaultAppearanceGapMs;
        QList<ScanResult> results;
        QEventLoop loop;
        const auto resultConnection = connect(m_scanner.get(), &Scanner::resultReady, &loop,
            [&results](const ScanResult &result) { results.append(result); });
        connect(m_scanner.get(), &Scanner::frameProcessed, &loop, &QEventLoop::quit);
        QElapsedTimer timer;
        const qint64 cpuBefore = processCpuNs();
        timer.start();
        m_scanner->processFrame(frame.video);
        loop.exec();
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        frame.cycleCpu[step].append(double(processCpuNs() - cpuBefore) / 1e6);
        disconnect(resultConnection);
        frame.cycleTimes[step].append(elapsed);
        // The step this benchmark counted is the scanner's.
        QVERIFY(m_scanner->lastAttempt()
            == FrameCycle::attempt(quint64(step), frame.size.width(), frame.size.height()));
        for (const ScanResult &result : std::as_const(results)) {
            const bool right = result.isTesseraPass
                && result.verdict.kind == pass::VerdictKind::Allow && !frame.passId.isEmpty()
                && result.passId() == frame.passId;
            (right ? frame.read : frame.wrong)[Tessera] = true;
            if (right)
                frame.readAtStep[step] = true;
        }
    }
}

double BenchScanner::runZXing(BenchFrame &frame)
{
    const auto hints =
        ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setMaxNumberOfSymbols(1);
    QElapsedTimer timer;
    const qint64 cpuBefore = processCpuNs();
    timer.start();
    const ZXing::ImageView view(frame.grey.constBits(), frame.grey.width(), frame.grey.height(),
        ZXing::ImageFormat::Lum, int(frame.grey.bytesPerLine()), 1);
    const ZXing::Results results = ZXing::ReadBarcodes(view, hints);
    const double elapsed = double(timer.nsecsElapsed()) / 1e6;
    frame.cpu[ZXingRaw].append(double(processCpuNs() - cpuBefore) / 1e6);
    frame.times[ZXingRaw].append(elapsed);
    for (const ZXing::Result &result : results) {
        if (!result.isValid())
            continue;
        const std::string text = result.text();
        const bool right =
            !frame.expected.isEmpty() && QByteArray::fromStdString(text) == frame.expected;
        (right ? frame.read : frame.wrong)[ZXingRaw] = true;
    }
    return elapsed;
}

double BenchScanner::runZbar(BenchFrame &frame, bool inverted)
{
    const Decoder decoder = inverted ? ZbarInverted : Zbar;
    zbar::zbar_image_scanner_t *scanner = inverted ? m_zbarInverted : m_zbar;
    QElapsedTimer timer;
    const qint64 cpuBefore = processCpuNs();
    timer.start();
    zbar::zbar_image_t *image = zbar::zbar_image_create();
    zbar::zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(image, unsigned(frame.grey.width()), unsigned(frame.grey.height()));
    zbar::zbar_image_set_data(image, frame.grey.constBits(),
        static_cast<unsigned long>(frame.grey.sizeInBytes()), nullptr);
    const int found = zbar::zbar_scan_image(scanner, image);
    const double elapsed = double(timer.nsecsElapsed()) / 1e6;
    frame.cpu[decoder].append(double(processCpuNs() - cpuBefore) / 1e6);
    frame.times[decoder].append(elapsed);
    if (found > 0) {
        for (const zbar::zbar_symbol_t *symbol = zbar::zbar_image_first_symbol(image); symbol;
             symbol = zbar::zbar_symbol_next(symbol)) {
            const QByteArray text(zbar::zbar_symbol_get_data(symbol),
                qsizetype(zbar::zbar_symbol_get_data_length(symbol)));
            const bool right = !frame.expected.isEmpty() && text == frame.expected;
            (right ? frame.read : frame.wrong)[decoder] = true;
        }
    }
    zbar::zbar_image_destroy(image);
    return elapsed;
}

void BenchScanner::decodeAll()
{
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
        for (int i = 0; i < m_frames.size(); ++i) {
            BenchFrame &frame = m_frames[i];
            // Rotate the order of the decoders from frame to frame and repeat to repeat.
            for (int turn = 0; turn < DecoderCount; ++turn) {
                switch ((turn + i + repeat) % DecoderCount) {
                case Tessera:
                    runTessera(frame);
                    if (QTest::currentTestFailed())
                        return;
                    break;
                case ZXingRaw:
                    runZXing(frame);
                    break;
                case Zbar:
                    runZbar(frame, false);
                    break;
                case ZbarInverted:
                    runZbar(frame, true);
                    break;
                }
            }
        }
    }
    QCOMPARE(m_scanner->stats().framesUnreadable, 0u);
}

void BenchScanner::cleanupTestCase()
{
    if (!m_frames.isEmpty() && !m_frames.last().cycleCpu[0].isEmpty()) {
        const QString markdown = ScannerReport(m_frames, m_categories).markdown();
        std::fprintf(stdout, "\n%s\n", qPrintable(markdown));
        std::fflush(stdout);
        const QString reportDir = qEnvironmentVariable("TESSERA_BENCH_REPORT_DIR");
        if (!reportDir.isEmpty()) {
            QFile file(reportDir + QStringLiteral("/bench_scanner.md"));
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(markdown.toUtf8());
            else
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        }
    }
    m_scanner.reset();
    for (zbar::zbar_image_scanner_t *scanner : { m_zbar, m_zbarInverted }) {
        if (scanner)
            zbar::zbar_image_scanner_destroy(scanner);
    }
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchScanner)
#include "bench_scanner.moc"
