#include "qrdecoder.h"

#include "scannerlogging.h"

#include <QImage>

#include <ZXing/ReadBarcode.h>
#include <algorithm>
#include <exception>

namespace tessera {

QrDecoder::QrDecoder(int maxSymbols)
    : m_maxSymbols(std::clamp(maxSymbols, 1, 255))
{ }

QList<QByteArray> QrDecoder::decode(const LumaView &image, Polarity polarity)
{
    return read(image, polarity, Binarizer::LocalAverage);
}

QList<QByteArray> QrDecoder::read(const LumaView &image, Polarity polarity, Binarizer binarizer)
{
    if (!image.isValid())
        return {};
    const LumaView view = polarity == Polarity::LightOnDark ? inverted(image) : image;

    const auto hints = ZXing::DecodeHints()
                           .setFormats(ZXing::BarcodeFormat::QRCode)
                           .setMaxNumberOfSymbols(static_cast<uint8_t>(m_maxSymbols))
                           .setBinarizer(binarizer == Binarizer::GlobalHistogram
                                   ? ZXing::Binarizer::GlobalHistogram
                                   : ZXing::Binarizer::LocalAverage);
    const ZXing::ImageView zxView(view.data, view.width, view.height, ZXing::ImageFormat::Lum,
        view.rowStride, view.pixelStride);

    QList<QByteArray> texts;
    try {
        const ZXing::Results results = ZXing::ReadBarcodes(zxView, hints);
        for (const ZXing::Result &result : results) {
            if (!result.isValid() || result.format() != ZXing::BarcodeFormat::QRCode)
                continue;
            // The decoded text, never trimmed (base45 has spaces). ZXing gives it as UTF-8.
            const std::string text = result.text();
            texts.append(QByteArray(text.data(), static_cast<qsizetype>(text.size())));
        }
    } catch (const std::exception &error) {
        // ZXing-cpp throws only for images it cannot take (e.g. larger than 65535 pixels).
        qCWarning(lcScanner) << "QR decoder refused an image:" << error.what();
    }
    return texts;
}

QList<QByteArray> QrDecoder::decodeStill(const LumaView &image)
{
    if (!image.isValid())
        return {};
    const auto attempts = [this](const LumaView &view) {
        for (const Polarity polarity : { Polarity::DarkOnLight, Polarity::LightOnDark }) {
            for (const Binarizer binarizer :
                { Binarizer::LocalAverage, Binarizer::GlobalHistogram }) {
                QList<QByteArray> texts = read(view, polarity, binarizer);
                if (!texts.isEmpty())
                    return texts;
            }
        }
        return QList<QByteArray>();
    };
    QList<QByteArray> texts = attempts(image);
    if (!texts.isEmpty())
        return texts;

    // A packed grey copy, scaled up by 1.25 with smoothing.
    QImage grey(image.width, image.height, QImage::Format_Grayscale8);
    for (int y = 0; y < image.height; ++y) {
        const uchar *in = image.data + qsizetype(y) * image.rowStride;
        uchar *out = grey.scanLine(y);
        for (int x = 0; x < image.width; ++x)
            out[x] = in[qsizetype(x) * image.pixelStride];
    }
    const QImage larger =
        grey.scaled(grey.size() * 5 / 4, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    grey = QImage();
    return attempts(LumaView {
        larger.constBits(), larger.width(), larger.height(), int(larger.bytesPerLine()), 1 });
}

LumaView QrDecoder::inverted(const LumaView &image)
{
    const qsizetype size = qsizetype(image.width) * image.height;
    if (m_invertedBuffer.size() < size)
        m_invertedBuffer.resize(size);
    auto *out = reinterpret_cast<uchar *>(m_invertedBuffer.data());
    for (int y = 0; y < image.height; ++y) {
        const uchar *in = image.data + qsizetype(y) * image.rowStride;
        uchar *row = out + qsizetype(y) * image.width;
        if (image.pixelStride == 1) {
            for (int x = 0; x < image.width; ++x)
                row[x] = uchar(255 - in[x]);
        } else {
            for (int x = 0; x < image.width; ++x)
                row[x] = uchar(255 - in[qsizetype(x) * image.pixelStride]);
        }
    }
    return LumaView { out, image.width, image.height, image.width, 1 };
}

} // namespace tessera
