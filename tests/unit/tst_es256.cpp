// ES256 in one place (server/src/crypto/es256.h): P-256 keys from PEM (PKCS #8 as Apple's .p8, and
// SEC 1), raw r||s signatures both ways, and what is refused. Keys are made by the openssl tool.
#include "crypto/es256.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;

class TestEs256 : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QByteArray openssl(const QStringList &arguments, const QString &out)
    {
        const QString path = m_dir.filePath(out);
        if (QProcess::execute(QStringLiteral("openssl"), QStringList(arguments) << path) != 0)
            return {};
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QByteArray p256Pkcs8() { return pkcs8(QStringLiteral("P-256"), QStringLiteral("p256.p8")); }

    QByteArray pkcs8(const QString &curve, const QString &name)
    {
        return openssl({ QStringLiteral("genpkey"), QStringLiteral("-algorithm"),
                           QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                           QStringLiteral("ec_paramgen_curve:") + curve, QStringLiteral("-out") },
            name);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void signThenVerify_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("PKCS #8 (.p8)") << QStringLiteral("pkcs8");
        QTest::newRow("SEC 1") << QStringLiteral("sec1");
    }
    void signThenVerify()
    {
        QFETCH(QString, format);
        QByteArray pem = p256Pkcs8();
        QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
        if (format == QLatin1String("sec1")) {
            pem = openssl({ QStringLiteral("ec"), QStringLiteral("-in"),
                              m_dir.filePath(QStringLiteral("p256.p8")), QStringLiteral("-out") },
                QStringLiteral("p256.sec1"));
            QVERIFY(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"));
        }
        QString error;
        const es256::Owned<EVP_PKEY> key = es256::privateKeyFromPem(pem, &error);
        QVERIFY2(key, qPrintable(error));
        QVERIFY(es256::isP256(key.get()));
        QCOMPARE(es256::publicPoint(key.get()).size(), es256::pointBytes);
        QCOMPARE(es256::publicPoint(key.get()).at(0), '\x04');
        const QByteArray data = "header.claims";
        const std::optional<QByteArray> signature = es256::sign(key.get(), data);
        QVERIFY(signature);
        QCOMPARE(signature->size(), es256::signatureBytes);
        QVERIFY(es256::verify(key.get(), data, *signature));
        QVERIFY(!es256::verify(key.get(), "header.claimz", *signature));
        QByteArray tampered = *signature;
        tampered[40] = char(tampered.at(40) ^ 1);
        QVERIFY(!es256::verify(key.get(), data, tampered));
        // the DER OpenSSL makes and the raw form go both ways
        const std::optional<QByteArray> der = es256::derFromRaw(*signature);
        QVERIFY(der);
        QCOMPARE(es256::rawFromDer(*der), signature);
    }

    // A signature whose r or s is shorter than 32 bytes (about 1 in 128) stays 64 bytes, padded.
    void leadingZerosKeepThirtyTwoBytes()
    {
        QString error;
        const es256::Owned<EVP_PKEY> key = es256::privateKeyFromPem(p256Pkcs8(), &error);
        QVERIFY(key);
        int found = 0;
        for (int i = 0; i < 20'000 && found < 2; ++i) {
            const QByteArray data = QByteArray::number(i);
            const std::optional<QByteArray> signature = es256::sign(key.get(), data);
            QVERIFY(signature);
            QCOMPARE(signature->size(), es256::signatureBytes);
            if (signature->at(0) != 0 && signature->at(32) != 0)
                continue;
            ++found;
            QVERIFY(es256::verify(key.get(), data, *signature));
            const std::optional<QByteArray> der = es256::derFromRaw(*signature);
            QVERIFY(der && der->size() < 72); // the short integer is shorter in DER
            QCOMPARE(es256::rawFromDer(*der), signature);
        }
        QCOMPARE(found, 2);
        // by construction: r = 1, s = 2
        QByteArray raw(64, '\0');
        raw[31] = 1;
        raw[63] = 2;
        const std::optional<QByteArray> der = es256::derFromRaw(raw);
        QVERIFY(der);
        QCOMPARE(der->toHex(), QByteArray("3006020101020102"));
        QCOMPARE(es256::rawFromDer(*der), raw);
    }

    void wrongLengthsRefused()
    {
        QString error;
        const es256::Owned<EVP_PKEY> key = es256::privateKeyFromPem(p256Pkcs8(), &error);
        QVERIFY(key);
        const std::optional<QByteArray> signature = es256::sign(key.get(), "x");
        QVERIFY(signature);
        QVERIFY(!es256::verify(key.get(), "x", signature->left(63)));
        QVERIFY(!es256::verify(key.get(), "x", QByteArray(*signature).append('\0')));
        QVERIFY(!es256::verify(key.get(), "x", QByteArray(1, '\0').append(*signature)));
        QVERIFY(!es256::derFromRaw(QByteArray(63, '\1')));
        QVERIFY(!es256::derFromRaw(QByteArray(65, '\1')));
        const QByteArray der = *es256::derFromRaw(*signature);
        QVERIFY(!es256::rawFromDer(QByteArray(der).append('\0'))); // bytes after the DER
        QVERIFY(!es256::rawFromDer(der.left(der.size() - 1)));
        // r of 33 significant bytes does not fit a P-256 raw signature
        QByteArray tooLong = QByteArray::fromHex("302702210102");
        tooLong.append(QByteArray(31, '\1')).append(QByteArray::fromHex("020101"));
        QVERIFY(!es256::rawFromDer(tooLong));
    }

    void otherKeysRefused()
    {
        QString error;
        QVERIFY(!es256::privateKeyFromPem(
            pkcs8(QStringLiteral("P-384"), QStringLiteral("p384.p8")), &error));
        QVERIFY2(error.contains(QStringLiteral("P-256")), qPrintable(error));
        const QByteArray ed25519 =
            openssl({ QStringLiteral("genpkey"), QStringLiteral("-algorithm"),
                        QStringLiteral("ed25519"), QStringLiteral("-out") },
                QStringLiteral("ed25519.pem"));
        QVERIFY(!ed25519.isEmpty());
        QVERIFY(!es256::privateKeyFromPem(ed25519, &error));
        QVERIFY(!es256::privateKeyFromPem("not a key", &error));
        QVERIFY(!es256::privateKeyFromPem({}, &error));
        p256Pkcs8();
        const QByteArray encrypted =
            openssl({ QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-in"),
                        m_dir.filePath(QStringLiteral("p256.p8")), QStringLiteral("-passout"),
                        QStringLiteral("pass:secret"), QStringLiteral("-out") },
                QStringLiteral("encrypted.p8"));
        QVERIFY(encrypted.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QVERIFY(!es256::privateKeyFromPem(encrypted, &error)); // refused, no passphrase prompt
        const QByteArray publicOnly =
            openssl({ QStringLiteral("pkey"), QStringLiteral("-in"),
                        m_dir.filePath(QStringLiteral("p256.p8")), QStringLiteral("-pubout"),
                        QStringLiteral("-out") },
                QStringLiteral("public.pem"));
        QVERIFY(!es256::privateKeyFromPem(publicOnly, &error));
        QVERIFY(!es256::sign(nullptr, "x"));
        QVERIFY(!es256::verify(nullptr, "x", QByteArray(64, '\1')));
    }
};

QTEST_GUILESS_MAIN(TestEs256)
#include "tst_es256.moc"
