#include "scanner/qrencoder.h"

#include "scanner/scannerlogging.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <cstring>
#include <exception>
#include <string>

namespace tessera {

namespace {

// MultiFormatWriter's eccLevel runs 0-8 over L, M, Q, H; 4 is M.
constexpr int eccLevelM = 4;

} // namespace

QImage QrEncoder::render(const QByteArray &text, int moduleSize, int quietZone)
{
    if (moduleSize <= 0 || quietZone < 0)
        return {};
    ZXing::BitMatrix matrix;
    try {
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setEccLevel(eccLevelM)
                     .setMargin(0)
                     .encode(std::string(text.constData(), size_t(text.size())), 0, 0);
    } catch (const std::exception &error) {
        qCWarning(lcScanner) << "cannot draw a QR code:" << error.what();
        return {};
    }
    const int modules = matrix.width();
    if (modules <= 0)
        return {};
    const int side = (modules + 2 * quietZone) * moduleSize;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < modules; ++y) {
        for (int x = 0; x < modules; ++x) {
            if (!matrix.get(x, y))
                continue;
            for (int dy = 0; dy < moduleSize; ++dy) {
                uchar *row = image.scanLine((y + quietZone) * moduleSize + dy);
                std::memset(row + qsizetype(x + quietZone) * moduleSize, 0, size_t(moduleSize));
            }
        }
    }
    return image;
}

} // namespace tessera
