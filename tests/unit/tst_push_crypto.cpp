// Web Push crypto: RFC 8291 Appendix A reproduced byte for byte, the P-256 point
// check, the payload's 2 KiB bound, the collapse id, and VAPID's ES256 JWT (raw r||s) checked
// with libcrypto's own verifier.
#include "push/fcmtransport.h"
#include "push/pushhttp.h"
#include "push/pushqueue.h"
#include "push/pushsender.h"
#include "push/vapidkey.h"
#include "push/webpushcrypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace tessera::server;

namespace {

QByteArray b64(const char *text)
{
    return QByteArray::fromBase64(QByteArray(text), QByteArray::Base64UrlEncoding);
}

QByteArray toB64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// RFC 8291 Appendix A.
const char *const plaintext = "When I grow up, I want to be a watermelon";
const char *const asPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const char *const asPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const char *const uaPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const char *const authSecret = "BTBZMqHH6r4Tts7J_aSIgg";
const char *const salt = "DGv6ra1nlYgDCS1FRnbzlw";
const char *const rfcBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS"
    "6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qu"
    "lcy4a-fN";

QByteArray newPem()
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, length);
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

// Verifies a raw r||s ES256 signature with libcrypto, from the PEM's key.
bool verifies(const QByteArray &pem, const QByteArray &input, const QByteArray &raw)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.constData());
    ECDSA_SIG_set0(sig, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
    unsigned char *der = nullptr;
    const int derLength = i2d_ECDSA_SIG(sig, &der);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(ctx, der, size_t(derLength),
               reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    EVP_PKEY_free(key);
    return ok;
}

PushQueue::Due due(const QString &title, const QJsonArray &actions = {})
{
    PushQueue::Due item;
    item.itemId = QStringLiteral("ntf_abcdefghijklmnop");
    item.title = title;
    item.actions = actions;
    return item;
}

} // namespace

class TestPushCrypto : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc8291AppendixA()
    {
        const auto body = WebPushCrypto::encryptWith(QByteArray(plaintext), b64(uaPublic),
            b64(authSecret), b64(asPrivate), b64(asPublic), b64(salt));
        QVERIFY(body);
        QCOMPARE(toB64(*body), QByteArray(rfcBody));
    }

    void freshKeysEachTime()
    {
        const auto first =
            WebPushCrypto::encrypt(QByteArray(plaintext), b64(uaPublic), b64(authSecret));
        const auto second =
            WebPushCrypto::encrypt(QByteArray(plaintext), b64(uaPublic), b64(authSecret));
        QVERIFY(first && second);
        QVERIFY(*first != *second);
        // salt(16) | rs 4096 | idlen 65 | a valid ephemeral point | plaintext + 0x02 + tag(16)
        QCOMPARE(first->size(), 16 + 4 + 1 + 65 + qsizetype(qstrlen(plaintext)) + 1 + 16);
        QCOMPARE(first->mid(16, 5), QByteArray::fromHex("0000100041"));
        QVERIFY(WebPushCrypto::isP256Point(first->mid(21, 65)));
        QVERIFY(first->mid(21, 65) != second->mid(21, 65));
    }

    void refusesBadKeysAndLongPlaintext()
    {
        QByteArray offCurve = b64(uaPublic);
        offCurve[64] = char(offCurve.at(64) ^ 0x01);
        QVERIFY(WebPushCrypto::isP256Point(b64(uaPublic)));
        QVERIFY(!WebPushCrypto::isP256Point(offCurve));
        QVERIFY(!WebPushCrypto::isP256Point(b64(uaPublic).left(33)));
        QByteArray compressedPrefix = b64(uaPublic);
        compressedPrefix[0] = 0x02;
        QVERIFY(!WebPushCrypto::isP256Point(compressedPrefix));
        QVERIFY(!WebPushCrypto::encrypt(QByteArray(plaintext), offCurve, b64(authSecret)));
        QVERIFY(!WebPushCrypto::encrypt(QByteArray(plaintext), b64(uaPublic), QByteArray(15, 'a')));
        QVERIFY(WebPushCrypto::encrypt(QByteArray(2048, 'x'), b64(uaPublic), b64(authSecret)));
        QVERIFY(!WebPushCrypto::encrypt(QByteArray(2049, 'x'), b64(uaPublic), b64(authSecret)));
    }

    void payloadStaysWithin2KiB()
    {
        const QJsonArray actions { QJsonObject {
            { QStringLiteral("id"), QStringLiteral("approve") },
            { QStringLiteral("label"), QStringLiteral("Approve") } } };
        const QByteArray shortOne =
            PushSender::payload(due(QStringLiteral("Leave request"), actions));
        const QJsonObject read = QJsonDocument::fromJson(shortOne).object();
        QCOMPARE(
            read.value(QStringLiteral("id")).toString(), QStringLiteral("ntf_abcdefghijklmnop"));
        QCOMPARE(read.value(QStringLiteral("title")).toString(), QStringLiteral("Leave request"));
        QCOMPARE(read.value(QStringLiteral("actions")).toArray(), actions);

        // A long title of multi-byte characters (and surrogate pairs) is shortened to fit.
        const QString longTitle = QString(3000, QChar(0x00e9)) + QString::fromUtf8("😀");
        const QByteArray longOne = PushSender::payload(due(longTitle, actions));
        QVERIFY(longOne.size() <= WebPushCrypto::maxPlaintextBytes);
        QVERIFY(longOne.size() > WebPushCrypto::maxPlaintextBytes - 8);
        const QJsonObject shortened = QJsonDocument::fromJson(longOne).object();
        QVERIFY(longTitle.startsWith(shortened.value(QStringLiteral("title")).toString()));
        QCOMPARE(shortened.value(QStringLiteral("actions")).toArray(), actions);

        // Actions too large even with no title: the content-free hint, the id alone.
        QJsonArray many;
        for (int i = 0; i < 40; ++i)
            many.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("a%1").arg(i) },
                { QStringLiteral("label"), QString(60, QLatin1Char('l')) } });
        const QJsonObject hint =
            QJsonDocument::fromJson(PushSender::payload(due(QStringLiteral("t"), many))).object();
        QCOMPARE(hint.keys(), QStringList { QStringLiteral("id") });
    }

    void topicIsACollapseId()
    {
        QCOMPARE(PushSender::topic(QStringLiteral("ntf_abcdefghijklmnop")),
            QByteArray("ntf_abcdefghijklmnop"));
        const QByteArray hashed = PushSender::topic(QString(40, QLatin1Char('x')));
        QCOMPARE(hashed.size(), 32);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$"))
                    .match(QString::fromLatin1(hashed))
                    .hasMatch());
        QVERIFY(PushSender::topic(QStringLiteral("a/b")) != QByteArray("a/b"));
    }

    void vapidJwt()
    {
        const QByteArray pem = newPem();
        QString error;
        const auto key = VapidKey::fromPem(pem, &error);
        QVERIFY2(key, qPrintable(error));
        QVERIFY(WebPushCrypto::isP256Point(key->publicKey()));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QUrl endpoint(QStringLiteral("https://push.example.net:8443/push/abc?x=1"));
        const auto header =
            key->authorization(endpoint, QStringLiteral("mailto:ops@example.com"), now);
        QVERIFY(header);
        QVERIFY(header->startsWith("vapid t="));
        const QList<QByteArray> parts = header->split(',');
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(1).trimmed(), QByteArray("k=") + toB64(key->publicKey()));
        const QByteArray jwt = parts.at(0).mid(qstrlen("vapid t="));
        const QList<QByteArray> pieces = jwt.split('.');
        QCOMPARE(pieces.size(), 3);
        const QJsonObject head = QJsonDocument::fromJson(
            QByteArray::fromBase64(pieces.at(0), QByteArray::Base64UrlEncoding))
                                     .object();
        QCOMPARE(head.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        const QJsonObject claims = QJsonDocument::fromJson(
            QByteArray::fromBase64(pieces.at(1), QByteArray::Base64UrlEncoding))
                                       .object();
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(),
            QStringLiteral("https://push.example.net:8443"));
        QCOMPARE(claims.value(QStringLiteral("sub")).toString(),
            QStringLiteral("mailto:ops@example.com"));
        const qint64 exp = claims.value(QStringLiteral("exp")).toInteger();
        QVERIFY(exp > now.toSecsSinceEpoch());
        QVERIFY(exp <= now.toSecsSinceEpoch() + qint64(24) * 3600);
        const QByteArray raw = QByteArray::fromBase64(pieces.at(2), QByteArray::Base64UrlEncoding);
        QCOMPARE(raw.size(), 64);
        QVERIFY(verifies(pem, pieces.at(0) + '.' + pieces.at(1), raw));
        QByteArray tampered = raw;
        tampered[5] = char(tampered.at(5) ^ 0x01);
        QVERIFY(!verifies(pem, pieces.at(0) + '.' + pieces.at(1), tampered));
    }

    void vapidRefusesOtherKeys()
    {
        QString error;
        QVERIFY(!VapidKey::fromPem("not a key", &error));
        QVERIFY(!error.isEmpty());
        EVP_PKEY *rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, rsa, nullptr, nullptr, 0, nullptr, nullptr);
        char *data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        const QByteArray pem(data, length);
        BIO_free(bio);
        EVP_PKEY_free(rsa);
        QVERIFY(!VapidKey::fromPem(pem, &error));
    }

    // Retry-After (RFC 9110 section 10.2.3): seconds or an HTTP-date in any of its three forms.
    void retryAfterForms()
    {
        const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 7), QTimeZone::utc());
        using pushhttp::retryAfter;
        QCOMPARE(retryAfter("120", now), std::optional<qint64>(120));
        QCOMPARE(retryAfter(" 0 ", now), std::optional<qint64>(0));
        QCOMPARE(retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), std::optional<qint64>(30));
        QCOMPARE(retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now), std::optional<qint64>(30));
        QCOMPARE(retryAfter("Sun Nov  6 08:49:37 1994", now), std::optional<qint64>(30));
        // A date already past: at once.
        QCOMPARE(retryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now), std::optional<qint64>(0));
        for (const QByteArray &bad : { QByteArray("-5"), QByteArray("soon"), QByteArray(""),
                 QByteArray("Sun, 06 Nov 1994 08:49:37 +0200"),
                 QByteArray("Sun, 31 Feb 1994 08:49:37 GMT"),
                 QByteArray("Sun, 06 Foo 1994 08:49:37 GMT") })
            QVERIFY2(!retryAfter(bad, now), bad.constData());
    }

    // FCM's answers (the v1 error body) as the queue's outcomes.
    void fcmOutcomes()
    {
        using Outcome = PushTransport::Outcome;
        const auto error = [](int code, const char *status, const char *errorCode,
                               const char *message) {
            QJsonObject body { { QStringLiteral("code"), code },
                { QStringLiteral("status"), QString::fromLatin1(status) },
                { QStringLiteral("message"), QString::fromLatin1(message) } };
            if (errorCode)
                body.insert(QStringLiteral("details"),
                    QJsonArray { QJsonObject {
                        { QStringLiteral("errorCode"), QString::fromLatin1(errorCode) } } });
            return QJsonDocument(QJsonObject { { QStringLiteral("error"), body } }).toJson();
        };
        QCOMPARE(FcmTransport::resultOf(200, "{\"name\":\"x\"}").outcome, Outcome::Accepted);
        QCOMPARE(
            FcmTransport::resultOf(404, error(404, "NOT_FOUND", "UNREGISTERED", "gone")).outcome,
            Outcome::Gone);
        QCOMPARE(FcmTransport::resultOf(400,
                     error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                         "The registration token is not a valid FCM registration token"))
                     .outcome,
            Outcome::Gone);
        // INVALID_ARGUMENT about something else is our fault: refused, the subscription kept.
        QCOMPARE(FcmTransport::resultOf(
                     400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid TTL"))
                     .outcome,
            Outcome::Refused);
        QCOMPARE(FcmTransport::resultOf(429, error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", ""))
                     .outcome,
            Outcome::Retry);
        QCOMPARE(FcmTransport::resultOf(503, "not JSON").outcome, Outcome::Retry);
        QCOMPARE(FcmTransport::resultOf(401, error(401, "UNAUTHENTICATED", nullptr, "")).outcome,
            Outcome::Retry);
        QCOMPARE(
            FcmTransport::resultOf(403, error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", ""))
                .outcome,
            Outcome::Retry);
        QCOMPARE(FcmTransport::resultOf(0, {}).outcome, Outcome::Retry);
        QCOMPARE(FcmTransport::resultOf(404, error(404, "NOT_FOUND", "UNREGISTERED", "")).detail,
            QStringLiteral("UNREGISTERED"));
    }
};

QTEST_GUILESS_MAIN(TestPushCrypto)
#include "tst_push_crypto.moc"
