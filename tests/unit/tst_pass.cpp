// The QR pass codec, issuing, presenting and verifying, beyond the test vectors: strict
// decoding, limits, rules, rotation, and malformed input that must give a clear error.
#include "protocol/base45.h"
#include "protocol/checkprocess.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustbundle.h"
#include "protocol/trustlist.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace tessera;
using namespace tessera::pass;

namespace {

constexpr qint64 issuedAt = 1'795'939'200; // 2026-11-29T08:00:00Z
constexpr qint64 now = issuedAt + 2 * 3600;

QByteArray seed(char first)
{
    QByteArray bytes(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        bytes[i] = char(first + i);
    return bytes;
}

QJsonObject jsonObject(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestPass : public QObject
{
    Q_OBJECT

    KeyPair m_issuer = keyPairFromSeed(seed(0));
    KeyPair m_device = keyPairFromSeed(seed(96));
    TrustList m_trust;
    CheckProcess m_office;
    CheckProcess m_medical;

    PassClaims claims() const
    {
        PassClaims claims;
        claims.issuerKeyId = QStringLiteral("k1");
        claims.passId = QStringLiteral("p1");
        claims.subject = QStringLiteral("E10042");
        claims.initials = QStringLiteral("AR");
        claims.userType = UserType::Employee;
        claims.issuedAt = issuedAt;
        claims.expiresAt = issuedAt + 24 * 3600;
        claims.devicePublicKey = m_device.publicKey;
        claims.statuses = { { QStringLiteral("office-entry"), QStringLiteral("allowed"),
                                issuedAt + 3 * 3600 },
            { QStringLiteral("medical-check"), QStringLiteral("required"), std::nullopt } };
        return claims;
    }

    QString qrFor(const PassClaims &passClaims, qint64 at) const
    {
        QString error;
        const auto signedPass = issuePass(passClaims, m_issuer.secretKey, &error);
        if (!signedPass)
            qFatal("issuePass: %s", qPrintable(error));
        return presentPass(*signedPass, m_device.secretKey, at).value_or(QString());
    }

    // QR text for arbitrary QR-array CBOR.
    static QString qrOfCbor(const QByteArray &cbor)
    {
        return QStringLiteral("TS1:") + QString::fromLatin1(base45::encode(cbor));
    }

    // A QR code whose signed pass holds payload with a zero issuer signature (the payload checks
    // come before the signature's), signed by the device.
    QString qrOfPayload(const QByteArray &payload) const
    {
        const QByteArray signedPass =
            QCborValue(QCborArray { payload, QByteArray(64, '\0') }).toCbor();
        const qint64 step = timeStep(now);
        return encodeQr(
            QrCode { signedPass, step, signDeviceDigest(signedPass, step, m_device.secretKey) });
    }

    Verdict verify(const QString &qr, const CheckProcess &process, qint64 at = now,
        const QSet<QString> &revoked = {}) const
    {
        return PassVerifier(m_trust, revoked).verify(qr, process, at);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_issuer.isValid());
        QVERIFY(m_device.isValid());
        QVERIFY(m_trust.add(IssuerKey { QStringLiteral("k1"), m_issuer.publicKey, 0, {} }));
        QString error;
        auto office = CheckProcess::fromJson(
            jsonObject(R"({"name":"office-entry","title":"Office entry","claim":"office-entry",
                "rule":{"values":{"allowed":{"verdict":"allow"}}}})"),
            &error);
        QVERIFY2(office, qPrintable(error));
        m_office = *office;
        auto medical = CheckProcess::fromJson(
            jsonObject(R"({"name":"medical-check","title":"Medical check","claim":"medical-check",
                "rule":{"values":{"cleared":{"verdict":"allow"},
                "required":{"verdict":"action","action":"Send to medical check",
                            "message":"Not cleared yet."}}}})"),
            &error);
        QVERIFY2(medical, qPrintable(error));
        m_medical = *medical;
    }

    void keysFromSeedsAreDeterministic()
    {
        QCOMPARE(keyPairFromSeed(seed(0)).secretKey, m_issuer.secretKey);
        QCOMPARE(m_issuer.secretKey.left(32), seed(0));
        QCOMPARE(publicKeyOf(m_issuer.secretKey), m_issuer.publicKey);
        QVERIFY(!keyPairFromSeed(QByteArray(31, 'x')).isValid());
        const KeyPair fresh = generateKeyPair();
        QVERIFY(fresh.isValid());
        QVERIFY(fresh.publicKey != generateKeyPair().publicKey);
    }

    void claimsRoundTrip()
    {
        const PassClaims original = claims();
        QCOMPARE(original.problem(), QString());
        const QByteArray cbor = original.toCbor();
        QCOMPARE(cbor, claims().toCbor());
        QString error;
        QCOMPARE(PassClaims::fromCbor(cbor, &error), original);
        QCOMPARE(PassClaims::fromJson(original.toJson(), &error), original);
        QCOMPARE(
            original.toJson()[QStringLiteral("userType")].toString(), QStringLiteral("employee"));
        PassClaims contractor = original;
        contractor.userType = UserType::NonEmployee;
        contractor.statuses.clear();
        QCOMPARE(PassClaims::fromCbor(contractor.toCbor()), contractor);
    }

    void invalidClaimsAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("which");
        const char *fields[] = { "issuerKeyId", "passId", "subject", "initials", "expiresAt",
            "expiresAt", "devicePublicKey", "statuses", "statuses", "statuses" };
        for (int i = 0; i < int(std::size(fields)); ++i)
            QTest::newRow(QByteArray::number(i).constData()) << QString::fromLatin1(fields[i]) << i;
    }
    void invalidClaimsAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(int, which);
        PassClaims bad = claims();
        switch (which) {
        case 0:
            bad.issuerKeyId = QStringLiteral("key id with spaces");
            break;
        case 1:
            bad.passId = QString(33, QLatin1Char('a'));
            break;
        case 2:
            bad.subject = QString();
            break;
        case 3:
            bad.initials = QStringLiteral("Asha Rao"); // initials only, never the name
            break;
        case 4:
            bad.expiresAt = bad.issuedAt + 24 * 3600 + 1;
            break;
        case 5:
            bad.expiresAt = bad.issuedAt;
            break;
        case 6:
            bad.devicePublicKey.chop(1);
            break;
        case 7:
            bad.statuses.append(bad.statuses.first());
            break;
        case 8:
            bad.statuses.first().name = QStringLiteral("Office Entry");
            break;
        case 9:
            for (int i = 0; i < 9; ++i)
                bad.statuses.append({ QStringLiteral("p%1").arg(i), QStringLiteral("x"), {} });
            break;
        }
        QVERIFY2(bad.problem().startsWith(field), qPrintable(bad.problem()));
        QString error;
        QVERIFY(!issuePass(bad, m_issuer.secretKey, &error));
        QVERIFY(!error.isEmpty());
        // The decoder holds a pass to the same limits.
        QVERIFY(!PassClaims::fromCbor(bad.toCbor(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("payload: ")), qPrintable(error));
    }

    void issuingRefusesWrongKeySize()
    {
        QString error;
        QVERIFY(!issuePass(claims(), m_issuer.publicKey, &error));
        QVERIFY2(error.contains(QStringLiteral("64 bytes")), qPrintable(error));
    }

    // issuePass refuses claims whose QR text would not fit QR version 13-M.
    void issuingRefusesOversizedPasses()
    {
        PassClaims big = claims();
        big.subject = QString(64, QLatin1Char('S'));
        big.passId = QString(32, QLatin1Char('P'));
        big.statuses.clear();
        for (int i = 0; i < 8; ++i) {
            big.statuses.append({ QStringLiteral("process-number-%1").arg(i),
                QStringLiteral("value-%1").arg(i), issuedAt + 3600 });
        }
        QCOMPARE(big.problem(), QString());
        QString error;
        QVERIFY(!issuePass(big, m_issuer.secretKey, &error));
        QVERIFY2(error.contains(QStringLiteral("483")), qPrintable(error));
        // A pass with the longest ids and no statuses still fits.
        big.statuses.clear();
        const auto signedPass = issuePass(big, m_issuer.secretKey, &error);
        QVERIFY2(signedPass, qPrintable(error));
        QVERIFY(presentPass(*signedPass, m_device.secretKey, big.expiresAt - 1)->size()
            <= maxQrTextLength);
    }

    void timeStepIsFloor()
    {
        QCOMPARE(timeStep(0), Q_INT64_C(0));
        QCOMPARE(timeStep(29), Q_INT64_C(0));
        QCOMPARE(timeStep(30), Q_INT64_C(1));
        QCOMPARE(timeStep(-1), Q_INT64_C(-1));
        QCOMPARE(timeStep(now), now / 30);
    }

    // The digest is SHA-256 over the context, a zero byte, the pass and the step (8 bytes BE).
    void deviceDigestIsDocumented()
    {
        // sha256("tessera-pass-v1-device\0" "abc" 00 00 00 00 00 00 01 02), from Python hashlib.
        QCOMPARE(deviceDigest("abc", 0x0102).toHex(),
            QByteArrayLiteral("d341a673127e023ee3b69f770f9365792bf2210f6bf26fa631e71d3e66568bad"));
    }

    void codeChangesEveryStep()
    {
        const QString first = qrFor(claims(), now);
        QCOMPARE(qrFor(claims(), now), first);
        QVERIFY(qrFor(claims(), now + 30) != first);
        QCOMPARE(verify(first, m_office, now).reason, Reason::Allowed);
        QCOMPARE(verify(first, m_office, now + 30).reason, Reason::Allowed);
        QCOMPARE(verify(first, m_office, now - 30).reason, Reason::Allowed);
        QCOMPARE(verify(first, m_office, now + 90).reason, Reason::StaleCode);
        QCOMPARE(verify(first, m_office, now - 90).reason, Reason::StaleCode);
    }

    void rulesGiveVerdicts()
    {
        const QString qr = qrFor(claims(), now);
        const Verdict medical = verify(qr, m_medical);
        QCOMPARE(medical.kind, VerdictKind::Action);
        QCOMPARE(medical.reason, Reason::ActionRequired);
        QCOMPARE(medical.action, QStringLiteral("Send to medical check"));
        QCOMPARE(medical.message, QStringLiteral("Not cleared yet."));
        QCOMPARE(medical.toJson(), jsonObject(R"({"verdict":"action","reason":"action_required",
                "action":"Send to medical check","passId":"p1","process":"medical-check"})"));
        // office-entry holds until issuedAt + 3 h; later the status has run out.
        QCOMPARE(verify(qr, m_office).kind, VerdictKind::Allow);
        const qint64 later = issuedAt + 4 * 3600;
        const Verdict ranOut = verify(qrFor(claims(), later), m_office, later);
        QCOMPARE(ranOut.kind, VerdictKind::Deny);
        QCOMPARE(ranOut.reason, Reason::StatusExpired);
        // A value the rule does not list.
        PassClaims other = claims();
        other.statuses[1].value = QStringLiteral("pending");
        QCOMPARE(verify(qrFor(other, now), m_medical).reason, Reason::StatusNotCovered);
        other.statuses.removeLast();
        QCOMPARE(verify(qrFor(other, now), m_medical).reason, Reason::NoStatusForProcess);
    }

    void issuerKeyRotation()
    {
        const KeyPair next = keyPairFromSeed(seed(32));
        TrustList trust;
        QVERIFY(
            trust.add(IssuerKey { QStringLiteral("k1"), m_issuer.publicKey, 0, issuedAt + 60 }));
        QVERIFY(trust.add(IssuerKey { QStringLiteral("k2"), next.publicKey, issuedAt, {} }));
        QVERIFY(!trust.add(IssuerKey { QStringLiteral("k2"), next.publicKey, issuedAt, {} }));
        // The old key's passes stay valid until they expire; passes it signs later do not.
        QCOMPARE(PassVerifier(trust, {}).verify(qrFor(claims(), now), m_office, now).reason,
            Reason::Allowed);
        PassClaims late = claims();
        late.issuedAt = issuedAt + 60;
        late.expiresAt = issuedAt + 24 * 3600;
        QCOMPARE(PassVerifier(trust, {}).verify(qrFor(late, now), m_office, now).reason,
            Reason::IssuerKeyInactive);
        PassClaims rotated = late;
        rotated.issuerKeyId = QStringLiteral("k2");
        const auto signedPass = issuePass(rotated, next.secretKey);
        QVERIFY(signedPass);
        QCOMPARE(PassVerifier(trust, {})
                     .verify(*presentPass(*signedPass, m_device.secretKey, now), m_office, now)
                     .reason,
            Reason::Allowed);
    }

    void revocationsCanBeUpdated()
    {
        const QString qr = qrFor(claims(), now);
        PassVerifier verifier(m_trust, {});
        QCOMPARE(verifier.verify(qr, m_office, now).reason, Reason::Allowed);
        verifier.setRevokedPassIds({ QStringLiteral("p1") });
        const Verdict verdict = verifier.verify(qr, m_office, now);
        QCOMPARE(verdict.reason, Reason::Revoked);
        QCOMPARE(verdict.kind, VerdictKind::Deny);
        QVERIFY(verdict.pass); // authentic, so the scan record can name the pass
    }

    void unsupportedVersionIsItsOwnReason()
    {
        QCborArray payload = QCborValue::fromCbor(claims().toCbor()).toArray();
        payload[0] = 2;
        const QString qr = qrOfPayload(QCborValue(payload).toCbor());
        QCOMPARE(verify(qr, m_office).reason, Reason::UnsupportedVersion);
        payload[0] = QStringLiteral("1");
        QCOMPARE(
            verify(qrOfPayload(QCborValue(payload).toCbor()), m_office).reason, Reason::Malformed);
    }

    void strictStructure_data()
    {
        QTest::addColumn<QByteArray>("cbor");
        QTest::addColumn<QString>("detail");
        const QByteArray signedPass = *issuePass(claims(), m_issuer.secretKey);
        const QByteArray signature(64, 'x');
        const auto qrArray = [](const QCborArray &array) { return QCborValue(array).toCbor(); };
        QTest::newRow("map") << QCborValue(QCborMap {}).toCbor() << QStringLiteral("not [");
        QTest::newRow("two elements") << qrArray({ signedPass, 1 }) << QStringLiteral("not [");
        QTest::newRow("four elements")
            << qrArray({ signedPass, 1, signature, 0 }) << QStringLiteral("not [");
        QTest::newRow("step as text")
            << qrArray({ signedPass, QStringLiteral("1"), signature }) << QStringLiteral("step");
        QTest::newRow("negative step")
            << qrArray({ signedPass, -1, signature }) << QStringLiteral("step");
        QTest::newRow("short signature")
            << qrArray({ signedPass, 1, QByteArray(63, 'x') }) << QStringLiteral("64 bytes");
        QTest::newRow("pass as text")
            << qrArray({ QStringLiteral("pass"), 1, signature }) << QStringLiteral("not [");
        QTest::newRow("signed pass not CBOR")
            << qrArray({ QByteArray("\xff\xff"), 1, signature }) << QStringLiteral("signed pass");
        QTest::newRow("signed pass, 3 elements") << qrArray(
            { QCborValue(QCborArray { QByteArray("p"), signature, 1 }).toCbor(), 1, signature })
                                                 << QStringLiteral("signed pass");
        QTest::newRow("tagged step")
            << qrArray({ signedPass, QCborValue(QCborTag(2), QByteArray("\x01")), signature })
            << QStringLiteral("step");
        QTest::newRow("indefinite garbage")
            << QByteArrayLiteral("\x9f\x9f\x9f") << QStringLiteral("CBOR");
        QTest::newRow("huge byte string")
            << QByteArrayLiteral("\x83\x5b\x7f\xff\xff\xff\xff\xff\xff\xff")
            << QStringLiteral("CBOR");
        QTest::newRow("huge array")
            << QByteArrayLiteral("\x9b\x7f\xff\xff\xff\xff\xff\xff\xff") << QStringLiteral("CBOR");
        QTest::newRow("deep nesting") << QByteArray(300, '\x81') << QStringLiteral("CBOR");
        QTest::newRow("deep nesting, closed")
            << QByteArray(240, '\x81') + QByteArray(1, '\x00') << QStringLiteral("nested deeper");
        QTest::newRow("nesting a pass never needs, closed")
            << QByteArray(20, '\x81') + QByteArray(1, '\x00') << QStringLiteral("not [");
        // Definite lengths and shortest heads only (docs/PASS_FORMAT.md), at every layer.
        const QByteArray valid = qrArray({ signedPass, 1, signature });
        QTest::newRow("indefinite-length outer array") << QByteArray(1, '\x9f') + valid.mid(1)
                + QByteArray(1, '\xff') << QStringLiteral("indefinite-length");
        QTest::newRow("step in a long head")
            << QByteArray(1, '\x83') + QCborValue(signedPass).toCbor()
                + QByteArrayLiteral("\x1a\x00\x00\x00\x01") + QCborValue(signature).toCbor()
            << QStringLiteral("shortest form");
        QTest::newRow("indefinite-length signed pass inside") << qrArray(
            { QByteArray(QByteArray(1, '\x9f') + signedPass.mid(1) + QByteArray(1, '\xff')), 1,
                signature }) << QStringLiteral("indefinite-length");
    }
    void strictStructure()
    {
        QFETCH(QByteArray, cbor);
        QFETCH(QString, detail);
        const Verdict verdict = verify(qrOfCbor(cbor), m_office);
        QCOMPARE(verdict.kind, VerdictKind::Deny);
        QCOMPARE(verdict.reason, Reason::Malformed);
        QVERIFY2(verdict.detail.contains(detail), qPrintable(verdict.detail));
        QVERIFY(!verdict.pass);
    }

    void textLimits()
    {
        QCOMPARE(verify(QString(100000, QLatin1Char('A')), m_office).reason, Reason::TooLong);
        QCOMPARE(verify(QStringLiteral("TS1:") + QString(maxQrTextLength - 3, QLatin1Char('0')),
                     m_office)
                     .reason,
            Reason::TooLong);
        QCOMPARE(
            verify(QStringLiteral("TS1:\u00e9\u00e9\u00e9"), m_office).reason, Reason::Malformed);
        QCOMPARE(verify(QStringLiteral("TS1"), m_office).reason, Reason::WrongPrefix);
        QCOMPARE(verify(QStringLiteral("TS1:"), m_office).reason, Reason::Malformed);
        QCOMPARE(
            verify(QStringLiteral("https://example.com/"), m_office).reason, Reason::WrongPrefix);
    }

    // Random and mutated input always gives a deny verdict with a message, never a crash.
    void randomInputIsDenied()
    {
        const QString valid = qrFor(claims(), now);
        const QByteArray validBytes = *base45::decode(valid.mid(4).toLatin1());
        QRandomGenerator random(7);
        for (int i = 0; i < 3000; ++i) {
            QString text;
            switch (i % 3) {
            case 0: { // random bytes behind the prefix
                QByteArray bytes(random.bounded(300), Qt::Uninitialized);
                for (char &byte : bytes)
                    byte = char(random.bounded(256));
                text = qrOfCbor(bytes);
                break;
            }
            case 1: { // one byte of a valid code changed
                QByteArray bytes = validBytes;
                bytes[random.bounded(bytes.size())] = char(random.bounded(256));
                text = qrOfCbor(bytes);
                break;
            }
            default: // a valid code cut short
                text = valid.left(random.bounded(valid.size()));
                break;
            }
            const Verdict verdict = verify(text, m_office);
            if (text == valid)
                continue;
            QVERIFY2(verdict.kind == VerdictKind::Deny, qPrintable(text));
            QVERIFY(!verdict.message.isEmpty());
        }
    }

    void presentingNeedsTheDeviceKey()
    {
        const QByteArray signedPass = *issuePass(claims(), m_issuer.secretKey);
        QString error;
        QVERIFY(!presentPass(signedPass, m_issuer.secretKey, now, &error));
        QVERIFY2(error.contains(QStringLiteral("device key")), qPrintable(error));
        QVERIFY(!presentPass(signedPass, m_device.publicKey, now, &error));
        QVERIFY(!presentPass(QByteArrayLiteral("\x82\x40\x40"), m_device.secretKey, now, &error));
        QVERIFY(presentPass(signedPass, m_device.secretKey, now, &error));
    }

    void trustListIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown top field")
            << QByteArray(R"({"keys":[],"extra":1})") << QStringLiteral("extra");
        QTest::newRow("keys not array") << QByteArray(R"({"keys":{}})") << QStringLiteral("keys");
        QTest::newRow("unknown key field") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z","use":"sig"}]})")
                                           << QStringLiteral("use");
        QTest::newRow("short key") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAA","notBefore":"2026-01-01T00:00:00Z"}]})")
                                   << QStringLiteral("32 bytes");
        QTest::newRow("bad time") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01"}]})")
                                  << QStringLiteral("notBefore");
        QTest::newRow("notAfter first") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z","notAfter":"2025-01-01T00:00:00Z"}]})")
                                        << QStringLiteral("notAfter");
        QTest::newRow("duplicate") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z"},{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z"}]})")
                                   << QStringLiteral("twice");
    }
    void trustListIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!TrustList::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void checkProcessIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown field")
            << QByteArray(R"({"name":"a","title":"A","claim":"a","rule":{"values":{}},"x":1})")
            << QStringLiteral("x: unknown");
        QTest::newRow("unknown rule field") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{},"default":{}}})")
                                            << QStringLiteral("default");
        QTest::newRow("unknown outcome field") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"allow","colour":"green"}}}})")
                                               << QStringLiteral("colour");
        QTest::newRow("bad verdict") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"maybe"}}}})")
                                     << QStringLiteral("verdict");
        QTest::newRow("action without text") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"action"}}}})")
                                             << QStringLiteral("action: is missing");
        QTest::newRow("allow with action") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"allow","action":"Go"}}}})")
                                           << QStringLiteral("only with");
        QTest::newRow("bad name") << QByteArray(
            R"({"name":"Office Entry","title":"A","claim":"a","rule":{"values":{}}})")
                                  << QStringLiteral("name");
        QTest::newRow("empty title")
            << QByteArray(R"({"name":"a","title":" ","claim":"a","rule":{"values":{}}})")
            << QStringLiteral("title");
        QTest::newRow("numeric claim")
            << QByteArray(R"({"name":"a","title":"A","claim":5,"rule":{"values":{}}})")
            << QStringLiteral("claim");
        QTest::newRow("no rule") << QByteArray(R"({"name":"a","title":"A","claim":"a"})")
                                 << QStringLiteral("rule");
        QTest::newRow("bad value name") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"OK":{"verdict":"allow"}}}})")
                                        << QStringLiteral("OK");
    }
    void checkProcessIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!CheckProcess::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void checkProcessListRoundTrip()
    {
        const QJsonObject list { { QStringLiteral("processes"),
            QJsonArray { m_office.toJson(), m_medical.toJson() } } };
        QString error;
        const auto processes = CheckProcess::listFromJson(list, &error);
        QVERIFY2(processes, qPrintable(error));
        QCOMPARE(processes->size(), 2);
        QCOMPARE(processes->at(1), m_medical);
        const QJsonObject twice { { QStringLiteral("processes"),
            QJsonArray { m_office.toJson(), m_office.toJson() } } };
        QVERIFY(!CheckProcess::listFromJson(twice, &error));
        QVERIFY2(error.contains(QStringLiteral("twice")), qPrintable(error));
    }

    // The offline trust file (tessera-cli trust save / scan --trust): what goes in comes out,
    // and it is read as strictly as the server's answers it is made of.
    void trustBundleRoundTripAndStrictness()
    {
        TrustBundle bundle;
        bundle.trust = m_trust;
        bundle.processes = { m_office, m_medical };
        bundle.revoked = { QStringLiteral("p9"), QStringLiteral("p2") };
        bundle.syncedAt = QDateTime::fromSecsSinceEpoch(issuedAt, Qt::UTC);
        const QJsonObject json = bundle.toJson();
        QCOMPARE(json.value(QStringLiteral("revoked")).toArray(),
            QJsonArray({ QStringLiteral("p2"), QStringLiteral("p9") })); // sorted
        QString error;
        const auto back = TrustBundle::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->trust.toJson(), m_trust.toJson());
        QCOMPARE(back->processes, bundle.processes);
        QCOMPARE(back->revoked, bundle.revoked);
        QCOMPARE(back->syncedAt, bundle.syncedAt);

        const auto refused = [&json](const QString &field, const QJsonValue &value,
                                 const QString &problem) {
            QJsonObject changed = json;
            if (value.isUndefined())
                changed.remove(field);
            else
                changed.insert(field, value);
            QString why;
            if (TrustBundle::fromJson(changed, &why))
                return QStringLiteral("accepted");
            return why.contains(problem) ? QString() : why;
        };
        QCOMPARE(refused(QStringLiteral("extra"), 1, QStringLiteral("unknown field")), QString());
        QCOMPARE(refused(QStringLiteral("format"), QStringLiteral("tessera-trust-2"),
                     QStringLiteral("format")),
            QString());
        QCOMPARE(refused(QStringLiteral("syncedAt"), QStringLiteral("yesterday"),
                     QStringLiteral("syncedAt")),
            QString());
        QCOMPARE(refused(QStringLiteral("trust"), QJsonValue::Undefined, QStringLiteral("trust")),
            QString());
        QCOMPARE(refused(QStringLiteral("checkProcesses"), QJsonArray(),
                     QStringLiteral("checkProcesses")),
            QString());
        QCOMPARE(refused(QStringLiteral("revoked"), QJsonArray { 7 }, QStringLiteral("revoked")),
            QString());
        QCOMPARE(refused(QStringLiteral("revoked"), QJsonArray { QString(65, u'p') },
                     QStringLiteral("revoked")),
            QString());
    }

    void reasonCodesAreDistinct()
    {
        QSet<QString> codes;
        for (int i = 0; i <= int(Reason::DeniedByRule); ++i) {
            const auto reason = static_cast<Reason>(i);
            QVERIFY(!reasonCode(reason).isEmpty());
            QVERIFY(!reasonMessage(reason).isEmpty());
            codes.insert(reasonCode(reason));
        }
        QCOMPARE(codes.size(), qsizetype(Reason::DeniedByRule) + 1);
    }
};

QTEST_GUILESS_MAIN(TestPass)
#include "tst_pass.moc"
