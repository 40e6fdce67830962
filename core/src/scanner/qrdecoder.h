#pragma once

#include "lumaview.h"

#include <QByteArray>
#include <QList>

namespace tessera {

// Reads QR codes, and only QR codes, from an 8-bit luma image with ZXing-cpp 1.4.
//
// ZXing-cpp 1.4 reads dark modules on a light background only. A phone in dark mode shows light
// on dark, so the caller picks the polarity: the scanner alternates it from frame to frame
// (DESIGN, "Decisions -> Pass and scanner"), decodeStill() tries both.
//
// Keeps a reusable buffer for the inverted image: one decoder per thread.
class QrDecoder
{
public:
    enum class Polarity { DarkOnLight, LightOnDark };

    // maxSymbols: how many codes one image may give (a door scanner needs one).
    explicit QrDecoder(int maxSymbols = 1);

    // The contents of the QR codes found, as the bytes the code holds (a pass's base45 text has
    // spaces: never trimmed). Empty when there is none or the image is not valid.
    QList<QByteArray> decode(const LumaView &image, Polarity polarity);

    // For one still image, where time matters less than finding the code: dark on light, then
    // light on dark, each with ZXing's local-average binarizer and then its global-histogram
    // one, then the same on the image scaled up by 1.25 (ZXing-cpp 1.4 misses some small,
    // rotated codes at a few angles that it reads once resampled).
    QList<QByteArray> decodeStill(const LumaView &image);

private:
    enum class Binarizer { LocalAverage, GlobalHistogram };

    QList<QByteArray> read(const LumaView &image, Polarity polarity, Binarizer binarizer);
    LumaView inverted(const LumaView &image);

    int m_maxSymbols;
    QByteArray m_invertedBuffer;
};

} // namespace tessera
