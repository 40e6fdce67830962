#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tessera::server {

// What a certificate's bytes are, told by their first bytes (magic numbers), never by the
// Content-Type alone: a photo (PNG, JPEG), a PDF page, or an EU Digital COVID Certificate's
// text ("HC1:" and base45).
class CertificateType
{
public:
    enum class Kind { None, Png, Jpeg, Pdf, Hc1 };

    static Kind sniff(QByteArrayView bytes);
    // "image/png", "image/jpeg", "application/pdf", "text/plain"; empty for None.
    static QString contentType(Kind kind);
    // The record's certificate.kind on the wire: "image", "pdf", "hc1".
    static QString wireKind(Kind kind);
    // The type the Content-Type header declares, when it is one a certificate may have.
    static Kind declared(const QByteArray &contentTypeHeader);
};

} // namespace tessera::server
