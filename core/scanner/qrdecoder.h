#pragma once

#include "scanner/lumaview.h"

#include <QByteArray>
#include <QList>
#include <QRect>
#include <QString>

#include <vector>

namespace tessera {

// Reads QR codes, and only QR codes, from an 8-bit luma image with ZXing-cpp 1.4.
//
// ZXing-cpp 1.4 reads dark modules on a light background only. A phone in dark mode shows light
// on dark, so the caller picks the polarity: the scanner's video path takes it from its frame
// cycle (FrameCycle: one attempt per frame, DESIGN "Decisions -> Pass and scanner"),
// decodeStill() tries both.
//
// One decode is one Attempt: a view of the image (whole, downsampled by 2, resampled by 3/4 or
// 7/8, or a region at full resolution), a polarity and one of ZXing's binarizers. Views other than
// the whole image and an uninverted region are made in reusable buffers: one decoder per thread.
class QrDecoder
{
public:
    enum class Polarity { DarkOnLight, LightOnDark };
    enum class Binarizer {
        LocalAverage, // ZXing's hybrid binarizer (a threshold per 8x8 block): the usual one
        GlobalHistogram, // one threshold per row: cheaper, reads some codes the other misses
    };
    enum class View {
        Whole, // the image as it is
        Half, // downsampled by 2 (each pixel the mean of 2x2): a quarter of the pixels
        ThreeQuarters, // resampled by 3/4 (bilinear): another sampling grid, 0.56 of the pixels
        SevenEighths, // resampled by 7/8 (bilinear): another sampling grid, 0.77 of the pixels
        Region, // Attempt::region of the image at full resolution (viewed in place when not
                // inverted)
    };

    struct Attempt
    {
        View view = View::Whole;
        Polarity polarity = Polarity::DarkOnLight;
        Binarizer binarizer = Binarizer::LocalAverage;
        QRect region; // View::Region: the part of the image, in its pixels

        // Short words for logs and the benchmark, e.g. "half, inverted".
        QString name() const;
        bool operator==(const Attempt &) const = default;
    };

    // maxSymbols: how many codes one image may give (a door scanner needs one).
    explicit QrDecoder(int maxSymbols = 1);

    // The contents of the QR codes found, as the bytes the code holds (a pass's base45 text has
    // spaces: never trimmed). Empty when there is none or the image is not valid.
    QList<QByteArray> decode(const LumaView &image, Polarity polarity);
    // One attempt: its view of image, decoded once. A region is clipped to the image; a view
    // the image is too small for (or an empty region) decodes the whole image.
    QList<QByteArray> decode(const LumaView &image, const Attempt &attempt);

    // For one still image, where time matters less than finding the code: dark on light, then
    // light on dark, each with ZXing's local-average binarizer and then its global-histogram
    // one, then the same on the image scaled up by 1.25 (ZXing-cpp 1.4 misses some small,
    // rotated codes at a few angles that it reads once resampled).
    QList<QByteArray> decodeStill(const LumaView &image);

    // The view an attempt decodes (in this decoder's buffer unless it is image itself or a
    // part of it): valid until the next call. For tests.
    LumaView viewFor(const LumaView &image, const Attempt &attempt);

private:
    QList<QByteArray> read(const LumaView &image, Binarizer binarizer, bool tryDownscale);
    LumaView inverted(const LumaView &image);
    LumaView half(const LumaView &image, bool invert);
    // Resampled by eighths/8 (bilinear).
    LumaView resampled(const LumaView &image, int eighths, bool invert);
    uchar *buffer(qsizetype size);

    int m_maxSymbols;
    QByteArray m_buffer;
    std::vector<int> m_columns; // resampled(): per output column, source offset and weight
};

} // namespace tessera
