#pragma once

// What the pass tests beyond the vectors share: keys from fixed seeds, a trust list with the
// issuer's key, two check processes, claims, and QR codes issued, presented or built by hand.
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

#include <optional>

namespace tessera::test {

// The pass types are used unqualified in the tests, as in the library.
using namespace tessera::pass;

inline constexpr qint64 issuedAt = 1'795'939'200; // 2026-11-29T08:00:00Z
inline constexpr qint64 now = issuedAt + qint64(2) * 3600;

inline QByteArray seed(char first)
{
    QByteArray bytes(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        bytes[i] = char(first + i);
    return bytes;
}

inline QJsonObject jsonObject(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

class PassFixture
{
protected:
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
        claims.expiresAt = issuedAt + qint64(24) * 3600;
        claims.devicePublicKey = m_device.publicKey;
        claims.statuses = { { QStringLiteral("office-entry"), QStringLiteral("allowed"),
                                issuedAt + qint64(3) * 3600 },
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

    // What every test needs, set up once per test executable.
    void startParts()
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
};

} // namespace tessera::test
