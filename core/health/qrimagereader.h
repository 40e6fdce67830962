#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QtPlugin>

namespace tessera {

// Reads the QR codes of one still image (a photo of a health certificate). The decoder (ZXing-cpp)
// lives in the QML plugin `Tessera.QrCodes` (qml/qrcodes, the `QrImageReader` QML type), loaded
// with the pages that draw or read a code, so that neither the app nor a library it loads at
// start links it (docs/PERFORMANCE.md, bench_startup). HealthRecordsModel finds this interface on
// the object the page gives it with qobject_cast (an interface id, not a C++ type shared with the
// plugin); a test may implement it over the scanner's QrDecoder.
class QrImageReader
{
public:
    QrImageReader() = default;
    QrImageReader(const QrImageReader &) = delete;
    QrImageReader &operator=(const QrImageReader &) = delete;
    virtual ~QrImageReader() = default;

    // The contents of the QR codes in image (Format_Grayscale8), as the bytes each code holds;
    // empty when there is none. Both polarities are tried: time matters less than finding it.
    virtual QList<QByteArray> readStill(const QImage &grey) = 0;
};

} // namespace tessera

#define TesseraQrImageReader_iid "org.tessera.QrImageReader/1"
Q_DECLARE_INTERFACE(tessera::QrImageReader, TesseraQrImageReader_iid)
