// Golden images made here, not committed: a pass's QR code drawn with QrEncoder, then rotated,
// seen in perspective, blurred, noised, dimmed, inverted, shrunk into a corner of a 1280x720
// frame. Each goes through the scanner (ZXing-cpp decoding, the offline verifier) and must give
// the pass's verdict; frames without a code give nothing; codes that are not Tessera passes or
// are malformed give a clear result. Also the frame path: the same image as video frames in the
// pixel formats cameras and GStreamer give, and the decoder's views for the video path's attempts
// (downsampled, resampled, a region, inverted).
#include "scanner/frameimage.h"
#include "scanner/frameluma.h"
#include "scanner/qrdecoder.h"
#include "scanner/scanner.h"
#include "scannerfixture.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace scannertest;

namespace {

constexpr int waitMs = 30000; // generous: ASan, a busy machine

// The results of one still image through a scanner.
QList<ScanResult> scanStill(Scanner &scanner, const QImage &image)
{
    QSignalSpy results(&scanner, &Scanner::resultReady);
    QSignalSpy done(&scanner, &Scanner::frameProcessed);
    if (!scanner.scanImage(image) || !done.wait(waitMs))
        return {};
    QList<ScanResult> list;
    for (const QList<QVariant> &arguments : std::as_const(results))
        list.append(arguments.at(0).value<ScanResult>());
    return list;
}

LumaView lumaOf(const QImage &grey)
{
    return LumaView { grey.constBits(), grey.width(), grey.height(), int(grey.bytesPerLine()), 1 };
}

// The same picture with a pixel stride of 2 (luma bytes interleaved with others, as YUYV).
QByteArray interleaved(const QImage &grey)
{
    QByteArray bytes(qsizetype(grey.width()) * grey.height() * 2, char(0x80));
    for (int y = 0; y < grey.height(); ++y) {
        for (int x = 0; x < grey.width(); ++x)
            bytes[(qsizetype(y) * grey.width() + x) * 2] = char(grey.constScanLine(y)[x]);
    }
    return bytes;
}

uchar at(const LumaView &view, int x, int y)
{
    return view.data[qsizetype(y) * view.rowStride + qsizetype(x) * view.pixelStride];
}

} // namespace

class TestScannerImages : public QObject
{
    Q_OBJECT

    QString m_allowed = qrText(QStringLiteral("p7Hq2xK9mR4w"));

    std::unique_ptr<Scanner> newScanner(
        const CheckProcess &process = officeEntry(), const QSet<QString> &revoked = {}) const
    {
        auto scanner = std::make_unique<Scanner>(verifier(revoked), process);
        scanner->setClock([] { return now; });
        return scanner;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(issuerKey().isValid());
        QVERIFY(!m_allowed.isEmpty());
        QVERIFY(m_allowed.contains(QLatin1Char(' '))); // spaces: never trimmed
        QVERIFY(!code(m_allowed).isNull());
    }

    void decoderReadsTextExactly()
    {
        const QImage image = code(m_allowed);
        QrDecoder decoder;
        const LumaView view { image.constBits(), image.width(), image.height(),
            int(image.bytesPerLine()), 1 };
        const QList<QByteArray> texts = decoder.decode(view, QrDecoder::Polarity::DarkOnLight);
        QCOMPARE(texts.size(), 1);
        QCOMPARE(QString::fromUtf8(texts.first()), m_allowed);
        // The same code read as light on dark is no code; decodeStill tries both.
        QVERIFY(decoder.decode(view, QrDecoder::Polarity::LightOnDark).isEmpty());
        const QImage dark = inverted(image);
        const LumaView darkView { dark.constBits(), dark.width(), dark.height(),
            int(dark.bytesPerLine()), 1 };
        QVERIFY(decoder.decode(darkView, QrDecoder::Polarity::DarkOnLight).isEmpty());
        QCOMPARE(decoder.decode(darkView, QrDecoder::Polarity::LightOnDark), texts);
        QCOMPARE(decoder.decodeStill(darkView), texts);
        QVERIFY(decoder.decode(LumaView {}, QrDecoder::Polarity::DarkOnLight).isEmpty());
    }

    // The views the video path's attempts decode: sizes and pixels, in place or in the decoder's
    // buffer, from packed and from interleaved (pixel stride 2) luma.
    void decoderViews()
    {
        using Attempt = QrDecoder::Attempt;
        using View = QrDecoder::View;
        using Polarity = QrDecoder::Polarity;
        const auto local = QrDecoder::Binarizer::LocalAverage;
        QImage ramp(8, 4, QImage::Format_Grayscale8);
        for (int y = 0; y < 4; ++y) {
            for (int x = 0; x < 8; ++x)
                ramp.scanLine(y)[x] = uchar(8 * x + 40 * y);
        }
        const QByteArray strided = interleaved(ramp);
        const LumaView packedView = lumaOf(ramp);
        const LumaView stridedView { reinterpret_cast<const uchar *>(strided.constData()), 8, 4, 16,
            2 };
        for (const LumaView &image : { packedView, stridedView }) {
            QrDecoder decoder;
            LumaView view = decoder.viewFor(image, Attempt {});
            QCOMPARE(view.data, image.data); // the whole image, in place

            view = decoder.viewFor(image, Attempt { View::Half, Polarity::DarkOnLight, local, {} });
            QCOMPARE(view.width, 4);
            QCOMPARE(view.height, 2);
            QCOMPARE(at(view, 0, 0), uchar((0 + 8 + 40 + 48 + 2) / 4));
            QCOMPARE(at(view, 3, 1), uchar((128 + 136 + 168 + 176 + 2) / 4));
            view = decoder.viewFor(image, Attempt { View::Half, Polarity::LightOnDark, local, {} });
            QCOMPARE(at(view, 0, 0), uchar(255 - 24));

            // 7/8, bilinear: output pixel x samples the source at (x + 0.5) * 8/7 - 0.5, which
            // on a ramp is the ramp's value there (to within rounding).
            view = decoder.viewFor(
                image, Attempt { View::SevenEighths, Polarity::DarkOnLight, local, {} });
            QCOMPARE(view.width, 7);
            QCOMPARE(view.height, 3);
            for (int y = 0; y < view.height; ++y) {
                for (int x = 0; x < view.width; ++x) {
                    const double sx = std::clamp((x + 0.5) * 8 / 7 - 0.5, 0.0, 7.0);
                    const double sy = std::clamp((y + 0.5) * 4 / 3 - 0.5, 0.0, 3.0);
                    QVERIFY(std::abs(at(view, x, y) - (8 * sx + 40 * sy)) <= 1.0);
                }
            }
            view = decoder.viewFor(
                image, Attempt { View::SevenEighths, Polarity::LightOnDark, local, {} });
            QVERIFY(std::abs(at(view, 3, 1) - (255 - (8 * 3.5 + 40 * 1.5))) <= 1.0);
            view = decoder.viewFor(
                image, Attempt { View::ThreeQuarters, Polarity::DarkOnLight, local, {} });
            QCOMPARE(view.width, 6);
            QCOMPARE(view.height, 3);
            QVERIFY(std::abs(at(view, 1, 1) - (8 * 1.5 + 40 * 1.5)) <= 1.0);

            // A region, in place; clipped to the image; inverted in the buffer.
            view = decoder.viewFor(
                image, Attempt { View::Region, Polarity::DarkOnLight, {}, QRect(2, 1, 3, 2) });
            QCOMPARE(view.width, 3);
            QCOMPARE(view.height, 2);
            QCOMPARE(view.data, image.data + image.rowStride + 2 * image.pixelStride);
            QCOMPARE(at(view, 0, 0), uchar(8 * 2 + 40));
            view = decoder.viewFor(
                image, Attempt { View::Region, Polarity::LightOnDark, {}, QRect(6, 2, 10, 10) });
            QCOMPARE(view.width, 2);
            QCOMPARE(view.height, 2);
            QCOMPARE(at(view, 1, 1), uchar(255 - (8 * 7 + 40 * 3)));
            // An empty region, or an image too small for the view: the whole image.
            view = decoder.viewFor(
                image, Attempt { View::Region, Polarity::DarkOnLight, {}, QRect(20, 20, 5, 5) });
            QCOMPARE(view.data, image.data);
            QCOMPARE(view.width, 8);
        }
        QrDecoder decoder;
        const LumaView tiny { packedView.data, 1, 1, 8, 1 };
        QCOMPARE(
            decoder.viewFor(tiny, Attempt { View::Half, Polarity::DarkOnLight, local, {} }).width,
            1);
        QCOMPARE(
            decoder.viewFor(tiny, Attempt { View::SevenEighths, Polarity::DarkOnLight, local, {} })
                .width,
            1);
        QVERIFY(
            !decoder.viewFor(LumaView {}, Attempt { View::Half, Polarity::DarkOnLight, local, {} })
                 .isValid());
        QVERIFY(
            decoder.decode(LumaView {}, Attempt { View::Half, Polarity::DarkOnLight, local, {} })
                .isEmpty());
    }

    // Every kind of attempt reads a code it can see, from packed and interleaved luma.
    void decoderReadsThroughEveryView_data()
    {
        QTest::addColumn<QImage>("image");
        QTest::addColumn<QrDecoder::View>("view");
        QTest::addColumn<QrDecoder::Polarity>("polarity");
        QTest::addColumn<QrDecoder::Binarizer>("binarizer");
        QTest::addColumn<QRect>("region");
        using View = QrDecoder::View;
        const auto dark = QrDecoder::Polarity::DarkOnLight;
        const auto light = QrDecoder::Polarity::LightOnDark;
        const auto local = QrDecoder::Binarizer::LocalAverage;
        const auto global = QrDecoder::Binarizer::GlobalHistogram;
        const QImage clean = frameWith(code(m_allowed, 6), {}, QSize(1920, 1080));
        QTest::newRow("whole") << clean << View::Whole << dark << local << QRect();
        QTest::newRow("whole, global histogram")
            << clean << View::Whole << dark << global << QRect();
        QTest::newRow("half") << clean << View::Half << dark << local << QRect();
        QTest::newRow("half, inverted")
            << inverted(clean) << View::Half << light << local << QRect();
        QTest::newRow("7/8") << clean << View::SevenEighths << dark << local << QRect();
        QTest::newRow("3/4, global histogram")
            << clean << View::ThreeQuarters << dark << global << QRect();
        QTest::newRow("7/8, global histogram, inverted")
            << inverted(clean) << View::SevenEighths << light << global << QRect();
        QTest::newRow("region") << clean << View::Region << dark << local
                                << QRect(720, 0, 1200, 1080);
        QTest::newRow("region, inverted")
            << inverted(clean) << View::Region << light << local << QRect(0, 0, 1200, 1080);
    }

    void decoderReadsThroughEveryView()
    {
        QFETCH(QImage, image);
        QFETCH(QrDecoder::View, view);
        QFETCH(QrDecoder::Polarity, polarity);
        QFETCH(QrDecoder::Binarizer, binarizer);
        QFETCH(QRect, region);
        const QrDecoder::Attempt attempt { view, polarity, binarizer, region };
        QrDecoder decoder;
        QCOMPARE(decoder.decode(lumaOf(image), attempt), QList<QByteArray> { m_allowed.toUtf8() });
        const QByteArray strided = interleaved(image);
        const LumaView stridedView { reinterpret_cast<const uchar *>(strided.constData()),
            image.width(), image.height(), image.width() * 2, 2 };
        QCOMPARE(decoder.decode(stridedView, attempt), QList<QByteArray> { m_allowed.toUtf8() });
        // The other polarity reads nothing.
        QrDecoder::Attempt other = attempt;
        other.polarity = polarity == QrDecoder::Polarity::DarkOnLight
            ? QrDecoder::Polarity::LightOnDark
            : QrDecoder::Polarity::DarkOnLight;
        QVERIFY(decoder.decode(lumaOf(image), other).isEmpty());
    }

    void transformedCodesGiveTheirVerdict_data()
    {
        QTest::addColumn<QImage>("image");
        const QImage clean = code(m_allowed);
        QTest::newRow("clean") << frameWith(clean);
        QTest::newRow("rotated 15") << rotated(clean, 15);
        QTest::newRow("rotated 45") << rotated(clean, 45);
        QTest::newRow("rotated 90") << rotated(clean, 90);
        QTest::newRow("perspective") << perspective(clean);
        QTest::newRow("blurred") << blurred(frameWith(clean), 1);
        QTest::newRow("noise") << noisy(frameWith(clean), 60);
        QTest::newRow("dim") << dimmed(frameWith(clean), 20, 70);
        QTest::newRow("inverted") << inverted(frameWith(clean));
        QTest::newRow("inverted rotated 45") << inverted(rotated(clean, 45));
        QTest::newRow("small in a corner") << inCorner(code(m_allowed, 2));
        QTest::newRow("rotated, blurred, dim and noisy")
            << noisy(dimmed(blurred(rotated(clean, 30), 1), 60, 200), 15);
        // ZXing-cpp 1.4 alone misses these small codes at these angles; the still path reads
        // them (a second binarizer, a resampled image).
        QTest::newRow("rotated 46") << rotated(clean, 46);
        QTest::newRow("rotated 75, 3 px modules") << rotated(code(m_allowed, 3), 75);
    }

    void transformedCodesGiveTheirVerdict()
    {
        QFETCH(QImage, image);
        QCOMPARE(image.size(), QSize(1280, 720));
        const auto scanner = newScanner();
        const QList<ScanResult> results = scanStill(*scanner, image);
        QCOMPARE(results.size(), 1);
        const ScanResult &result = results.first();
        QVERIFY(result.isTesseraPass);
        QCOMPARE(result.verdict.kind, VerdictKind::Allow);
        QCOMPARE(result.verdict.reason, Reason::Allowed);
        QCOMPARE(result.passId(), QStringLiteral("p7Hq2xK9mR4w"));
        QCOMPARE(result.verdict.process, QStringLiteral("office-entry"));
        QCOMPARE(result.scannedAt, now);
    }

    static CheckProcess processNamed(const QString &name)
    {
        if (name == QLatin1String("office-entry"))
            return officeEntry();
        if (name == QLatin1String("medical-check"))
            return medicalCheck();
        // A process whose claim no pass has: its otherwise outcome.
        return process(R"({"name":"site-visit","title":"Site visit","claim":"site-visit",
            "rule":{"values":{},"otherwise":{"verdict":"action","action":"Call the host"}}})");
    }

    void everyAngle()
    {
        const QImage clean = code(m_allowed, 3);
        for (int degrees = 0; degrees < 360; degrees += 7) {
            const auto scanner = newScanner();
            const QList<ScanResult> results = scanStill(*scanner, rotated(clean, degrees));
            QVERIFY2(results.size() == 1, qPrintable(QString::number(degrees)));
            QCOMPARE(results.first().verdict.kind, VerdictKind::Allow);
        }
    }

    void eachVerdictThroughTheCamera_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("process");
        QTest::addColumn<QStringList>("revoked");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("action");
        const QString suspended =
            qrText(QStringLiteral("pSuspended01"), QStringLiteral("suspended"));
        const QString stale =
            qrText(QStringLiteral("p7Hq2xK9mR4w"), QStringLiteral("allowed"), now - 90);
        QTest::newRow("allow") << m_allowed << "office-entry" << QStringList() << "allow"
                               << "allowed"
                               << "";
        QTest::newRow("allow medical") << m_allowed << "medical-check" << QStringList() << "allow"
                                       << "allowed"
                                       << "";
        QTest::newRow("deny by rule") << suspended << "office-entry" << QStringList() << "deny"
                                      << "denied_by_rule"
                                      << "";
        QTest::newRow("action") << m_allowed << "site-visit" << QStringList() << "action"
                                << "no_status_for_process"
                                << "Call the host";
        QTest::newRow("revoked") << m_allowed << "office-entry"
                                 << QStringList { QStringLiteral("p7Hq2xK9mR4w") } << "deny"
                                 << "revoked"
                                 << "";
        QTest::newRow("stale") << stale << "office-entry" << QStringList() << "deny"
                               << "stale_code"
                               << "";
    }

    void eachVerdictThroughTheCamera()
    {
        QFETCH(QString, text);
        QFETCH(QString, process);
        QFETCH(QStringList, revoked);
        QFETCH(QString, verdict);
        QFETCH(QString, reason);
        QFETCH(QString, action);
        QVERIFY(!text.isEmpty());
        const auto scanner =
            newScanner(processNamed(process), QSet<QString>(revoked.begin(), revoked.end()));
        const QList<ScanResult> results = scanStill(*scanner, rotated(code(text), 20));
        QCOMPARE(results.size(), 1);
        const QJsonObject line = results.first().toJson();
        QCOMPARE(line.value(QStringLiteral("verdict")).toString(), verdict);
        QCOMPARE(line.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(line.value(QStringLiteral("action")).toString(), action);
        QCOMPARE(line.value(QStringLiteral("process")).toString(), process);
        QCOMPARE(line.value(QStringLiteral("passId")).toString(), results.first().passId());
    }

    void framesWithoutACodeGiveNothing_data()
    {
        QTest::addColumn<QImage>("image");
        QImage blank(1280, 720, QImage::Format_Grayscale8);
        blank.fill(200);
        QTest::newRow("blank") << blank;
        QImage black(1280, 720, QImage::Format_Grayscale8);
        black.fill(0);
        QTest::newRow("black") << black;
        QTest::newRow("noise") << noisy(blank, 120);
        QImage checker(1280, 720, QImage::Format_Grayscale8);
        for (int y = 0; y < checker.height(); ++y)
            for (int x = 0; x < checker.width(); ++x)
                checker.scanLine(y)[x] = ((x / 9 + y / 9) % 2) ? 255 : 0;
        QTest::newRow("checkerboard") << checker;
        QImage half = frameWith(code(m_allowed));
        QPainter(&half).fillRect(QRect(0, 0, 640, 720), Qt::white); // half a code
        QTest::newRow("half a code") << half;
        QTest::newRow("tiny") << QImage(1, 1, QImage::Format_Grayscale8);
    }

    void framesWithoutACodeGiveNothing()
    {
        QFETCH(QImage, image);
        const auto scanner = newScanner();
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        QVERIFY(scanner->scanImage(image));
        QVERIFY(done.wait(waitMs));
        QCOMPARE(results.size(), 0);
        QCOMPARE(scanner->stats().codesRead, 0u);
    }

    void malformedContentsGiveAClearResult_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<bool>("isTesseraPass");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a web address")
            << QByteArrayLiteral("https:/example.com/x") << false << "wrong_prefix";
        QTest::newRow("lower-case prefix")
            << m_allowed.toLower().toUtf8() << false << "wrong_prefix";
        QTest::newRow("prefix only") << QByteArrayLiteral("TS1:") << true << "malformed";
        QTest::newRow("truncated") << m_allowed.left(200).toUtf8() << true << "malformed";
        QTest::newRow("not base45") << QByteArrayLiteral("TS1:hello world") << true << "malformed";
        QTest::newRow("very long")
            << (QByteArrayLiteral("TS1:") + QByteArray(900, 'A')) << true << "too_long";
        QTest::newRow("very long, not a pass") << QByteArray(1200, '7') << false << "too_long";
        QByteArray binary(120, Qt::Uninitialized);
        QRandomGenerator random(11);
        for (char &byte : binary)
            byte = char(random.bounded(256));
        QTest::newRow("random bytes") << binary << false << "";
        QTest::newRow("one space") << QByteArrayLiteral(" ") << false << "wrong_prefix";
    }

    void malformedContentsGiveAClearResult()
    {
        QFETCH(QByteArray, contents);
        QFETCH(bool, isTesseraPass);
        QFETCH(QString, reason);
        const QImage image = QrEncoder::render(contents, 3);
        QVERIFY(!image.isNull());
        const auto scanner = newScanner();
        const QList<ScanResult> results = scanStill(*scanner, frameWith(image));
        QCOMPARE(results.size(), 1);
        const ScanResult &result = results.first();
        QCOMPARE(result.isTesseraPass, isTesseraPass);
        QCOMPARE(result.verdict.kind, VerdictKind::Deny);
        QVERIFY(!result.verdict.pass);
        if (!reason.isEmpty())
            QCOMPARE(result.verdict.reasonCode(), reason);
        QVERIFY(!result.verdict.message.isEmpty());
    }

    void framePixelFormats_data()
    {
        QTest::addColumn<QVideoFrameFormat::PixelFormat>("format");
        QTest::addColumn<bool>("inPlace");
        QTest::newRow("YUV420P") << QVideoFrameFormat::Format_YUV420P << true;
        QTest::newRow("NV12") << QVideoFrameFormat::Format_NV12 << true;
        QTest::newRow("Y8") << QVideoFrameFormat::Format_Y8 << true;
        QTest::newRow("YUYV") << QVideoFrameFormat::Format_YUYV << true;
        QTest::newRow("BGRA8888") << QVideoFrameFormat::pixelFormatFromImageFormat(
            QImage::Format_ARGB32) << false;
        QTest::newRow("RGBX8888") << QVideoFrameFormat::Format_RGBX8888 << false;
        QTest::newRow("XBGR8888") << QVideoFrameFormat::Format_XBGR8888 << false;
        QTest::newRow("ARGB8888") << QVideoFrameFormat::Format_ARGB8888 << false;
    }

    void framePixelFormats()
    {
        QFETCH(QVideoFrameFormat::PixelFormat, format);
        QFETCH(bool, inPlace);
        QCOMPARE(FrameLuma::hasLumaInPlace(format), inPlace);
        const QImage image = rotated(code(m_allowed), 10);

        QVideoFrame frame = videoFrameFromImage(image, format);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.pixelFormat(), format);
        // Where Qt has a QImage format for it, the frame's bytes are that image's bytes (the
        // byte order FrameLuma assumes is Qt's).
        if (const QImage::Format imageFormat =
                QVideoFrameFormat::imageFormatFromPixelFormat(format);
            imageFormat != QImage::Format_Invalid && !inPlace) {
            const QImage expected = image.convertToFormat(imageFormat);
            QVERIFY(frame.map(QVideoFrame::ReadOnly));
            const bool sameMiddle = std::equal(frame.bits(0) + 360 * frame.bytesPerLine(0),
                frame.bits(0) + 360 * frame.bytesPerLine(0) + 1280 * 4,
                expected.constScanLine(360));
            frame.unmap();
            QVERIFY(sameMiddle);
        }
        {
            FrameLuma luma(frame);
            QVERIFY(luma.isValid());
            QCOMPARE(luma.isConverted(), !inPlace);
            QCOMPARE(luma.view().width, 1280);
            QCOMPARE(luma.view().height, 720);
            QCOMPARE(frame.isMapped(), inPlace); // the same frame, mapped while read in place
            // The luma is the picture's grey (full range for the YUV frames made here).
            const uchar corner = luma.view().data[0];
            QVERIFY2(corner > 240, qPrintable(QString::number(corner)));
            QrDecoder decoder;
            const auto texts = decoder.decode(luma.view(), QrDecoder::Polarity::DarkOnLight);
            QCOMPARE(texts.size(), 1);
            QCOMPARE(QString::fromUtf8(texts.first()), m_allowed);
            luma.release();
            QVERIFY(!luma.isValid());
            QVERIFY(!frame.isMapped());
        }
        QCOMPARE(FrameLuma::mappedFrames(), 0);

        // Through the scanner, dark on light on the first frame.
        const auto scanner = newScanner();
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);
        scanner->processFrame(frame);
        QVERIFY(done.wait(waitMs));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.at(0).at(0).value<ScanResult>().verdict.kind, VerdictKind::Allow);
        QVERIFY(!frame.isMapped());
        QCOMPARE(FrameLuma::mappedFrames(), 0);
    }

    void invalidFramesAreCounted()
    {
        const auto scanner = newScanner();
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        scanner->processFrame(QVideoFrame());
        QCOMPARE(scanner->stats().framesUnreadable, 1u);
        QVERIFY(!scanner->isBusy());
        QVERIFY(!videoFrameFromImage(QImage()).isValid());
        QVERIFY(!videoFrameFromImage(code(m_allowed), QVideoFrameFormat::Format_Jpeg).isValid());

        // A format the scanner does not read (no crash, no result): counted as unreadable.
        QVideoFrame p010(QVideoFrameFormat(QSize(64, 64), QVideoFrameFormat::Format_YUV420P10));
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);
        scanner->processFrame(p010);
        QVERIFY(done.wait(waitMs));
        QCOMPARE(scanner->stats().framesUnreadable, 2u);
        QCOMPARE(results.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestScannerImages)
#include "tst_scannerimages.moc"
