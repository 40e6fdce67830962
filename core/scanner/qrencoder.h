#pragma once

#include <QByteArray>
#include <QImage>

namespace tessera {

// Draws text as a QR code with ZXing-cpp 1.4's MultiFormatWriter at error correction M (the
// pass's size budget, docs/PASS_FORMAT.md), the mode picked from the text (a pass's base45 text
// is alphanumeric). Used for the app's and the CLI's pass, and by the tests' golden images.
class QrEncoder
{
public:
    // A Format_Grayscale8 image, dark modules (0) on light (255), each module moduleSize pixels
    // square, with quietZone light modules around the code (4 is the QR standard's minimum).
    // Null when the text does not fit a QR code or the sizes are not positive.
    static QImage render(const QByteArray &text, int moduleSize = 4, int quietZone = 4);
};

} // namespace tessera
