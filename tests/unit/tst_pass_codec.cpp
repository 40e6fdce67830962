// The QR pass codec, issuing, presenting and verifying, beyond the test vectors: keys, claims,
// limits, time steps, the device digest, rules, issuer key rotation, revocations, versions and
// reason codes.
#include "passfixture.h"

using namespace tessera;
using namespace tessera::pass;
using namespace tessera::test;

class TestPassCodec : public QObject, protected PassFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

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
            bad.expiresAt = bad.issuedAt + qint64(24) * 3600 + 1;
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
        const qint64 later = issuedAt + qint64(4) * 3600;
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
        late.expiresAt = issuedAt + qint64(24) * 3600;
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

QTEST_GUILESS_MAIN(TestPassCodec)
#include "tst_pass_codec.moc"
