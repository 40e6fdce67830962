// core/p256, the one P-256 piece the client's push receiver and the server's sender share:
// - RFC 8291 Appendix A step by step: both key pairs from their bytes, the ECDH secret from
//   either side, the IKM, content key and nonce (HKDF-SHA256), and AES-128-GCM of the plaintext
//   giving the example's ciphertext byte for byte (and opening it again);
// - keys refused: a point off the curve, at infinity, compressed, of the wrong length, a scalar
//   that does not belong to its point;
// - AES-128-GCM refuses a changed tag or ciphertext, a key or nonce of the wrong length;
// - a fresh key pair agrees with itself (ECDH from both sides).
#include "p256/p256.h"

#include <QTest>

using namespace tessera;

namespace {

QByteArray b64(const char *text)
{
    return QByteArray::fromBase64(QByteArray(text), QByteArray::Base64UrlEncoding);
}

QByteArray withNul(const char *text)
{
    return QByteArray(text).append('\0');
}

// RFC 8291 Appendix A.
const char *const plaintext = "When I grow up, I want to be a watermelon";
const char *const uaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const char *const uaPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const char *const asPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const char *const asPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const char *const authSecret = "BTBZMqHH6r4Tts7J_aSIgg";
const char *const salt = "DGv6ra1nlYgDCS1FRnbzlw";
const char *const ecdhSecret = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
const char *const ikm = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
const char *const cek = "oIhVW04MRdy2XN9CiKLxTg";
const char *const nonce = "4h_95klXJ5E_qnoN";
// The whole message: salt | rs | idlen | as_public | ciphertext.
const char *const rfcBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS"
    "6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qu"
    "lcy4a-fN";
constexpr qsizetype headerBytes = 16 + 4 + 1 + p256::pointBytes;

} // namespace

class TestP256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8291AppendixA()
    {
        const p256::Key ua = p256::keyPair(b64(uaPublic), b64(uaPrivate));
        const p256::Key as = p256::keyPair(b64(asPublic), b64(asPrivate));
        QVERIFY(ua);
        QVERIFY(as);
        QCOMPARE(p256::pointOf(as.get()), b64(asPublic));
        QCOMPARE(p256::scalarOf(as.get()), b64(asPrivate));

        // The same secret from both sides.
        const p256::Key uaPeer = p256::publicKey(b64(uaPublic));
        const p256::Key asPeer = p256::publicKey(b64(asPublic));
        QVERIFY(uaPeer);
        QVERIFY(asPeer);
        const std::optional<QByteArray> sender = p256::ecdh(as.get(), uaPeer.get());
        const std::optional<QByteArray> receiver = p256::ecdh(ua.get(), asPeer.get());
        QVERIFY(sender);
        QVERIFY(receiver);
        QCOMPARE(*sender, b64(ecdhSecret));
        QCOMPARE(*receiver, b64(ecdhSecret));

        const QByteArray keyInfo =
            withNul("WebPush: info").append(b64(uaPublic)).append(b64(asPublic));
        const std::optional<QByteArray> derived =
            p256::hkdfSha256(b64(authSecret), *sender, keyInfo, 32);
        QVERIFY(derived);
        QCOMPARE(*derived, b64(ikm));
        const std::optional<QByteArray> key =
            p256::hkdfSha256(b64(salt), *derived, withNul("Content-Encoding: aes128gcm"), 16);
        const std::optional<QByteArray> iv =
            p256::hkdfSha256(b64(salt), *derived, withNul("Content-Encoding: nonce"), 12);
        QVERIFY(key);
        QVERIFY(iv);
        QCOMPARE(*key, b64(cek));
        QCOMPARE(*iv, b64(nonce));

        const QByteArray expected = b64(rfcBody).mid(headerBytes);
        const std::optional<QByteArray> sealed =
            p256::aes128GcmSeal(*key, *iv, QByteArray(plaintext).append('\x02'));
        QVERIFY(sealed);
        QCOMPARE(*sealed, expected);
        const std::optional<QByteArray> opened = p256::aes128GcmOpen(*key, *iv, expected);
        QVERIFY(opened);
        QCOMPARE(*opened, QByteArray(plaintext).append('\x02'));
    }

    void badKeysRefused()
    {
        const QByteArray point = b64(uaPublic);
        QVERIFY(p256::publicKey(point));
        QVERIFY(p256::isKeyPair(point, b64(uaPrivate)));

        // Off the curve: y changed.
        QByteArray off = point;
        off[64] = char(off.at(64) ^ 0x01);
        QVERIFY(!p256::publicKey(off));
        QVERIFY(!p256::keyPair(off, b64(uaPrivate)));
        // The point at infinity has no uncompressed form; all zeros is not on the curve.
        QByteArray zeros(p256::pointBytes, '\0');
        zeros[0] = 0x04;
        QVERIFY(!p256::publicKey(zeros));
        // Compressed, short, long, empty.
        QByteArray compressed = point.left(33);
        compressed[0] = char(0x02 + (quint8(point.at(64)) & 1));
        QVERIFY(!p256::publicKey(compressed));
        QVERIFY(!p256::publicKey(point.left(64)));
        QVERIFY(!p256::publicKey(point + '\0'));
        QVERIFY(!p256::publicKey({}));
        // A scalar of another key, of the wrong length.
        QVERIFY(!p256::isKeyPair(point, b64(asPrivate)));
        QVERIFY(!p256::keyPair(point, b64(uaPrivate).left(31)));
        QVERIFY(!p256::isKeyPair(point, {}));
        QVERIFY(!p256::ecdh(nullptr, nullptr));
        QVERIFY(p256::pointOf(nullptr).isEmpty());
        QVERIFY(p256::scalarOf(nullptr).isEmpty());
    }

    void gcmRefusesChanges()
    {
        const QByteArray key(16, 'k');
        const QByteArray iv(12, 'n');
        const std::optional<QByteArray> sealed = p256::aes128GcmSeal(key, iv, "approve");
        QVERIFY(sealed);
        QCOMPARE(sealed->size(), 7 + p256::gcmTagBytes);
        QCOMPARE(
            p256::aes128GcmOpen(key, iv, *sealed).value_or(QByteArray()), QByteArray("approve"));
        for (const qsizetype at : { qsizetype(0), sealed->size() - 1 }) {
            QByteArray changed = *sealed;
            changed[at] = char(changed.at(at) ^ 0x80);
            QVERIFY(!p256::aes128GcmOpen(key, iv, changed));
        }
        QVERIFY(!p256::aes128GcmOpen(key, QByteArray(12, 'm'), *sealed));
        QVERIFY(!p256::aes128GcmOpen(key, iv, sealed->left(p256::gcmTagBytes - 1)));
        QVERIFY(!p256::aes128GcmSeal(key.left(15), iv, "x"));
        QVERIFY(!p256::aes128GcmSeal(key, iv.left(11), "x"));
        QVERIFY(!p256::hkdfSha256("salt", "ikm", "info", 0));
    }

    void freshKeysAgree()
    {
        const p256::Key one = p256::generate();
        const p256::Key two = p256::generate();
        QVERIFY(one);
        QVERIFY(two);
        const QByteArray onePoint = p256::pointOf(one.get());
        const QByteArray oneScalar = p256::scalarOf(one.get());
        QCOMPARE(onePoint.size(), p256::pointBytes);
        QCOMPARE(oneScalar.size(), p256::scalarBytes);
        QVERIFY(p256::isKeyPair(onePoint, oneScalar));
        QVERIFY(onePoint != p256::pointOf(two.get()));
        const p256::Key twoPeer = p256::publicKey(p256::pointOf(two.get()));
        const p256::Key onePeer = p256::publicKey(onePoint);
        const std::optional<QByteArray> a = p256::ecdh(one.get(), twoPeer.get());
        const std::optional<QByteArray> b = p256::ecdh(two.get(), onePeer.get());
        QVERIFY(a);
        QVERIFY(b);
        QCOMPARE(a->size(), 32);
        QCOMPARE(*a, *b);
    }
};

QTEST_GUILESS_MAIN(TestP256)
#include "tst_p256.moc"
