#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera::hc1 {

// The EU Digital COVID Certificate's QR text, "HC1:" + base45(zlib(COSE_Sign1)), read into the
// fields of its vaccinations. Only the decoding: the signature is checked by the server with a
// configured issuer key (server/src/health/hc1verifier.h; DESIGN.md decision 17).

// The limits: what a QR code can hold, with room to spare; a bigger text is refused before any
// work.
inline constexpr qsizetype maxTextLength = qsizetype(16) * 1024;
// zlib output cap (qUncompress has none, DESIGN.md decision 17).
inline constexpr qsizetype maxInflatedSize = qsizetype(64) * 1024;
// CBOR items in the COSE message and in its payload, each.
inline constexpr qsizetype maxCborItems = 4096;
inline constexpr int maxVaccinations = 16;
// Text fields (names, codes, issuer, certificate id): the DCC schema's 80, with room to spare.
inline constexpr qsizetype maxFieldLength = 256;
inline constexpr int algorithmEs256 = -7;

// One entry of the certificate's "v" list (DCC schema 1.3 names in brackets).
struct Hc1Vaccination
{
    QString disease; // tg, e.g. "840539006" (COVID-19)
    QString vaccine; // vp, the prophylaxis type
    QString product; // mp, e.g. "EU/1/20/1528"
    QString manufacturer; // ma, e.g. "ORG-100030215"
    int dose = 0; // dn, 1..9
    int doses = 0; // sd, the doses of the series, 1..9
    QDate date; // dt
    QString country; // co, ISO 3166-1 alpha-2
    QString issuer; // is
    QString certificateId; // ci, the UVCI

    friend bool operator==(const Hc1Vaccination &, const Hc1Vaccination &) = default;
};

struct Hc1Certificate
{
    // nam.fn and nam.gn; where a name is absent or empty its standardised form (fnt, gnt) stands.
    QString familyName, givenName;
    // dob; null when the certificate gives only a year or a year and month (the DCC allows it).
    QDate dateOfBirth;
    QList<Hc1Vaccination> vaccinations; // at least one
    QString issuerCountry; // CWT claim 1 (iss), may be empty
    qint64 issuedAt = 0, expiresAt = 0; // CWT claims 6 (iat) and 4 (exp), seconds since 1970
    QByteArray keyId; // COSE kid (protected header, else unprotected), may be empty
    int algorithm = 0; // COSE alg from the protected header (-7 = ES256)
    QByteArray signature; // as in the message (ES256: r || s, 64 bytes)
    // The COSE Sig_structure ["Signature1", protected, h'', payload] the signature covers.
    QByteArray signedBytes;

    // The decoded fields for people and APIs: names, dateOfBirth, vaccinations, issuerCountry,
    // issuedAt and expiresAt (wire time), keyId (base64url); no signature bytes.
    QJsonObject toJson() const;
};

// "HC1:" + base45 + zlib + COSE_Sign1 (tag 18 optional, inside an optional CWT tag 61) + CWT
// claims (hcert claim -260, key 1). Strict and bounded: nullopt with a plain-words reason in error.
std::optional<Hc1Certificate> decode(QByteArrayView text, QString *error = nullptr);

// zlib (RFC 1950) inflate of data to at most maxOutput bytes; nullopt with a reason for a stream
// that is damaged, truncated, followed by other bytes or larger than maxOutput once inflated.
std::optional<QByteArray> inflateCapped(
    QByteArrayView data, qsizetype maxOutput, QString *error = nullptr);

} // namespace tessera::hc1
