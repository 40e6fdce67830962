// Fuzz target over the HC1 decoder (core/protocol/hc1) and the server's ES256 check
// (server/src/health/hc1verifier). libFuzzer calls LLVMFuzzerTestOneInput (clang, TESSERA_FUZZ);
// with any compiler, fuzz_driver.cpp replays corpus-hc1/ (seeds written by
// tests/data/make_hc1_vectors.py --corpus) and deterministic mutations of it as a unit test.
//
// The first input byte picks what the rest is:
//   0: the QR text ("HC1:..." as scanned)
//   1: the COSE message's CBOR, sent as "HC1:" + base45(zlib(rest)) so the CBOR layers get fuzzed
//   2: the CWT claims' CBOR, put in a COSE_Sign1 with an ES256 header and sent the same way
//   3: bytes for the capped zlib inflate alone
// Every input must give a certificate or a reason; an invariant broken aborts.
#include "fuzztarget.h"
#include "health/hc1verifier.h"
#include "protocol/base45.h"
#include "protocol/hc1.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>

#include <cstdint>
#include <cstdlib>

using namespace tessera;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

// A P-256 public key (SubjectPublicKeyInfo DER) no fuzzed input is signed with.
const QByteArray issuerKey = QByteArray::fromHex(
    "3059301306072a8648ce3d020106082a8648ce3d030107034200046d1e8813db96362728c84bc567ca877632e5f3"
    "fef36aaf7b9d1564e919c655f37dd88398057cc8f73b7481e7506f1be9a6d0cfdec32c184ed8856673b0497446");

QByteArray codeOf(QByteArrayView message)
{
    // qCompress writes a 4-byte length, then a zlib stream.
    return QByteArrayLiteral("HC1:") + base45::encode(qCompress(message.toByteArray()).sliced(4));
}

void checkCertificate(const hc1::Hc1Certificate &certificate)
{
    require(!certificate.familyName.isEmpty());
    require(certificate.familyName.size() <= hc1::maxFieldLength);
    require(!certificate.vaccinations.isEmpty());
    require(certificate.vaccinations.size() <= hc1::maxVaccinations);
    for (const hc1::Hc1Vaccination &v : certificate.vaccinations) {
        require(v.dose >= 1 && v.dose <= 9 && v.doses >= 1 && v.doses <= 9);
        require(v.date.isValid() && v.country.size() == 2);
    }
    require(!certificate.signature.isEmpty() && certificate.signature.size() <= 1024);
    require(certificate.signedBytes.startsWith(QByteArrayLiteral("\x84\x6aSignature1")));
    require(!certificate.toJson().isEmpty());
    QString reason;
    const auto answer = server::verifyHc1(certificate, { issuerKey }, &reason);
    require(answer != server::Hc1Signature::Valid && !reason.isEmpty());
    require(server::verifyHc1(certificate, {}) == server::Hc1Signature::NotChecked);
}

void decodeText(QByteArrayView text)
{
    QString error;
    const auto certificate = hc1::decode(text, &error);
    if (!certificate) {
        require(!error.isEmpty());
        return;
    }
    checkCertificate(*certificate);
    // Decoding is a function of the text.
    const auto again = hc1::decode(text);
    require(again && again->toJson() == certificate->toJson()
        && again->signedBytes == certificate->signedBytes);
}

void inflateOnly(QByteArrayView bytes)
{
    QString error;
    const auto inflated = hc1::inflateCapped(bytes, hc1::maxInflatedSize, &error);
    require(inflated ? inflated->size() <= hc1::maxInflatedSize : !error.isEmpty());
    // What inflates under the cap also inflates under a bigger one, to the same bytes.
    if (inflated)
        require(hc1::inflateCapped(bytes, hc1::maxInflatedSize * 2) == inflated);
}

} // namespace

FuzzTarget fuzzTarget()
{
    // CBOR heads (negative keys, tags 18 and 61, byte strings), zlib header bytes, base45.
    return { "fuzz_hc1", 4,
        { 0x00, 0x01, 0x04, 0x18, 0x19, 0x1f, 0x26, 0x39, 0x40, 0x48, 0x58, 0x5f, 0x60, 0x78, 0x84,
            0x9c, 0x9f, 0xa0, 0xa1, 0xbf, 0xd2, 0xd8, 0x3d, 0xda, 0xff, '$', '%', ':', 'H' } };
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0:
        decodeText(rest);
        break;
    case 1:
        decodeText(codeOf(rest));
        break;
    case 2: {
        const QByteArray protectedHeader =
            QCborMap { { 1, hc1::algorithmEs256 } }.toCborValue().toCbor();
        const QCborValue message(QCborTag(18),
            QCborArray { protectedHeader, QCborMap(), rest.toByteArray(), QByteArray(64, '\x01') });
        decodeText(codeOf(message.toCbor()));
        break;
    }
    default:
        inflateOnly(rest);
        break;
    }
    return 0;
}
