#include "media/mediatype.h"

namespace tessera::server {

const QStringList &MediaType::accepted()
{
    static const QStringList types { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
        QStringLiteral("image/gif"), QStringLiteral("image/webp") };
    return types;
}

QString MediaType::sniff(QByteArrayView bytes)
{
    // PNG's 8-byte signature; JPEG's SOI marker followed by a marker; GIF87a or GIF89a; WebP is
    // a RIFF container whose form type (bytes 8..11) is "WEBP".
    static constexpr char png[] = "\x89PNG\r\n\x1a\n";
    if (bytes.startsWith(QByteArrayView(png, 8)))
        return QStringLiteral("image/png");
    if (bytes.startsWith(QByteArrayView("\xff\xd8\xff", 3)))
        return QStringLiteral("image/jpeg");
    if (bytes.startsWith(QByteArrayView("GIF87a")) || bytes.startsWith(QByteArrayView("GIF89a")))
        return QStringLiteral("image/gif");
    if (bytes.size() >= 12 && bytes.startsWith(QByteArrayView("RIFF"))
        && bytes.sliced(8, 4) == QByteArrayView("WEBP"))
        return QStringLiteral("image/webp");
    return {};
}

QString MediaType::essence(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return QString::fromLatin1(semicolon < 0 ? contentType : contentType.left(semicolon))
        .trimmed()
        .toLower();
}

} // namespace tessera::server
