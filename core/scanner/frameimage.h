#pragma once

#include <QImage>
#include <QVideoFrame>
#include <QVideoFrameFormat>

namespace tessera {

// A video frame holding a copy of image in the given pixel format, for image files and tests
// (Qt 6.4 has no QVideoFrame(QImage) constructor; Qt 6.8 added QVideoFrame(const QImage &), so
// this can go once the oldest Qt we build with is 6.8). Supported: Format_Y8, Format_YUV420P,
// Format_NV12, Format_YUYV and the 32-bit RGB formats (ARGB8888, XRGB8888, BGRA8888,
// BGRX8888, ABGR8888, XBGR8888, RGBA8888, RGBX8888 and the premultiplied ones, named by byte
// order in memory); YUV uses full-range BT.601 luma and neutral chroma. An invalid frame for a null
// image or another format.
QVideoFrame videoFrameFromImage(
    const QImage &image, QVideoFrameFormat::PixelFormat format = QVideoFrameFormat::Format_YUV420P);

} // namespace tessera
