#pragma once

#include "scanner/lumaview.h"

#include <QImage>
#include <QVideoFrame>
#include <QVideoFrameFormat>

namespace tessera {

// The luma of one video frame, for the decoder. Maps the frame read-only and, where the pixel
// format has a luma plane (YUV420P, NV12, NV21, YV12, YUV422P, IMC1-4, Y8) or interleaved luma
// bytes (YUYV, UYVY, AYUV, the high byte of P010/P016/Y16), views it in place: no copy. The
// 32-bit RGB formats are converted to an 8-bit grey image owned by this object. Other formats
// (JPEG, 10-bit planar YUV, GPU textures) are not read: Qt 6.4's QVideoFrame::toImage() crashes
// off the GUI thread. When the oldest Qt we build with converts off the GUI thread, those formats
// can go through toImage() (re-test with tst_scanner on that Qt first).
//
// Holds the frame mapped only as long as it lives or until release(): the scanner releases it
// right after decoding, so no frame outlives its decode.
class FrameLuma
{
public:
    explicit FrameLuma(QVideoFrame frame);
    ~FrameLuma();
    FrameLuma(const FrameLuma &) = delete;
    FrameLuma &operator=(const FrameLuma &) = delete;

    // Invalid when the frame is invalid or cannot be mapped or converted.
    bool isValid() const { return m_view.isValid(); }
    const LumaView &view() const { return m_view; }
    // Whether the luma had to be converted (copied) from another pixel format.
    bool isConverted() const { return m_converted; }

    // Unmaps and drops the frame (and any converted copy); view() is invalid afterwards.
    void release();

    // Whether frames of this pixel format are read in place.
    static bool hasLumaInPlace(QVideoFrameFormat::PixelFormat format);
    // How many frames are mapped by FrameLuma objects right now, in this process.
    static int mappedFrames();

private:
    bool viewInPlace();
    bool convert();

    QVideoFrame m_frame;
    QImage m_grey;
    LumaView m_view;
    bool m_mapped = false;
    bool m_converted = false;
};

} // namespace tessera
