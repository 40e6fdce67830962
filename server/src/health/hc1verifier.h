#pragma once

#include "protocol/hc1.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace tessera::server {

// What the server can say about an HC1 code's signature (DESIGN.md decision 17).
enum class Hc1Signature {
    NotChecked, // no issuer key is configured, none is usable, or the algorithm is not ES256
    Valid, // an issuer key verifies the signature over the Sig_structure
    Invalid, // ES256, but no configured key verifies it (forged, altered or another issuer's)
};

// Checks certificate's ES256 signature (COSE alg -7, the raw 64-byte r || s) over its
// signedBytes with each issuer key (P-256 SubjectPublicKeyInfo DER) until one verifies; the COSE
// key id is not used to pick a key (an EU kid is a hash of the issuer's certificate, which a bare
// public key does not have). Any other algorithm (the DCC's PS256, -37, included) gives
// NotChecked: it is not evidence of a forgery, only beyond this server. Why, in plain words, in
// reason when given.
Hc1Signature verifyHc1(const hc1::Hc1Certificate &certificate,
    const QList<QByteArray> &issuerKeysDer, QString *reason = nullptr);

// The issuer keys of a PEM text (the server's --hc1-issuer-key FILE): every PUBLIC KEY block and
// the public key of every CERTIFICATE block (a DCC signer's certificate), as P-256
// SubjectPublicKeyInfo DER. nullopt with the reason for a text without any, or with a key that is
// not P-256.
std::optional<QList<QByteArray>> readHc1IssuerKeys(const QByteArray &pem, QString *error = nullptr);

// The name of the answer for JSON and logs: "not_checked", "valid", "invalid".
QString hc1SignatureName(Hc1Signature signature);

} // namespace tessera::server
