// Fuzz target over the QR pass decoders and the verifier (docs/PASS_FORMAT.md).
// libFuzzer calls LLVMFuzzerTestOneInput (clang, TESSERA_FUZZ); with any compiler,
// fuzz_driver.cpp replays the seed corpus and deterministic mutations of it as a unit test.
//
// The first input byte picks what the rest is:
//   0: QR text (Latin-1)            1: QR text (UTF-8)
//   2: the QR array's CBOR bytes, sent as "TS1:" + base45 so the CBOR layers get fuzzed
//   3: bytes for the lower decoders (base45, signed pass, payload, trust list and check
//      process JSON), with their round-trip invariants
// Every input must give a verdict or an error; an invariant broken aborts.
#include "fuzztarget.h"
#include "protocol/base45.h"
#include "protocol/checkprocess.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustlist.h"

#include <QCborArray>
#include <QCborValue>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

using namespace tessera;
using namespace tessera::pass;

namespace {

// The scanner's time and keys of the test vectors (tests/data/pass-vectors.json), so that the
// seed corpus (made from those vectors) reaches every check.
constexpr qint64 scannerTime = 1'795'948'930; // 2026-11-29T10:42:10Z

void require(bool condition)
{
    if (!condition)
        std::abort();
}

struct Fixture
{
    PassVerifier verifier { TrustList(), {} };
    QList<CheckProcess> processes;

    Fixture()
    {
        TrustList trust;
        QByteArray seed(32, Qt::Uninitialized);
        for (int i = 0; i < 32; ++i)
            seed[i] = char(i);
        require(trust.add(IssuerKey {
            QStringLiteral("k2026a"), keyPairFromSeed(seed).publicKey, 1'780'272'000, {} }));
        for (int i = 0; i < 32; ++i)
            seed[i] = char(32 + i);
        require(trust.add(IssuerKey { QStringLiteral("k2025b"), keyPairFromSeed(seed).publicKey,
            1'748'736'000, 1'780'272'000 }));
        verifier = PassVerifier(trust, { QStringLiteral("s5Tb0wE3yU8k") });
        const auto list = CheckProcess::listFromJson(QJsonDocument::fromJson(
            QByteArrayLiteral("{\"processes\":["
                              "{\"name\":\"office-entry\",\"title\":\"Office entry\","
                              "\"claim\":\"office-entry\",\"rule\":{\"values\":"
                              "{\"allowed\":{\"verdict\":\"allow\"}}}},"
                              "{\"name\":\"medical-check\",\"title\":\"Medical check\","
                              "\"claim\":\"medical-check\",\"rule\":{\"values\":"
                              "{\"cleared\":{\"verdict\":\"allow\"},"
                              "\"required\":{\"verdict\":\"action\","
                              "\"action\":\"Send to medical check\"}},"
                              "\"otherwise\":{\"verdict\":\"deny\"}}}]}"))
                                                         .object());
        require(list && list->size() == 2);
        processes = *list;
    }
};

void checkVerdict(const Verdict &verdict)
{
    require(!verdict.message.isEmpty());
    require(!verdict.reasonCode().isEmpty());
    if (verdict.kind != VerdictKind::Deny)
        require(verdict.pass.has_value() && verdict.pass->problem().isEmpty());
    if (verdict.kind == VerdictKind::Action)
        require(!verdict.action.isEmpty());
}

void verifyText(const Fixture &fixture, const QString &text)
{
    for (const CheckProcess &process : fixture.processes)
        checkVerdict(fixture.verifier.verify(text, process, scannerTime));
    // A code is accepted only within a step of the scanner's clock.
    const Verdict later =
        fixture.verifier.verify(text, fixture.processes.first(), scannerTime + 90);
    require(later.kind == VerdictKind::Deny);
}

void lowerDecoders(QByteArrayView bytes)
{
    if (const auto decoded = base45::decode(bytes))
        require(base45::encode(*decoded) == bytes);
    require(base45::decode(base45::encode(bytes)) == bytes.toByteArray());
    if (const auto signedPass = decodeSignedPass(bytes)) {
        require(signedPass->signature.size() == 64);
        // Strict CBOR: the one encoding of what was accepted is the input itself.
        require(QCborValue(QCborArray { signedPass->payload, signedPass->signature }).toCbor()
            == bytes);
    }
    if (const auto claims = PassClaims::fromCbor(bytes)) {
        require(claims->problem().isEmpty());
        require(PassClaims::fromCbor(claims->toCbor()) == claims);
        // The decoder is strict (one deterministic encoding): what it accepts encodes back to
        // the very same bytes.
        require(claims->toCbor() == bytes);
    }
    if (bytes.size() <= 4096) {
        const QJsonDocument json = QJsonDocument::fromJson(bytes.toByteArray());
        if (const auto trust = TrustList::fromJson(json.object()))
            require(TrustList::fromJson(trust->toJson()).has_value());
        if (const auto processes = CheckProcess::listFromJson(json.object())) {
            for (const CheckProcess &process : *processes)
                require(CheckProcess::fromJson(process.toJson()) == process);
        }
    }
}

} // namespace

FuzzTarget fuzzTarget()
{
    // CBOR heads and values: lengths of every width, indefinite lengths, tags, simple values.
    return { "fuzz_pass", 4,
        { 0x00, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x40, 0x58, 0x5b, 0x5f, 0x60, 0x7f, 0x80, 0x81,
            0x83, 0x9b, 0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf4, 0xf6, 0xf7, 0xfb, 0xff } };
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const Fixture fixture;
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0:
        verifyText(fixture, QString::fromLatin1(rest));
        break;
    case 1:
        verifyText(fixture, QString::fromUtf8(rest));
        break;
    case 2:
        verifyText(fixture, QLatin1String(qrPrefix) + QString::fromLatin1(base45::encode(rest)));
        break;
    default:
        lowerDecoders(rest);
        break;
    }
    return 0;
}
