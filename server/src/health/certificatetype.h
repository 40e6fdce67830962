#pragma once

#include "protocol/healthwire.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tessera::server {

// What a certificate's bytes are (healthwire::sniffCertificate, shared with the app), and how the
// server names them on the wire and reads a declared Content-Type.
class CertificateType
{
public:
    using Kind = healthwire::CertificateKind;

    static Kind sniff(QByteArrayView bytes) { return healthwire::sniffCertificate(bytes); }
    // "image/png", "image/jpeg", "application/pdf", "text/plain"; empty for None.
    static QString contentType(Kind kind) { return healthwire::certificateContentType(kind); }
    // The record's certificate.kind on the wire: "image", "pdf", "hc1".
    static QString wireKind(Kind kind);
    // The type the Content-Type header declares, when it is one a certificate may have.
    static Kind declared(const QByteArray &contentTypeHeader);
};

} // namespace tessera::server
