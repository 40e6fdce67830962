// The scanner's frame path with images made here: the decoder reads text exactly, its views for
// the video path's attempts (downsampled, resampled, a region, inverted) read what they can see,
// the same image as video frames in the pixel formats cameras and GStreamer give, and invalid
// frames counted.
#include "scannerimagesfixture.h"

using namespace scannertest;

class TestScannerFrames : public QObject, protected ScannerImagesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

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
            QCOMPARE(view.data, image.data + image.rowStride + qsizetype(2) * image.pixelStride);
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
            const bool sameMiddle =
                std::equal(frame.bits(0) + qsizetype(360) * frame.bytesPerLine(0),
                    frame.bits(0) + qsizetype(360) * frame.bytesPerLine(0) + qsizetype(1280) * 4,
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

QTEST_GUILESS_MAIN(TestScannerFrames)
#include "tst_scannerframes.moc"
