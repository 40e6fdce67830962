#include "qrimagereaderitem.h"

#include "scanner/lumaview.h"
#include "scanner/qrdecoder.h"

namespace tessera {

QrImageReaderItem::QrImageReaderItem(QObject *parent)
    : QObject(parent)
{ }

QList<QByteArray> QrImageReaderItem::readStill(const QImage &grey)
{
    if (grey.isNull() || grey.format() != QImage::Format_Grayscale8)
        return {};
    const LumaView view { grey.constBits(), grey.width(), grey.height(), int(grey.bytesPerLine()),
        1 };
    QrDecoder decoder;
    return decoder.decodeStill(view);
}

} // namespace tessera
