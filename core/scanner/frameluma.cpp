#include "scanner/frameluma.h"

#include "scanner/scannerlogging.h"

#include <atomic>
#include <optional>
#include <utility>

namespace tessera {

namespace {

std::atomic<int> liveMappings { 0 };

struct LumaLayout
{
    int offset = 0; // of the first pixel's luma byte in plane 0
    int pixelStride = 1;
};

// Where the luma bytes are in plane 0, for the formats that have them.
std::optional<LumaLayout> lumaLayout(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_Y8:
        return LumaLayout { 0, 1 };
    case QVideoFrameFormat::Format_YUYV:
        return LumaLayout { 0, 2 };
    // U, Y, V, Y bytes; and 16-bit little-endian samples with the value in the high bits, whose
    // high byte is an 8-bit luma.
    case QVideoFrameFormat::Format_UYVY:
    case QVideoFrameFormat::Format_P010:
    case QVideoFrameFormat::Format_P016:
    case QVideoFrameFormat::Format_Y16:
        return LumaLayout { 1, 2 };
    // A, Y, U, V bytes.
    case QVideoFrameFormat::Format_AYUV:
    case QVideoFrameFormat::Format_AYUV_Premultiplied:
        return LumaLayout { 1, 4 };
    default:
        return std::nullopt;
    }
}

struct RgbLayout
{
    int red = 0; // byte offsets within a 4-byte pixel
    int green = 0;
    int blue = 0;
};

// Qt names its 32-bit RGB formats by their byte order in memory.
std::optional<RgbLayout> rgbLayout(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_ARGB8888:
    case QVideoFrameFormat::Format_ARGB8888_Premultiplied:
    case QVideoFrameFormat::Format_XRGB8888:
        return RgbLayout { 1, 2, 3 };
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRA8888_Premultiplied:
    case QVideoFrameFormat::Format_BGRX8888:
        return RgbLayout { 2, 1, 0 };
    case QVideoFrameFormat::Format_ABGR8888:
    case QVideoFrameFormat::Format_XBGR8888:
        return RgbLayout { 3, 2, 1 };
    case QVideoFrameFormat::Format_RGBA8888:
    case QVideoFrameFormat::Format_RGBX8888:
        return RgbLayout { 0, 1, 2 };
    default:
        return std::nullopt;
    }
}

} // namespace

FrameLuma::FrameLuma(QVideoFrame frame)
    : m_frame(std::move(frame))
{
    if (!m_frame.isValid() || m_frame.width() <= 0 || m_frame.height() <= 0)
        return;
    if (!viewInPlace() && !convert()) {
        qCDebug(lcScanner) << "cannot read the luma of a frame of format" << m_frame.pixelFormat();
        release();
    }
}

FrameLuma::~FrameLuma()
{
    release();
}

void FrameLuma::release()
{
    m_view = {};
    if (m_mapped) {
        m_frame.unmap();
        m_mapped = false;
        --liveMappings;
    }
    m_frame = QVideoFrame();
    m_grey = QImage();
}

bool FrameLuma::hasLumaInPlace(QVideoFrameFormat::PixelFormat format)
{
    return lumaLayout(format).has_value();
}

int FrameLuma::mappedFrames()
{
    return liveMappings.load();
}

bool FrameLuma::viewInPlace()
{
    const auto layout = lumaLayout(m_frame.pixelFormat());
    if (!layout || m_frame.handleType() != QVideoFrame::NoHandle)
        return false;
    if (!m_frame.map(QVideoFrame::ReadOnly))
        return false;
    m_mapped = true;
    ++liveMappings;

    const int width = m_frame.width();
    const int height = m_frame.height();
    const int stride = m_frame.bytesPerLine(0);
    const uchar *bits = m_frame.bits(0);
    // The last luma byte must be inside the mapped plane (a short buffer is not trusted).
    const qint64 needed = qint64(stride) * (height - 1) + layout->offset
        + qint64(layout->pixelStride) * (width - 1) + 1;
    if (!bits || stride < width * layout->pixelStride || m_frame.mappedBytes(0) < needed) {
        m_frame.unmap();
        m_mapped = false;
        --liveMappings;
        return false;
    }
    m_view = LumaView { bits + layout->offset, width, height, stride, layout->pixelStride };
    return true;
}

bool FrameLuma::convert()
{
    const auto layout = rgbLayout(m_frame.pixelFormat());
    if (!layout || m_frame.handleType() != QVideoFrame::NoHandle)
        return false; // Qt 6.4's QVideoFrame::toImage() crashes off the GUI thread: not used
    if (!m_frame.map(QVideoFrame::ReadOnly))
        return false;
    m_mapped = true;
    ++liveMappings;

    const int width = m_frame.width();
    const int height = m_frame.height();
    const int stride = m_frame.bytesPerLine(0);
    const uchar *bits = m_frame.bits(0);
    bool converted = false;
    if (bits && stride >= width * 4 && m_frame.mappedBytes(0) >= qint64(stride) * height) {
        QImage grey(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y) {
            const uchar *in = bits + qsizetype(y) * stride;
            uchar *out = grey.scanLine(y);
            for (int x = 0; x < width; ++x, in += 4) {
                // 0.299 R + 0.587 G + 0.114 B, rounded (BT.601 luma).
                out[x] = uchar(
                    (306 * in[layout->red] + 601 * in[layout->green] + 117 * in[layout->blue] + 512)
                    >> 10);
            }
        }
        m_grey = std::move(grey);
        converted = true;
    }
    m_frame.unmap();
    m_mapped = false;
    --liveMappings;
    if (!converted)
        return false;
    m_converted = true;
    m_view = LumaView { m_grey.constBits(), m_grey.width(), m_grey.height(),
        int(m_grey.bytesPerLine()), 1 };
    return true;
}

} // namespace tessera
