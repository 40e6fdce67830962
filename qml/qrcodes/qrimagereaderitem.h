#pragma once

#include "health/qrimagereader.h"

#include <QObject>
#include <QtQmlIntegration>

namespace tessera {

// `QrImageReader` (import Tessera.QrCodes): the health page's reader of a certificate's QR code in
// a photo, in the plugin loaded with the page. The page gives it to
// HealthRecords.hc1FromImage(path, reader), which checks and loads the file and finds this
// interface with qobject_cast; the decoding is the scanner's QrDecoder::decodeStill (ZXing-cpp).
class QrImageReaderItem : public QObject, public QrImageReader
{
    Q_OBJECT
    Q_INTERFACES(tessera::QrImageReader)
    QML_NAMED_ELEMENT(QrImageReader)

public:
    explicit QrImageReaderItem(QObject *parent = nullptr);

    QList<QByteArray> readStill(const QImage &grey) override;
};

} // namespace tessera
