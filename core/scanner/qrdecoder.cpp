#include "scanner/qrdecoder.h"

#include "scanner/scannerlogging.h"

#include <QImage>

#include <ZXing/ReadBarcode.h>
#include <algorithm>
#include <cstdlib>
#include <exception>

namespace tessera {

namespace {

const uchar *pixel(const LumaView &image, int x, int y)
{
    return image.data + qsizetype(y) * image.rowStride + qsizetype(x) * image.pixelStride;
}

} // namespace

QString QrDecoder::Attempt::name() const
{
    QString words;
    switch (view) {
    case View::Whole:
        words = QStringLiteral("whole");
        break;
    case View::Half:
        words = QStringLiteral("half");
        break;
    case View::ThreeQuarters:
        words = QStringLiteral("3/4");
        break;
    case View::SevenEighths:
        words = QStringLiteral("7/8");
        break;
    case View::Region:
        words = QStringLiteral("region %1,%2 %3×%4")
                    .arg(region.x())
                    .arg(region.y())
                    .arg(region.width())
                    .arg(region.height());
        break;
    }
    if (binarizer == Binarizer::GlobalHistogram)
        words += QStringLiteral(", global histogram");
    if (polarity == Polarity::LightOnDark)
        words += QStringLiteral(", inverted");
    return words;
}

QrDecoder::QrDecoder(int maxSymbols)
    : m_maxSymbols(std::clamp(maxSymbols, 1, 255))
{ }

QList<QByteArray> QrDecoder::decode(const LumaView &image, Polarity polarity)
{
    return decode(image, Attempt { View::Whole, polarity, Binarizer::LocalAverage, {} });
}

QList<QByteArray> QrDecoder::decode(const LumaView &image, const Attempt &attempt)
{
    if (!image.isValid())
        return {};
    const LumaView view = viewFor(image, attempt);
    // ZXing's own downscaled retry (a third of the size, for images of 500 pixels and more) only
    // on the whole image, as ZXing does by default: the other views are for small codes.
    const bool whole = view.width == image.width && view.height == image.height;
    return read(view, attempt.binarizer, whole);
}

LumaView QrDecoder::viewFor(const LumaView &image, const Attempt &attempt)
{
    if (!image.isValid())
        return {};
    const bool invert = attempt.polarity == Polarity::LightOnDark;
    switch (attempt.view) {
    case View::Whole:
        break;
    case View::Half:
        if (image.width >= 2 && image.height >= 2)
            return half(image, invert);
        break;
    case View::ThreeQuarters:
    case View::SevenEighths:
        if (image.width >= 2 && image.height >= 2)
            return resampled(image, attempt.view == View::ThreeQuarters ? 6 : 7, invert);
        break;
    case View::Region: {
        const QRect part = attempt.region.intersected(QRect(0, 0, image.width, image.height));
        if (part.isEmpty())
            break;
        const LumaView region { pixel(image, part.x(), part.y()), part.width(), part.height(),
            image.rowStride, image.pixelStride };
        return invert ? inverted(region) : region;
    }
    }
    return invert ? inverted(image) : image;
}

QList<QByteArray> QrDecoder::read(const LumaView &view, Binarizer binarizer, bool tryDownscale)
{
    if (!view.isValid())
        return {};
    const auto hints = ZXing::DecodeHints()
                           .setFormats(ZXing::BarcodeFormat::QRCode)
                           .setMaxNumberOfSymbols(static_cast<uint8_t>(m_maxSymbols))
                           .setTryDownscale(tryDownscale)
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
                QList<QByteArray> texts =
                    decode(view, Attempt { View::Whole, polarity, binarizer, {} });
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
        const uchar *in = pixel(image, 0, y);
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

uchar *QrDecoder::buffer(qsizetype size)
{
    if (m_buffer.size() < size)
        m_buffer.resize(size);
    return reinterpret_cast<uchar *>(m_buffer.data());
}

LumaView QrDecoder::inverted(const LumaView &image)
{
    uchar *out = buffer(qsizetype(image.width) * image.height);
    for (int y = 0; y < image.height; ++y) {
        const uchar *in = pixel(image, 0, y);
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

LumaView QrDecoder::half(const LumaView &image, bool invert)
{
    const int width = image.width / 2;
    const int height = image.height / 2;
    uchar *out = buffer(qsizetype(width) * height);
    const int flip = invert ? 255 : 0;
    const qsizetype step = image.pixelStride;
    for (int y = 0; y < height; ++y) {
        const uchar *top = pixel(image, 0, 2 * y);
        const uchar *bottom = top + image.rowStride;
        uchar *row = out + qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            const qsizetype left = 2 * qsizetype(x) * step;
            const int sum = top[left] + top[left + step] + bottom[left] + bottom[left + step];
            row[x] = uchar(std::abs(flip - ((sum + 2) >> 2)));
        }
    }
    return LumaView { out, width, height, width, 1 };
}

LumaView QrDecoder::resampled(const LumaView &image, int eighths, bool invert)
{
    const int width = qMax(1, image.width * eighths / 8);
    const int height = qMax(1, image.height * eighths / 8);
    uchar *out = buffer(qsizetype(width) * height);
    const int flip = invert ? 255 : 0;

    // The source position of an output pixel's centre, in 1/256 pixels, clamped so that it and
    // its right/lower neighbour are inside the image.
    const auto source = [](int outIndex, int outSize, int inSize) {
        const qint64 position =
            (qint64(2 * outIndex + 1) * inSize * 256) / (2 * qint64(outSize)) - 128;
        return int(std::clamp<qint64>(position, 0, qint64(inSize - 1) * 256 - 1));
    };
    m_columns.resize(std::size_t(width) * 2);
    for (int x = 0; x < width; ++x) {
        const int position = source(x, width, image.width);
        m_columns[2 * std::size_t(x)] = (position >> 8) * image.pixelStride;
        m_columns[2 * std::size_t(x) + 1] = position & 255;
    }
    const qsizetype step = image.pixelStride;
    for (int y = 0; y < height; ++y) {
        const int position = source(y, height, image.height);
        const uchar *top = pixel(image, 0, position >> 8);
        const uchar *bottom = top + image.rowStride;
        const int down = position & 255;
        uchar *row = out + qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            const int offset = m_columns[2 * std::size_t(x)];
            const int right = m_columns[2 * std::size_t(x) + 1];
            const int upper = top[offset] * (256 - right) + top[offset + step] * right;
            const int lower = bottom[offset] * (256 - right) + bottom[offset + step] * right;
            const int value = (upper * (256 - down) + lower * down + 32768) >> 16;
            row[x] = uchar(std::abs(flip - value));
        }
    }
    return LumaView { out, width, height, width, 1 };
}

} // namespace tessera
