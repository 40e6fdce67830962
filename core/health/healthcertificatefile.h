#pragma once

#include "protocol/healthwire.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace tessera {

class QrImageReader;

// A certificate ready for PUT /v1/health-records/{id}/certificate, checked before anything is
// sent as the server checks it: a photo (PNG, JPEG) or a PDF told by its bytes, at most 5 MiB (the
// file's size is looked at before it is read), or an EU Digital COVID Certificate's text ("HC1:"
// in base45's alphabet) that protocol/hc1 decodes.
struct HealthCertificateFile
{
    static constexpr qsizetype maxBytes = qsizetype(5) * 1024 * 1024;

    using Kind = healthwire::CertificateKind;

    Kind kind = Kind::None;
    QByteArray bytes;

    // The Content-Type of the upload.
    QByteArray contentType() const;

    // The kind bytes are, by their first bytes (an HC1 text by its prefix and alphabet).
    static Kind sniff(QByteArrayView bytes);
    // A file the person chose (a local path or a file: URL).
    static std::optional<HealthCertificateFile> fromFile(
        const QString &pathOrUrl, QString *problem);
    // An HC1 text the person pasted: spaces and line ends around it dropped, then decoded.
    static std::optional<HealthCertificateFile> fromHc1Text(const QString &text, QString *problem);
    // The HC1 text of a QR code in an image file (PNG or JPEG, checked and loaded here; the codes
    // read by reader, the plugin Tessera.QrCodes' decoder), or nullopt.
    static std::optional<QString> hc1FromImage(
        const QString &pathOrUrl, QrImageReader &reader, QString *problem);
    // A local path from what the person typed or a picker gave (file: URL or path).
    static QString localPath(const QString &pathOrUrl);
};

} // namespace tessera
