#include "scanner/framecycle.h"

namespace tessera {

QrDecoder::Attempt FrameCycle::attempt(quint64 frameNumber, int width, int height)
{
    using View = QrDecoder::View;
    constexpr auto dark = QrDecoder::Polarity::DarkOnLight;
    constexpr auto light = QrDecoder::Polarity::LightOnDark;
    constexpr auto local = QrDecoder::Binarizer::LocalAverage;
    constexpr auto global = QrDecoder::Binarizer::GlobalHistogram;
    const int step = int(frameNumber % length);
    if (!isLarge(width, height)) {
        switch (step) {
        case 0:
        case 4:
            return { View::Whole, dark, local, {} };
        case 1:
        case 5:
            return { View::Whole, light, local, {} };
        case 2:
            return { View::SevenEighths, dark, local, {} };
        case 3:
            return { View::ThreeQuarters, dark, global, {} };
        case 6:
            return { View::SevenEighths, light, local, {} };
        default:
            return { View::ThreeQuarters, light, global, {} };
        }
    }
    switch (step) {
    case 0:
        return { View::Half, dark, local, {} };
    case 1:
    case 5:
        return { View::Half, light, local, {} };
    case 2:
        return { View::SevenEighths, dark, global, {} };
    case 3:
        return { View::Region, dark, local, tile(0, width, height) };
    case 4:
        return { View::Half, dark, global, {} };
    case 6:
        return { View::SevenEighths, light, global, {} };
    default:
        return { View::Region, dark, local, tile(1, width, height) };
    }
}

QRect FrameCycle::tile(int index, int width, int height)
{
    const bool landscape = width >= height;
    const int longSide = landscape ? width : height;
    const int tileLength = (5 * longSide + 7) / 8;
    const int start = index == 0 ? 0 : longSide - tileLength;
    return landscape ? QRect(start, 0, tileLength, height) : QRect(0, start, width, tileLength);
}

} // namespace tessera
