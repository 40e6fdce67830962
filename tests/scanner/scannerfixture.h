#pragma once
// Shared by the scanner tests (header only): fixed keys (the seeds of the test vectors), a trust
// list, the two check processes of docs/PASS_FORMAT.md, passes presented as QR text at a fixed
// time, golden images drawn from them, and their luma as the decoder reads it.

#include "protocol/checkprocess.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustlist.h"
#include "scanner/framecycle.h"
#include "scanner/lumaview.h"
#include "scanner/qrdecoder.h"
#include "scanner/qrencoder.h"

#include <QImage>
#include <QJsonDocument>
#include <QPainter>
#include <QRandomGenerator>
#include <QSet>
#include <QTransform>

#include <algorithm>
#include <optional>

namespace scannertest {

using namespace tessera;
using namespace tessera::pass;

inline constexpr qint64 issuedAt = 1'795'939'200; // 2026-11-29T08:00:00Z
inline constexpr qint64 now = 1'795'948'930; // 2026-11-29T10:42:10Z (a step's middle)

inline QByteArray seed(char first)
{
    QByteArray bytes(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        bytes[i] = char(first + i);
    return bytes;
}

inline const KeyPair &issuerKey()
{
    static const KeyPair key = keyPairFromSeed(seed(0x00));
    return key;
}

inline const KeyPair &deviceKey()
{
    static const KeyPair key = keyPairFromSeed(seed(0x60));
    return key;
}

inline TrustList trustList()
{
    TrustList trust;
    trust.add(IssuerKey { QStringLiteral("k2026a"), issuerKey().publicKey, 0, {} });
    return trust;
}

inline CheckProcess process(const char *json)
{
    return CheckProcess::fromJson(QJsonDocument::fromJson(QByteArray(json)).object()).value();
}

inline CheckProcess officeEntry()
{
    return process(R"({"name":"office-entry","title":"Office entry","claim":"office-entry",
        "rule":{"values":{"allowed":{"verdict":"allow"},
        "suspended":{"verdict":"deny","message":"Entry suspended."}}}})");
}

inline CheckProcess medicalCheck()
{
    return process(R"({"name":"medical-check","title":"Medical check","claim":"medical-check",
        "rule":{"values":{"cleared":{"verdict":"allow"},
        "required":{"verdict":"action","action":"Send to medical check"}},
        "otherwise":{"verdict":"action","action":"Send to medical check"}}})");
}

inline PassVerifier verifier(const QSet<QString> &revoked = {})
{
    return PassVerifier(trustList(), revoked);
}

// The QR text of a pass with passId and one office-entry status value (and medical-check
// cleared), presented at time at.
inline QString qrText(
    const QString &passId, const QString &officeEntry = QStringLiteral("allowed"), qint64 at = now)
{
    PassClaims claims;
    claims.issuerKeyId = QStringLiteral("k2026a");
    claims.passId = passId;
    claims.subject = QStringLiteral("E10042");
    claims.initials = QStringLiteral("AR");
    claims.userType = UserType::Employee;
    claims.issuedAt = issuedAt;
    claims.expiresAt = issuedAt + qint64(24) * 3600;
    claims.devicePublicKey = deviceKey().publicKey;
    claims.statuses = { { QStringLiteral("office-entry"), officeEntry, std::nullopt },
        { QStringLiteral("medical-check"), QStringLiteral("cleared"), std::nullopt } };
    const auto signedPass = issuePass(claims, issuerKey().secretKey);
    if (!signedPass)
        return {};
    return presentPass(*signedPass, deviceKey().secretKey, at).value_or(QString());
}

// A QR code of text, dark on light, moduleSize pixels a module, 4 modules of quiet zone.
inline QImage code(const QString &text, int moduleSize = 4)
{
    return QrEncoder::render(text.toUtf8(), moduleSize);
}

// A light frame (1280x720 unless size says otherwise) with image drawn through transform around
// the frame's centre (moved by offset).
inline QImage frameWith(const QImage &image, const QTransform &transform = {},
    QSize size = QSize(1280, 720), uchar background = 255, QPointF offset = {})
{
    QImage frame(size, QImage::Format_Grayscale8);
    frame.fill(background);
    QPainter painter(&frame);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(size.width() / 2.0 + offset.x(), size.height() / 2.0 + offset.y());
    painter.setTransform(transform, true);
    painter.drawImage(QPointF(-image.width() / 2.0, -image.height() / 2.0), image);
    painter.end();
    return frame;
}

inline QImage rotated(const QImage &codeImage, qreal degrees)
{
    return frameWith(codeImage, QTransform().rotate(degrees));
}

// Seen from the side and from above: the square becomes a trapezoid (in a frame as frameWith's).
inline QImage perspective(const QImage &codeImage, QSize size = QSize(1280, 720),
    uchar background = 255, QPointF offset = {})
{
    const qreal w = codeImage.width() / 2.0;
    const qreal h = codeImage.height() / 2.0;
    const QPolygonF square({ QPointF(-w, -h), QPointF(w, -h), QPointF(w, h), QPointF(-w, h) });
    const QPolygonF seen({ QPointF(-w * 0.80, -h * 0.90), QPointF(w * 1.05, -h * 1.10),
        QPointF(w * 1.05, h * 1.10), QPointF(-w * 0.80, h * 0.90) });
    QTransform transform;
    QTransform::quadToQuad(square, seen, transform);
    // frameWith draws the image with its centre at the origin, which the quads are around.
    return frameWith(codeImage, transform, size, background, offset);
}

// A box blur of the given radius, three times over (close to a Gaussian).
inline QImage blurred(const QImage &grey, int radius)
{
    QImage image = grey.convertToFormat(QImage::Format_Grayscale8);
    const int width = image.width();
    const int height = image.height();
    QImage temp(image.size(), QImage::Format_Grayscale8);
    for (int pass = 0; pass < 3; ++pass) {
        for (int y = 0; y < height; ++y) {
            const uchar *in = image.constScanLine(y);
            uchar *out = temp.scanLine(y);
            for (int x = 0; x < width; ++x) {
                int sum = 0;
                int count = 0;
                for (int dx = -radius; dx <= radius; ++dx) {
                    const int sx = x + dx;
                    if (sx >= 0 && sx < width) {
                        sum += in[sx];
                        ++count;
                    }
                }
                out[x] = uchar(sum / count);
            }
        }
        for (int y = 0; y < height; ++y) {
            uchar *out = image.scanLine(y);
            for (int x = 0; x < width; ++x) {
                int sum = 0;
                int count = 0;
                for (int dy = -radius; dy <= radius; ++dy) {
                    const int sy = y + dy;
                    if (sy >= 0 && sy < height) {
                        sum += temp.constScanLine(sy)[x];
                        ++count;
                    }
                }
                out[x] = uchar(sum / count);
            }
        }
    }
    return image;
}

// Uniform noise of +-amplitude on every pixel, from a fixed seed.
inline QImage noisy(const QImage &grey, int amplitude, quint32 seedValue = 7)
{
    QImage image = grey.convertToFormat(QImage::Format_Grayscale8);
    QRandomGenerator random(seedValue);
    for (int y = 0; y < image.height(); ++y) {
        uchar *row = image.scanLine(y);
        for (int x = 0; x < image.width(); ++x) {
            const int value = row[x] + int(random.bounded(2 * amplitude + 1)) - amplitude;
            row[x] = uchar(std::clamp(value, 0, 255));
        }
    }
    return image;
}

// Contrast squeezed into [low, high]: a dim room, a phone at low brightness.
inline QImage dimmed(const QImage &grey, int low, int high)
{
    QImage image = grey.convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < image.height(); ++y) {
        uchar *row = image.scanLine(y);
        for (int x = 0; x < image.width(); ++x)
            row[x] = uchar(low + row[x] * (high - low) / 255);
    }
    return image;
}

// Light on dark (a phone in dark mode).
inline QImage inverted(const QImage &grey)
{
    QImage image = grey.convertToFormat(QImage::Format_Grayscale8);
    image.invertPixels();
    return image;
}

// The code small, in the bottom-right corner of a frame (1280x720 unless size says otherwise).
inline QImage inCorner(
    const QImage &smallCode, QSize size = QSize(1280, 720), uchar background = 255)
{
    QImage frame(size, QImage::Format_Grayscale8);
    frame.fill(background);
    QPainter painter(&frame);
    painter.drawImage(
        QPoint(frame.width() - smallCode.width() - 6, frame.height() - smallCode.height() - 6),
        smallCode);
    painter.end();
    return frame;
}

// A grey image as the decoder's view of it (packed luma).
inline LumaView lumaOf(const QImage &grey)
{
    return LumaView { grey.constBits(), grey.width(), grey.height(), int(grey.bytesPerLine()), 1 };
}

// How many codes a decoder finds in image with the attempts of frames first .. first + count - 1
// of the cycle: what the scanner must find when shown image on those frames.
inline quint64 codesInCycle(const QImage &image, quint64 first, int count)
{
    QrDecoder decoder;
    quint64 codes = 0;
    for (quint64 i = first; i < first + quint64(count); ++i) {
        codes += quint64(
            decoder.decode(lumaOf(image), FrameCycle::attempt(i, image.width(), image.height()))
                .size());
    }
    return codes;
}

} // namespace scannertest
