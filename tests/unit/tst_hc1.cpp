// HC1 (EU Digital COVID Certificate) codes made at test time by an independent encoder,
// tests/data/make_hc1_vectors.py (/usr/bin/python3 with cbor2, zlib, its own base45 and
// python3-cryptography for ES256, a fresh key and fresh names every run), decoded by
// core/protocol/hc1: the fields match what Python wrote, the Sig_structure matches Python's bytes,
// each broken code is refused with its reason; the server's verifier says valid with the right
// key, invalid for a forged, altered or other key's code, not checked without a key or for PS256;
// the issuer key file reader; the inflate cap at its boundary; the CBOR item cap.
#include "health/hc1verifier.h"
#include "protocol/cborstrict.h"
#include "protocol/hc1.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::hc1;
using tessera::server::Hc1Signature;

namespace {

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1StringView(key)).toString();
}

QDate day(const QJsonValue &value)
{
    return value.isNull() ? QDate() : QDate::fromString(value.toString(), Qt::ISODate);
}

} // namespace

class TestHc1 : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QJsonObject m_vectors;

    QJsonArray list(const char *name) const
    {
        return m_vectors.value(QLatin1StringView(name)).toArray();
    }

    QByteArray file(const QString &name) const
    {
        QFile f(m_dir.filePath(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_HC1_VECTORS_SCRIPT), m_dir.path() });
        QVERIFY2(python.waitForFinished(60000), "the Python encoder did not finish");
        const QByteArray output = python.readAll();
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
            output.constData());
        m_vectors = QJsonDocument::fromJson(file(QStringLiteral("vectors.json"))).object();
        QVERIFY(list("valid").size() >= 3);
        QVERIFY(list("broken").size() >= 10);
        QVERIFY(list("signatures").size() >= 6);
    }

    void decodesWhatPythonWrote_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        for (const QJsonValue v : list("valid"))
            QTest::newRow(qPrintable(text(v.toObject(), "name"))) << v.toObject();
    }

    void decodesWhatPythonWrote()
    {
        QFETCH(QJsonObject, vector);
        QString error;
        const auto certificate = decode(text(vector, "code").toLatin1(), &error);
        QVERIFY2(certificate, qPrintable(error));
        const QJsonObject fields = vector.value(QLatin1StringView("fields")).toObject();
        QCOMPARE(certificate->familyName, text(fields, "familyName"));
        QCOMPARE(certificate->givenName, text(fields, "givenName"));
        QCOMPARE(certificate->dateOfBirth, day(fields.value(QLatin1StringView("dateOfBirth"))));
        QCOMPARE(certificate->issuerCountry, text(fields, "issuerCountry"));
        QCOMPARE(certificate->issuedAt, fields.value(QLatin1StringView("issuedAt")).toInteger());
        QCOMPARE(certificate->expiresAt, fields.value(QLatin1StringView("expiresAt")).toInteger());
        QCOMPARE(certificate->algorithm, fields.value(QLatin1StringView("algorithm")).toInt());
        QCOMPARE(certificate->keyId,
            QByteArray::fromBase64(
                text(fields, "keyId").toLatin1(), QByteArray::Base64UrlEncoding));
        QCOMPARE(certificate->signature.size(), 64);
        QCOMPARE(certificate->signedBytes.toHex(), text(vector, "signedBytes").toLatin1());
        const QJsonArray doses = fields.value(QLatin1StringView("vaccinations")).toArray();
        QCOMPARE(certificate->vaccinations.size(), doses.size());
        for (qsizetype i = 0; i < doses.size(); ++i) {
            const QJsonObject expected = doses.at(i).toObject();
            const Hc1Vaccination &v = certificate->vaccinations.at(i);
            QCOMPARE(v.disease, text(expected, "disease"));
            QCOMPARE(v.vaccine, text(expected, "vaccine"));
            QCOMPARE(v.product, text(expected, "product"));
            QCOMPARE(v.manufacturer, text(expected, "manufacturer"));
            QCOMPARE(v.dose, expected.value(QLatin1StringView("dose")).toInt());
            QCOMPARE(v.doses, expected.value(QLatin1StringView("doses")).toInt());
            QCOMPARE(v.date, day(expected.value(QLatin1StringView("date"))));
            QCOMPARE(v.country, text(expected, "country"));
            QCOMPARE(v.issuer, text(expected, "issuer"));
            QCOMPARE(v.certificateId, text(expected, "certificateId"));
        }
        // The JSON for APIs: the same fields, times on the wire, no signature bytes.
        const QJsonObject json = certificate->toJson();
        QCOMPARE(json.value(QLatin1StringView("familyName")).toString(), certificate->familyName);
        QCOMPARE(json.value(QLatin1StringView("keyId")), fields.value(QLatin1StringView("keyId")));
        QCOMPARE(json.value(QLatin1StringView("dateOfBirth")),
            fields.value(QLatin1StringView("dateOfBirth")));
        QCOMPARE(json.value(QLatin1StringView("issuedAt")).toString(),
            QDateTime::fromSecsSinceEpoch(certificate->issuedAt, Qt::UTC)
                .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")));
        QCOMPARE(json.value(QLatin1StringView("vaccinations")).toArray().size(), doses.size());
        QVERIFY(!json.contains(QLatin1StringView("signature")));
    }

    void refusesBrokenCodesWithTheirReason_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QString>("reason");
        for (const QJsonValue v : list("broken")) {
            const QJsonObject vector = v.toObject();
            QTest::newRow(qPrintable(text(vector, "name")))
                << text(vector, "code").toLatin1() << text(vector, "reason");
        }
        QTest::newRow("empty") << QByteArray() << QStringLiteral("HC1:");
        QTest::newRow("prefix only") << QByteArray("HC1:") << QStringLiteral("no compressed data");
        QTest::newRow("too long") << QByteArray("HC1:" + QByteArray(maxTextLength, '0'))
                                  << QStringLiteral("longer than");
    }

    void refusesBrokenCodesWithTheirReason()
    {
        QFETCH(QByteArray, code);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!decode(code, &error).has_value());
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(!decode(code).has_value()); // no error text asked for: the same answer
    }

    void verifiesSignatures_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<QList<QByteArray>>("keys");
        QTest::addColumn<QString>("expected");
        for (const QJsonValue v : list("signatures")) {
            const QJsonObject vector = v.toObject();
            QList<QByteArray> keys;
            for (const QJsonValue key : vector.value(QLatin1StringView("keys")).toArray())
                keys.append(QByteArray::fromHex(key.toString().toLatin1()));
            QTest::newRow(qPrintable(text(vector, "name")))
                << text(vector, "code").toLatin1() << keys << text(vector, "expect");
        }
    }

    void verifiesSignatures()
    {
        QFETCH(QByteArray, code);
        QFETCH(QList<QByteArray>, keys);
        QFETCH(QString, expected);
        QString error;
        const auto certificate = decode(code, &error);
        QVERIFY2(certificate, qPrintable(error));
        QString reason;
        const Hc1Signature answer = server::verifyHc1(*certificate, keys, &reason);
        QCOMPARE(server::hc1SignatureName(answer), expected);
        QVERIFY(reason.startsWith(QStringLiteral("signature ") + expected.replace(u'_', u' ')));
    }

    void keysThatAreNotP256AreNotUsed()
    {
        const auto certificate = decode(text(list("valid").at(0).toObject(), "code").toLatin1());
        QVERIFY(certificate);
        QString reason;
        QCOMPARE(server::verifyHc1(*certificate, { QByteArray("not a key") }, &reason),
            Hc1Signature::NotChecked);
        QVERIFY(reason.contains(QStringLiteral("P-256")));
    }

    void readsTheIssuerKeyFile()
    {
        QString error;
        const auto keys = server::readHc1IssuerKeys(file(QStringLiteral("issuer.pem")), &error);
        QVERIFY2(keys, qPrintable(error));
        QList<QByteArray> expected;
        for (const QJsonValue key : list("pemKeys"))
            expected.append(QByteArray::fromHex(key.toString().toLatin1()));
        QCOMPARE(*keys, expected); // a PUBLIC KEY block, then a CERTIFICATE's key
        QVERIFY(!server::readHc1IssuerKeys(file(QStringLiteral("p384.pem")), &error));
        QVERIFY2(error.contains(QStringLiteral("P-256")), qPrintable(error));
        QVERIFY(!server::readHc1IssuerKeys(QByteArray("no key here"), &error));
        QVERIFY2(error.contains(QStringLiteral("no PUBLIC KEY")), qPrintable(error));
    }

    void inflatesUpToTheCapExactly()
    {
        // qCompress writes a 4-byte length, then a zlib stream.
        const QByteArray atCap(maxInflatedSize, 'x');
        const auto inflated = inflateCapped(qCompress(atCap).sliced(4), maxInflatedSize);
        QVERIFY(inflated);
        QCOMPARE(*inflated, atCap);
        QString error;
        const QByteArray over = atCap + "x";
        QVERIFY(!inflateCapped(qCompress(over).sliced(4), maxInflatedSize, &error));
        QVERIFY2(error.contains(QStringLiteral("more than 65536")), qPrintable(error));
        const QByteArray trailing = qCompress(atCap).sliced(4) + "!";
        QVERIFY(!inflateCapped(trailing, maxInflatedSize, &error));
        QVERIFY2(error.contains(QStringLiteral("after the compressed data")), qPrintable(error));
    }

    void capsCborItems()
    {
        // [0, 0, 0]: four items.
        const QByteArray array = QByteArray::fromHex("83000000");
        QVERIFY(cborstrict::readOne(array, 4, nullptr));
        QString error;
        QVERIFY(!cborstrict::readOne(array, 3, &error));
        QVERIFY2(error.contains(QStringLiteral("more data items")), qPrintable(error));
        QVERIFY(cborstrict::readOne(array)); // no cap by default
    }
};

QTEST_GUILESS_MAIN(TestHc1)
#include "tst_hc1.moc"
