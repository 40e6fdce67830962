#pragma once

#include "protocol/passclaims.h"
#include "protocol/passreason.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

namespace tessera::pass {

// The QR pass format, version 1 (docs/PASS_FORMAT.md):
//   payload     = CBOR array of the claims (PassClaims::toCbor)
//   signed pass = CBOR [payload: bstr, issuer signature: bstr(64)]
//                 issuer signature = Ed25519(issuer key, issuerContext || payload)
//   QR text     = "TS1:" + base45(CBOR [signed pass: bstr, step: uint, device signature: bstr(64)])
//                 step = floor(unix time / 30)
//                 device signature = Ed25519(device key, SHA-256(deviceContext || signed pass
//                                                                 || step as 8 bytes big-endian))
inline constexpr char qrPrefix[] = "TS1:";
inline constexpr qint64 timeStepSeconds = 30;
// The alphanumeric capacity of a QR code of version 13 at error correction M: the QR text,
// prefix included, never exceeds it (issuePass refuses claims that would), and the verifier
// refuses longer text before decoding anything.
inline constexpr qsizetype maxQrTextLength = 483;
// Domain separation: each context string is followed by one zero byte.
inline constexpr char issuerContext[] = "tessera-pass-v1-issuer";
inline constexpr char deviceContext[] = "tessera-pass-v1-device";

struct SignedPass
{
    QByteArray payload; // the exact bytes the issuer signed (after the context)
    QByteArray signature;
};

struct QrCode
{
    QByteArray signedPass; // the exact bytes the device signed
    qint64 step = 0;
    QByteArray deviceSignature;
};

// floor(unixSeconds / 30).
qint64 timeStep(qint64 unixSeconds);

// issuerContext, 0x00, payload: what the issuer's Ed25519 signature covers.
QByteArray issuerMessage(QByteArrayView payload);

// SHA-256 over deviceContext, 0x00, signedPass, step (8 bytes, big-endian): what the device's
// Ed25519 signature covers.
QByteArray deviceDigest(QByteArrayView signedPass, qint64 step);

// The server's half: the signed pass bytes for claims, signed with the issuer's 64-byte secret
// key. nullopt (reason in error) for invalid claims, a wrong key size, or claims whose QR text
// would not fit maxQrTextLength.
std::optional<QByteArray> issuePass(
    const PassClaims &claims, QByteArrayView issuerSecretKey, QString *error = nullptr);

// Strictly decodes signed pass bytes into the payload and signature (no signature check).
std::optional<SignedPass> decodeSignedPass(QByteArrayView bytes, QString *error = nullptr);

// The Ed25519 signature of deviceDigest(signedPass, step) with a 64-byte secret key; empty for
// a wrong key size.
QByteArray signDeviceDigest(QByteArrayView signedPass, qint64 step, QByteArrayView secretKey);

// "TS1:" + base45 of the QR array.
QString encodeQr(const QrCode &code);

// The app's half: the QR text to show at time nowUnix (seconds). nullopt (reason in error) when
// the bytes are not a signed pass or the secret key is not the pass's device key.
std::optional<QString> presentPass(QByteArrayView signedPass, QByteArrayView deviceSecretKey,
    qint64 nowUnix, QString *error = nullptr);

// Strictly decodes QR text (no signature checks): the length is bounded before anything else.
// On failure: reason TooLong, WrongPrefix or Malformed, with details in detail.
std::optional<QrCode> decodeQr(
    QStringView text, Reason *reason = nullptr, QString *detail = nullptr);

} // namespace tessera::pass
