#include "health/certificatetype.h"

namespace tessera::server {

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
