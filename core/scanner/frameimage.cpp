#include "scanner/frameimage.h"

#include <array>
#include <cstring>
#include <optional>

namespace tessera {

namespace {

// Byte offsets of alpha (or padding), red, green and blue in a 4-byte pixel: Qt names its
// 32-bit formats by their byte order in memory.
std::optional<std::array<int, 4>> argbOffsets(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_ARGB8888:
    case QVideoFrameFormat::Format_ARGB8888_Premultiplied:
    case QVideoFrameFormat::Format_XRGB8888:
        return std::array { 0, 1, 2, 3 };
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRA8888_Premultiplied:
    case QVideoFrameFormat::Format_BGRX8888:
        return std::array { 3, 2, 1, 0 };
    case QVideoFrameFormat::Format_ABGR8888:
    case QVideoFrameFormat::Format_XBGR8888:
        return std::array { 0, 3, 2, 1 };
    case QVideoFrameFormat::Format_RGBA8888:
    case QVideoFrameFormat::Format_RGBX8888:
        return std::array { 3, 0, 1, 2 };
    default:
        return std::nullopt;
    }
}

void fill(uchar *plane, int bytesPerLine, int rows, int bytesPerRow, uchar value)
{
    for (int y = 0; y < rows; ++y)
        std::memset(plane + qsizetype(y) * bytesPerLine, value, size_t(bytesPerRow));
}

} // namespace

QVideoFrame videoFrameFromImage(const QImage &image, QVideoFrameFormat::PixelFormat format)
{
    if (image.isNull())
        return {};
    const QSize size = image.size();
    const int width = size.width();
    const int height = size.height();
    const auto argb = argbOffsets(format);
    const bool isYuv = format == QVideoFrameFormat::Format_Y8
        || format == QVideoFrameFormat::Format_YUV420P || format == QVideoFrameFormat::Format_NV12
        || format == QVideoFrameFormat::Format_YUYV;
    if (!isYuv && !argb)
        return {};

    QVideoFrame frame(QVideoFrameFormat(size, format));
    if (!frame.isValid() || !frame.map(QVideoFrame::WriteOnly))
        return {};

    if (argb) {
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        const auto [alpha, red, green, blue] = *argb;
        for (int y = 0; y < height; ++y) {
            const auto *in = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
            uchar *out = frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0);
            for (int x = 0; x < width; ++x, out += 4) {
                out[alpha] = 255;
                out[red] = uchar(qRed(in[x]));
                out[green] = uchar(qGreen(in[x]));
                out[blue] = uchar(qBlue(in[x]));
            }
        }
        frame.unmap();
        return frame;
    }

    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    if (format == QVideoFrameFormat::Format_YUYV) {
        for (int y = 0; y < height; ++y) {
            const uchar *in = grey.constScanLine(y);
            uchar *out = frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0);
            for (qsizetype x = 0; x < width; ++x) {
                out[2 * x] = in[x];
                out[2 * x + 1] = 128; // U, V alternate
            }
        }
        frame.unmap();
        return frame;
    }

    for (int y = 0; y < height; ++y)
        std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), grey.constScanLine(y),
            size_t(width));
    const int chromaRows = (height + 1) / 2;
    if (format == QVideoFrameFormat::Format_YUV420P) {
        const int chromaWidth = (width + 1) / 2;
        fill(frame.bits(1), frame.bytesPerLine(1), chromaRows, chromaWidth, 128);
        fill(frame.bits(2), frame.bytesPerLine(2), chromaRows, chromaWidth, 128);
    } else if (format == QVideoFrameFormat::Format_NV12) {
        fill(frame.bits(1), frame.bytesPerLine(1), chromaRows, ((width + 1) / 2) * 2, 128);
    }
    frame.unmap();
    return frame;
}

} // namespace tessera
