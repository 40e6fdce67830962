#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

// What the app and the server agree on about health records (README "Health records"): the fixed
// list of vaccines a dose may name, and what a certificate's bytes are.
namespace tessera::healthwire {

// A vaccine a person may register a dose of: its code in the style of the EU Digital COVID
// Certificate's value set (an EMA product id such as "EU/1/20/1528") and the name people know.
struct Vaccine
{
    QString code;
    QString displayName;
};

// The fixed list (the server refuses any other code with 422).
const QList<Vaccine> &vaccines();
// The display name of code; empty when the code is not on the list.
QString vaccineName(const QString &code);

// What a certificate's bytes are, told by their first bytes (magic numbers), never by a declared
// type alone: a photo (PNG, JPEG), a PDF page, or an EU Digital COVID Certificate's text ("HC1:"
// then base45's alphabet only, a trailing line end allowed).
enum class CertificateKind { None, Png, Jpeg, Pdf, Hc1 };
CertificateKind sniffCertificate(QByteArrayView bytes);
// "image/png", "image/jpeg", "application/pdf", "text/plain"; empty for None.
QString certificateContentType(CertificateKind kind);

} // namespace tessera::healthwire
