#include "health/certificatetype.h"

#include <QRegularExpression>

namespace tessera::server {

CertificateType::Kind CertificateType::sniff(QByteArrayView bytes)
{
    if (bytes.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return Kind::Png;
    if (bytes.startsWith(QByteArrayView("\xff\xd8\xff", 3)))
        return Kind::Jpeg;
    if (bytes.startsWith(QByteArrayView("%PDF-")))
        return Kind::Pdf;
    // HC1 text: the prefix, then base45's alphabet only (a trailing line end allowed).
    if (bytes.startsWith(QByteArrayView("HC1:"))) {
        static const QRegularExpression base45(QStringLiteral("^HC1:[0-9A-Z $%*+./:-]+\\r?\\n?$"));
        return base45.match(QString::fromLatin1(bytes)).hasMatch() ? Kind::Hc1 : Kind::None;
    }
    return Kind::None;
}

QString CertificateType::contentType(Kind kind)
{
    switch (kind) {
    case Kind::Png:
        return QStringLiteral("image/png");
    case Kind::Jpeg:
        return QStringLiteral("image/jpeg");
    case Kind::Pdf:
        return QStringLiteral("application/pdf");
    case Kind::Hc1:
        return QStringLiteral("text/plain");
    case Kind::None:
        break;
    }
    return {};
}

QString CertificateType::wireKind(Kind kind)
{
    switch (kind) {
    case Kind::Png:
    case Kind::Jpeg:
        return QStringLiteral("image");
    case Kind::Pdf:
        return QStringLiteral("pdf");
    case Kind::Hc1:
        return QStringLiteral("hc1");
    case Kind::None:
        break;
    }
    return {};
}

CertificateType::Kind CertificateType::declared(const QByteArray &contentTypeHeader)
{
    const QByteArray essence = contentTypeHeader.split(';').constFirst().trimmed().toLower();
    if (essence == "image/png")
        return Kind::Png;
    if (essence == "image/jpeg")
        return Kind::Jpeg;
    if (essence == "application/pdf")
        return Kind::Pdf;
    if (essence == "text/plain")
        return Kind::Hc1;
    return Kind::None;
}

} // namespace tessera::server
