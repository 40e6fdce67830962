// The test vectors of docs/PASS_FORMAT.md (tests/data/pass-vectors.json, written by an
// independent implementation: tests/data/make_pass_vectors.py), checked in both directions:
// encoding the claims with the vector keys gives exactly the same bytes and QR text, and
// verifying the QR text gives the expected verdict.
#include "protocol/base45.h"
#include "protocol/checkprocess.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustlist.h"
#include "protocol/wiretime.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace tessera;
using namespace tessera::pass;

namespace {

qint64 unixTime(const QJsonValue &value)
{
    const auto time = wiretime::parse(value.toString());
    return time ? time->toSecsSinceEpoch() : -1;
}

QByteArray hex(const QJsonValue &value)
{
    return QByteArray::fromHex(value.toString().toLatin1());
}

} // namespace

class TestPassVectors : public QObject
{
    Q_OBJECT

    QJsonObject m_document;
    QHash<QString, KeyPair> m_keys;
    QList<CheckProcess> m_processes;
    TrustList m_trust;

    QJsonObject vector(const QString &name) const
    {
        for (const QJsonValue &item : m_document.value(QStringLiteral("vectors")).toArray()) {
            if (item[QStringLiteral("name")].toString() == name)
                return item.toObject();
        }
        return {};
    }

    const CheckProcess *process(const QString &name) const
    {
        for (const CheckProcess &candidate : m_processes) {
            if (candidate.name == name)
                return &candidate;
        }
        return nullptr;
    }

    void addVectorRows()
    {
        QTest::addColumn<QJsonObject>("vector");
        for (const QJsonValue &item : m_document.value(QStringLiteral("vectors")).toArray()) {
            const QByteArray name = item[QStringLiteral("name")].toString().toUtf8();
            QTest::newRow(name.constData()) << item.toObject();
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile file(QStringLiteral(TESSERA_PASS_VECTORS_FILE));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        QJsonParseError parseError;
        m_document = QJsonDocument::fromJson(file.readAll(), &parseError).object();
        QVERIFY2(
            parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));

        const QJsonObject keys = m_document.value(QStringLiteral("keys")).toObject();
        QVERIFY(keys.size() >= 5);
        for (auto it = keys.constBegin(); it != keys.constEnd(); ++it) {
            const KeyPair pair = keyPairFromSeed(hex(it->toObject().value(QStringLiteral("seed"))));
            QVERIFY2(pair.isValid(), qPrintable(it.key()));
            QCOMPARE(pair.publicKey, hex(it->toObject().value(QStringLiteral("publicKey"))));
            m_keys.insert(it.key(), pair);
        }

        QString error;
        const auto trust =
            TrustList::fromJson(m_document.value(QStringLiteral("trust")).toObject(), &error);
        QVERIFY2(trust, qPrintable(error));
        m_trust = *trust;
        QCOMPARE(m_trust.toJson(), m_document.value(QStringLiteral("trust")).toObject());

        const auto processes = CheckProcess::listFromJson(
            m_document.value(QStringLiteral("checkProcesses")).toObject(), &error);
        QVERIFY2(processes, qPrintable(error));
        QCOMPARE(processes->size(), 2);
        m_processes = *processes;
    }

    // Claims → payload → signed pass: exactly the vector's bytes; and back.
    void passesEncodeAndDecode_data()
    {
        QTest::addColumn<QJsonObject>("pass");
        const QJsonObject passes = m_document.value(QStringLiteral("passes")).toObject();
        QVERIFY(passes.size() >= 4);
        for (auto it = passes.constBegin(); it != passes.constEnd(); ++it)
            QTest::newRow(it.key().toUtf8().constData()) << it->toObject();
    }
    void passesEncodeAndDecode()
    {
        QFETCH(QJsonObject, pass);
        QString error;
        const auto claims =
            PassClaims::fromJson(pass.value(QStringLiteral("claims")).toObject(), &error);
        QVERIFY2(claims, qPrintable(error));
        QCOMPARE(claims->toJson(), pass.value(QStringLiteral("claims")).toObject());
        const QByteArray payload = hex(pass.value(QStringLiteral("payload")));
        QCOMPARE(claims->toCbor().toHex(), payload.toHex());

        const KeyPair issuer = m_keys.value(pass.value(QStringLiteral("issuerKey")).toString());
        QVERIFY(issuer.isValid());
        const auto signedPass = issuePass(*claims, issuer.secretKey, &error);
        QVERIFY2(signedPass, qPrintable(error));
        QCOMPARE(
            signedPass->toHex(), pass.value(QStringLiteral("signedPass")).toString().toLatin1());

        const auto decoded = decodeSignedPass(*signedPass, &error);
        QVERIFY2(decoded, qPrintable(error));
        QCOMPARE(decoded->payload, payload);
        QCOMPARE(PassClaims::fromCbor(decoded->payload, &error), claims);
    }

    // Keys + pass + time → exactly the vector's QR text.
    void qrTextIsReproduced_data() { addVectorRows(); }
    void qrTextIsReproduced()
    {
        QFETCH(QJsonObject, vector);
        const QString qr = vector.value(QStringLiteral("qr")).toString();
        if (vector.contains(QStringLiteral("pass"))) {
            const QByteArray signedPass =
                hex(m_document[QStringLiteral("passes")][vector[QStringLiteral("pass")].toString()]
                              [QStringLiteral("signedPass")]);
            const KeyPair device = m_keys.value(vector[QStringLiteral("deviceKey")].toString());
            QVERIFY(device.isValid());
            const qint64 presentedAt = unixTime(vector[QStringLiteral("presentedAt")]);
            const qint64 step = timeStep(presentedAt);
            QCOMPARE(step, vector[QStringLiteral("step")].toInteger());
            QCOMPARE(encodeQr(QrCode {
                         signedPass, step, signDeviceDigest(signedPass, step, device.secretKey) }),
                qr);
            // The app's function gives it too, and refuses a key that is not the pass's.
            QString error;
            const auto presented = presentPass(signedPass, device.secretKey, presentedAt, &error);
            if (device.publicKey == m_keys.value(QStringLiteral("device")).publicKey) {
                QVERIFY2(presented, qPrintable(error));
                QCOMPARE(*presented, qr);
            } else {
                QVERIFY(!presented);
                QVERIFY2(error.contains(QStringLiteral("device key")), qPrintable(error));
            }
        } else if (vector.contains(QStringLiteral("flipByte"))) {
            const QString from = vector[QStringLiteral("from")].toString();
            const auto code = base45::decode(
                this->vector(from)[QStringLiteral("qr")].toString().mid(4).toLatin1());
            QVERIFY(code);
            QByteArray flipped = *code;
            const qsizetype index = vector[QStringLiteral("flipByte")].toInteger();
            QVERIFY(index > 0 && index < flipped.size());
            flipped[index] = char(flipped[index] ^ 0x01);
            QCOMPARE(QStringLiteral("TS1:") + QString::fromLatin1(base45::encode(flipped)), qr);
        } else {
            // The malformed vectors are literal text: nothing to encode.
            QVERIFY(vector[QStringLiteral("expect")][QStringLiteral("verdict")].toString()
                == QLatin1String("deny"));
        }
    }

    // QR text + trust + revocations + scanner time + process → the expected verdict.
    void verdictIsExpected_data() { addVectorRows(); }
    void verdictIsExpected()
    {
        QFETCH(QJsonObject, vector);
        QSet<QString> revoked;
        for (const QJsonValue &id : vector[QStringLiteral("revoked")].toArray())
            revoked.insert(id.toString());
        const CheckProcess *checkProcess = process(vector[QStringLiteral("process")].toString());
        QVERIFY(checkProcess);
        const PassVerifier verifier(m_trust, revoked);
        const Verdict verdict = verifier.verify(vector[QStringLiteral("qr")].toString(),
            *checkProcess, unixTime(vector[QStringLiteral("scannerTime")]));
        const QJsonObject expect = vector[QStringLiteral("expect")].toObject();
        QCOMPARE(verdictName(verdict.kind), expect[QStringLiteral("verdict")].toString());
        QCOMPARE(verdict.reasonCode(), expect[QStringLiteral("reason")].toString());
        QCOMPARE(verdict.action, expect[QStringLiteral("action")].toString());
        QVERIFY(!verdict.message.isEmpty());
        QCOMPARE(verdict.process, checkProcess->name);
        if (verdict.kind != VerdictKind::Deny) {
            QVERIFY(verdict.pass);
            QCOMPARE(verdict.toJson()[QStringLiteral("passId")].toString(),
                m_document[QStringLiteral("passes")][vector[QStringLiteral("pass")].toString()]
                          [QStringLiteral("claims")][QStringLiteral("passId")]
                              .toString());
        }
    }

    // Every failure has its own reason: the negative vectors name each one.
    void negativeVectorsCoverEveryCheck()
    {
        QSet<QString> reasons;
        for (const QJsonValue &item : m_document.value(QStringLiteral("vectors")).toArray())
            reasons.insert(item[QStringLiteral("expect")][QStringLiteral("reason")].toString());
        for (const Reason reason : { Reason::Allowed, Reason::ActionRequired, Reason::TooLong,
                 Reason::WrongPrefix, Reason::Malformed, Reason::UnknownIssuer,
                 Reason::BadSignature, Reason::IssuerKeyInactive, Reason::NotYetValid,
                 Reason::Expired, Reason::Revoked, Reason::BadDeviceSignature, Reason::StaleCode,
                 Reason::NoStatusForProcess, Reason::StatusExpired, Reason::DeniedByRule }) {
            QVERIFY2(reasons.contains(reasonCode(reason)), qPrintable(reasonCode(reason)));
        }
    }

    // The QR text fits a version 13 QR code at error correction M, counted in alphanumeric
    // mode: 4 mode bits, an 11-bit character count, 11 bits per pair and 6 for a last single
    // character, within the 334 data codewords (2672 bits) of 13-M (ISO/IEC 18004, table 7);
    // that is at most 483 characters.
    void vectorPassFitsQrVersion13M()
    {
        const auto bits = [](qsizetype characters) {
            return 4 + 11 + characters / 2 * 11 + characters % 2 * 6;
        };
        QVERIFY(bits(maxQrTextLength) <= 334 * 8);
        QVERIFY(bits(maxQrTextLength + 1) > 334 * 8);
        const QString qr =
            vector(QStringLiteral("allow-office-entry"))[QStringLiteral("qr")].toString();
        QCOMPARE(qr.size(), 411);
        QVERIFY(qr.size() <= maxQrTextLength);
        for (const QChar c : qr) {
            QVERIFY(QStringLiteral("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").contains(c));
        }
    }
};

QTEST_GUILESS_MAIN(TestPassVectors)
#include "tst_passvectors.moc"
