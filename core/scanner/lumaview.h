#pragma once

#include <QtGlobal>

namespace tessera {

// A non-owning view of an 8-bit grey (luma) image: the Y plane of a video frame, a converted
// buffer, or a QImage of Format_Grayscale8. pixelStride is 1 for planar formats and 2 for
// packed ones (YUYV, UYVY) or for the high byte of 16-bit samples (P010, P016, Y16).
struct LumaView
{
    const uchar *data = nullptr; // the first pixel's luma byte
    int width = 0;
    int height = 0;
    int rowStride = 0; // bytes from one row to the next
    int pixelStride = 1; // bytes from one pixel to the next

    bool isValid() const { return data && width > 0 && height > 0 && rowStride > 0; }
};

} // namespace tessera
