// The client's push module alone: the RFC 8291 receiver (core/push's
// WebPushDecryptor) on the RFC's Appendix A example and on every malformed body, round trips
// with the server's own sender (WebPushCrypto::encrypt); the push message read strictly
// (PushMessage); the push keys in the secret store (PushKeyStore): made once, kept, made again
// for a new device key, never made when the store cannot be read.
#include "identity/devicekey.h"
#include "push/pushkeys.h"
#include "push/pushmessage.h"
#include "push/webpushcrypto.h"
#include "push/webpushdecryptor.h"
#include "storage/memorysecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace tessera;
using tessera::server::WebPushCrypto;

namespace {

QByteArray b64(const char *text)
{
    return QByteArray::fromBase64(QByteArray(text), QByteArray::Base64UrlEncoding);
}

// RFC 8291 Appendix A.
const QByteArray rfcPlaintext("When I grow up, I want to be a watermelon");
QByteArray rfcPrivate()
{
    return b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94");
}
QByteArray rfcPublic()
{
    return b64(
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
}
QByteArray rfcAuth()
{
    return b64("BTBZMqHH6r4Tts7J_aSIgg");
}
QByteArray rfcBody()
{
    return b64(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLoc"
        "InmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWL"
        "VWGNWQexSgSxsj_Qulcy4a-fN");
}

struct Obtained
{
    SecretResult failure;
    PushKeys keys;
};

Obtained obtain(PushKeyStore &store)
{
    std::optional<Obtained> result;
    store.obtain([&result](const SecretResult &failure, const PushKeys &keys) {
        result = Obtained { failure, keys };
    });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        return {};
    return *result;
}

} // namespace

class TestPushDecrypt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc8291AppendixA()
    {
        QCOMPARE(rfcBody().size(), 144);
        QVERIFY(WebPushDecryptor::isKeyPair(rfcPrivate(), rfcPublic()));
        const WebPushDecryptor decryptor(rfcPrivate(), rfcPublic(), rfcAuth());
        QString reason;
        const std::optional<QByteArray> plaintext = decryptor.decrypt(rfcBody(), &reason);
        QVERIFY2(plaintext, qPrintable(reason));
        QCOMPARE(*plaintext, rfcPlaintext);
    }

    // Bodies made for the RFC's receiver keys by an independent RFC 8188 encoder (Python's
    // cryptography package, once): zero padding after the delimiter is taken; a record whose
    // delimiter is 0x01 (not the last) or that has none is refused.
    void paddingDelimiter()
    {
        const WebPushDecryptor decryptor(rfcPrivate(), rfcPublic(), rfcAuth());
        QString reason;
        const std::optional<QByteArray> padded = decryptor.decrypt(
            b64("HUXkPLXiIXjr_8upyh3ziwAAEABBBNXPb_KZKyWvfoxNuWxDMoFqKxIqFhAF-eDQy_"
                "0mXicYS8ZF83R8h1hFMiU6A9OkscK2CTjXT4PQgwuLFvs5Jg-q4j6nv-1QIXLZSV"
                "jwIYsoP3v4HrGs3fFY6Q4"),
            &reason);
        QVERIFY2(padded, qPrintable(reason));
        QCOMPARE(*padded, QByteArray("padded"));
        QVERIFY(
            !decryptor.decrypt(b64("KW8d8Z0jtu0r7hzWxohoWAAAEABBBMRNvjOoDhcg0EG03bQGNWSVfrNDgbUMu"
                                   "LmwekgNwvEFAUaAIW-jtSzP1aSB_OYUqB5UP5Oi040pUuQxwpW6ODYZEJdyT"
                                   "avr5YrmHL_uROKqmGxBBwX0VhaC"),
                &reason));
        QCOMPARE(reason, QStringLiteral("the record has no last-record delimiter"));
        reason.clear();
        QVERIFY(
            !decryptor.decrypt(b64("ycFCLRa5LdzeGK4jmJHXgQAAEABBBI4LVGiGjJEfdbnr4ZfJXR-XMw2BnZyK7M"
                                   "Ae8ujrMW5e9DMkT_uzpjfeFrNzVgEj6LhZmObNZoJuaWMlj3UdkorqLEKFC-Z_"
                                   "03kzxaVOcqXsG_5M"),
                &reason));
        QCOMPARE(reason, QStringLiteral("the record has no last-record delimiter"));
    }

    void roundTripWithTheServersSender()
    {
        const auto [privateKey, publicKey] = WebPushDecryptor::generateKeyPair();
        QCOMPARE(privateKey.size(), 32);
        QCOMPARE(publicKey.size(), 65);
        QVERIFY(WebPushDecryptor::isKeyPair(privateKey, publicKey));
        QVERIFY(WebPushCrypto::isP256Point(publicKey));
        const QByteArray auth = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        const WebPushDecryptor decryptor(privateKey, publicKey, auth);
        for (const QByteArray &text :
            { QByteArray("{\"id\":\"ntf_x\"}"), QByteArray(), QByteArray(2048, 'z') }) {
            const std::optional<QByteArray> body = WebPushCrypto::encrypt(text, publicKey, auth);
            QVERIFY(body);
            QString reason;
            const std::optional<QByteArray> plaintext = decryptor.decrypt(*body, &reason);
            QVERIFY2(plaintext, qPrintable(reason));
            QCOMPARE(*plaintext, text);
        }
        // Another device's keys, or the right key with another auth secret: nothing.
        const auto [otherPrivate, otherPublic] = WebPushDecryptor::generateKeyPair();
        const std::optional<QByteArray> forOther =
            WebPushCrypto::encrypt("secret", otherPublic, auth);
        QVERIFY(forOther);
        QString reason;
        QVERIFY(!decryptor.decrypt(*forOther, &reason));
        QCOMPARE(reason, QStringLiteral("the tag does not match"));
        const std::optional<QByteArray> otherAuth =
            WebPushCrypto::encrypt("secret", publicKey, QByteArray(16, 'a'));
        QVERIFY(otherAuth);
        QVERIFY(!decryptor.decrypt(*otherAuth));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        const QByteArray good = rfcBody();
        QTest::newRow("empty") << QByteArray() << "the push is shorter than its header";
        QTest::newRow("short header") << good.left(WebPushDecryptor::headerBytes - 1)
                                      << "the push is shorter than its header";
        QTest::newRow("header only")
            << good.left(WebPushDecryptor::headerBytes) << "the record is shorter than its tag";
        QByteArray idlen = good;
        idlen[20] = char(64);
        QTest::newRow("idlen 64") << idlen << "the key id is not a 65-byte P-256 point";
        idlen[20] = char(0);
        QTest::newRow("idlen 0") << idlen << "the key id is not a 65-byte P-256 point";
        QByteArray offCurve = good;
        offCurve[21 + 64] = char(offCurve.at(21 + 64) ^ 0x01);
        QTest::newRow("point off the curve")
            << offCurve << "the sender's key is not a point on P-256";
        QByteArray compressed = good;
        compressed[21] = char(0x02);
        QTest::newRow("not an uncompressed point")
            << compressed << "the sender's key is not a point on P-256";
        QByteArray smallRs = good;
        smallRs[16] = smallRs[17] = smallRs[18] = char(0);
        smallRs[19] = char(17);
        QTest::newRow("rs 17") << smallRs << "the record size is too small";
        QByteArray twoRecords = good;
        twoRecords[18] = char(0);
        twoRecords[19] = char(40); // the 58-byte record does not fit: a second one follows
        QTest::newRow("more than one record") << twoRecords << "the push has more than one record";
        QByteArray tag = good;
        tag[tag.size() - 1] = char(tag.at(tag.size() - 1) ^ 0x01);
        QTest::newRow("tag mismatch") << tag << "the tag does not match";
        QByteArray cipher = good;
        cipher[WebPushDecryptor::headerBytes] = char(cipher.at(WebPushDecryptor::headerBytes) ^ 1);
        QTest::newRow("ciphertext changed") << cipher << "the tag does not match";
        QByteArray salt = good;
        salt[0] = char(salt.at(0) ^ 0x01);
        QTest::newRow("salt changed") << salt << "the tag does not match";
        QTest::newRow("truncated") << good.left(good.size() - 1) << "the tag does not match";
        QTest::newRow("over 4 KiB") << good + QByteArray(WebPushDecryptor::maxBodyBytes, 'x')
                                    << "the push is larger than 4096 bytes";
    }

    void malformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        const WebPushDecryptor decryptor(rfcPrivate(), rfcPublic(), rfcAuth());
        QString why;
        QVERIFY(!decryptor.decrypt(body, &why));
        QCOMPARE(why, reason);
    }

    void withoutKeys()
    {
        const WebPushDecryptor none({}, {}, {});
        QString why;
        QVERIFY(!none.decrypt(rfcBody(), &why));
        QCOMPARE(why, QStringLiteral("no push keys"));
        QVERIFY(!WebPushDecryptor::isKeyPair(rfcPrivate(), rfcBody().mid(21, 65)));
        QVERIFY(!WebPushDecryptor::isKeyPair(QByteArray(32, '\0'), rfcPublic()));
    }

    void message_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        const QByteArray id = "ntf_AbCdEfGhIjKlMnOpQrStUv";
        QTest::newRow("full") << QByteArray("{\"id\":\"" + id
            + "\",\"title\":\"Leave request\",\"actions\":[{\"id\":\"approve\","
              "\"label\":\"Approve\"},{\"id\":\"reject\",\"label\":\"Reject\"}]}")
                              << true;
        QTest::newRow("hint") << QByteArray("{\"id\":\"" + id + "\"}") << true;
        QTest::newRow("no actions")
            << QByteArray("{\"id\":\"" + id + "\",\"title\":\"t\",\"actions\":[]}") << true;
        QTest::newRow("not JSON") << QByteArray("{\"id\"") << false;
        QTest::newRow("array") << QByteArray("[]") << false;
        QTest::newRow("no id") << QByteArray("{\"title\":\"t\"}") << false;
        QTest::newRow("bad id") << QByteArray("{\"id\":\"../../etc\"}") << false;
        QTest::newRow("id a number") << QByteArray("{\"id\":5}") << false;
        QTest::newRow("extra field")
            << QByteArray("{\"id\":\"" + id + "\",\"title\":\"t\",\"body\":\"b\"}") << false;
        QTest::newRow("title with a line break")
            << QByteArray("{\"id\":\"" + id + "\",\"title\":\"a\\nb\"}") << false;
        QTest::newRow("title too long")
            << QByteArray("{\"id\":\"" + id + "\",\"title\":\"" + QByteArray(1025, 'a') + "\"}")
            << false;
        QTest::newRow("empty title")
            << QByteArray("{\"id\":\"" + id + "\",\"title\":\"\"}") << false;
        QTest::newRow("unknown action") << QByteArray("{\"id\":\"" + id
            + "\",\"title\":\"t\",\"actions\":[{\"id\":\"delete\",\"label\":\"x\"}]}")
                                        << false;
        QTest::newRow("action twice") << QByteArray("{\"id\":\"" + id
            + "\",\"title\":\"t\",\"actions\":[{\"id\":\"approve\",\"label\":\"x\"},"
              "{\"id\":\"approve\",\"label\":\"x\"}]}")
                                      << false;
        QTest::newRow("action with a url") << QByteArray("{\"id\":\"" + id
            + "\",\"title\":\"t\",\"actions\":[{\"id\":\"approve\",\"label\":\"x\","
              "\"url\":\"https://x\"}]}") << false;
    }

    void message()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QString reason;
        const std::optional<PushMessage> parsed = PushMessage::parse(text, &reason);
        QCOMPARE(parsed.has_value(), valid);
        if (!valid) {
            QVERIFY(!reason.isEmpty());
            QVERIFY(!reason.contains(QStringLiteral("etc")));
            return;
        }
        QCOMPARE(parsed->itemId, QStringLiteral("ntf_AbCdEfGhIjKlMnOpQrStUv"));
        if (QByteArray(QTest::currentDataTag()) == "full") {
            QCOMPARE(parsed->title, QStringLiteral("Leave request"));
            QCOMPARE(parsed->actions.size(), 2);
            QCOMPARE(parsed->actions.at(1).id, QStringLiteral("reject"));
            QCOMPARE(parsed->actions.at(0).label, QStringLiteral("Approve"));
        }
        QCOMPARE(parsed->hint, QByteArray(QTest::currentDataTag()) == "hint");
    }

    void keysMadeOnceAndFollowTheDeviceKey()
    {
        MemorySecretStore secrets;
        PushKeyStore store(secrets);
        // No device key yet: nothing is made.
        Obtained none = obtain(store);
        QCOMPARE(none.failure.outcome, SecretOutcome::NotFound);
        QVERIFY(!none.keys.isValid());
        QCOMPARE(
            secrets.read(PushKeyStore::secretName()).result().outcome, SecretOutcome::NotFound);

        QVERIFY(
            secrets.write(DeviceKey::secretName(), DeviceKey::generate().secretKey).result().outcome
            == SecretOutcome::Ok);
        const Obtained first = obtain(store);
        QCOMPARE(first.failure.outcome, SecretOutcome::Ok);
        QVERIFY(first.keys.isValid());
        const SecretResult stored = secrets.read(PushKeyStore::secretName()).result();
        QCOMPARE(stored.outcome, SecretOutcome::Ok);
        QVERIFY(stored.value.size() <= SecretStore::maxSecretBytes);
        // Kept: the same keys again (another store object, as after a restart).
        PushKeyStore again(secrets);
        const Obtained second = obtain(again);
        QCOMPARE(second.keys.publicKey, first.keys.publicKey);
        QCOMPARE(second.keys.auth, first.keys.auth);
        QCOMPARE(second.keys.privateKey, first.keys.privateKey);

        // The keychain cannot be read: a failure, and the stored keys stay as they are.
        secrets.setFailure(SecretOutcome::Unavailable);
        const Obtained unavailable = obtain(store);
        QCOMPARE(unavailable.failure.outcome, SecretOutcome::Unavailable);
        QVERIFY(!unavailable.keys.isValid());
        secrets.setFailure(SecretOutcome::Ok);
        QCOMPARE(secrets.read(PushKeyStore::secretName()).result().value, stored.value);
        QCOMPARE(obtain(store).keys.publicKey, first.keys.publicKey);

        // A new device key: new push keys.
        QVERIFY(
            secrets.write(DeviceKey::secretName(), DeviceKey::generate().secretKey).result().outcome
            == SecretOutcome::Ok);
        const Obtained renewed = obtain(store);
        QVERIFY(renewed.keys.isValid());
        QVERIFY(renewed.keys.publicKey != first.keys.publicKey);
        QVERIFY(renewed.keys.auth != first.keys.auth);

        // A stored value that is no record: new keys (not a crash).
        QVERIFY(secrets.write(PushKeyStore::secretName(), QByteArray(130, 'x')).result().outcome
            == SecretOutcome::Ok);
        QVERIFY(obtain(store).keys.isValid());
        QVERIFY(store.remove().result().outcome == SecretOutcome::Ok);
        QCOMPARE(
            secrets.read(PushKeyStore::secretName()).result().outcome, SecretOutcome::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestPushDecrypt)
#include "tst_push_decrypt.moc"
