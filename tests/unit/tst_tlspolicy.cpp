// TlsPolicy: the key pin's text form, the digest over the SubjectPublicKeyInfo (checked against
// what openssl computes for the same certificates), CA files, and the SSL configuration.
#include "net/tlspolicy.h"

#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

namespace {

// Self-signed certificates made once with openssl; their pins computed with
//   openssl x509 -pubkey -noout | openssl pkey -pubin -outform der
//   | openssl dgst -sha256 -binary | base64
const char ecCertificate[] = "-----BEGIN CERTIFICATE-----\n"
                             "MIIBejCCASGgAwIBAgIUOSZleZfTQCz1pazY4nRae8S7nfYwCgYIKoZIzj0EAwIw\n"
                             "EzERMA8GA1UEAwwIcGluLXRlc3QwHhcNMjYxMTI5MDkzMTU4WhcNMzYxMTI2MDkz\n"
                             "MTU4WjATMREwDwYDVQQDDAhwaW4tdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
                             "A0IABNc0uQnnyc/XbcOFm/57lyfm/JFSJLmLb/KEzGI4HaXt8A/gC2EYIzVrvuo3\n"
                             "t17pCu6o4Y1PO+O4wbLg/mF+jKmjUzBRMB0GA1UdDgQWBBSlyeOYwhOERfB+vwX/\n"
                             "gDt+RLeIZzAfBgNVHSMEGDAWgBSlyeOYwhOERfB+vwX/gDt+RLeIZzAPBgNVHRMB\n"
                             "Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIF3oUOn34d+bCFfBIrPD3FB1VmFV\n"
                             "WAcAPShNxscrF0o+AiBQysRclQStrCbz1IucOQI6khhKmQR4g9laStnxZWvmWw==\n"
                             "-----END CERTIFICATE-----\n";
const char ecPin[] = "sha256/tf7t1Fch5ELWLl2qxttZMND19c2Z6+LnXQRFYk510fM=";

const char rsaCertificate[] = "-----BEGIN CERTIFICATE-----\n"
                              "MIIDDzCCAfegAwIBAgIUd4CBPV9dsgcu3iIBL/iNVGN/HngwDQYJKoZIhvcNAQEL\n"
                              "BQAwFzEVMBMGA1UEAwwMcGluLXRlc3QtcnNhMB4XDTI2MTEyOTA5MzIwMFoXDTM2\n"
                              "MTEyNjA5MzIwMFowFzEVMBMGA1UEAwwMcGluLXRlc3QtcnNhMIIBIjANBgkqhkiG\n"
                              "9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqJLwE7rUrljbUBy7WSqhcLbaeYiz9SmIsLj7\n"
                              "1I7ejCAx+njRRLNSMVHZwzifownLQC5SqnR3iyCS5sozkNsUpsUsIPm2IYRP4arc\n"
                              "6XUj0O92HxkeX2raRZeYOoEZx/KaPIj7n2hYcgvGeoQnrrEnRWfQ6aHVMPcK4CQQ\n"
                              "AYnCigmyJ0OQ07oWuGgugm2JNcddxS4Q7SKNuTOR+fqikhQSkxtnzsoF1mt5xZMK\n"
                              "AcMLcYUld3ewY/Q9YtQhqd4iJ3CT60hD878QkQKBpp3ueXuHA/5bQKjimbCMLeiC\n"
                              "/Mn5tbA91QfAZxpdBhvI2iaCTGY4Xy5sTJ/THT+/IMSPjNa+iQIDAQABo1MwUTAd\n"
                              "BgNVHQ4EFgQUWkSrA+Jh7u0GryNL3GR6JvLdIhwwHwYDVR0jBBgwFoAUWkSrA+Jh\n"
                              "7u0GryNL3GR6JvLdIhwwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOC\n"
                              "AQEAP0fsUtAfIKUvASvBp5SJAxgu3GExSWllZ5k6wH2A6q9PM3hAafU1BpnmuA82\n"
                              "HxJyYFgTCGyFKZx/5le/h+KjCui3O6aESG8sUVbOWDIdneH0P1rW7piZaEi/9eac\n"
                              "AuQTC8hBUY3v8OvGWf+ansyoss0WSu54/Ybs4YsSRRLT2fJ8ZAHirBCHF7pzo1D4\n"
                              "nxWqH9dS51ZsAAjjUjnBTzhPaS0y0geAR7jFB7vOQRf71Vsnu1Luhe+Xl2SDTaen\n"
                              "OTdXnWFD0Xqvst/LjzNGueUa8TyK4PFfgJzxcNCB+v5LE+kVOjk6zYNJ1QkASRlj\n"
                              "RneF6ecsLkjCIVH8BJ8aVZZYuA==\n"
                              "-----END CERTIFICATE-----\n";
const char rsaPin[] = "sha256/v8Z3DPdfaA4xyys++tHeyGCMOkF4nnSoilpyVXzaOYo=";

QSslCertificate certificate(const char *pem)
{
    return QSslCertificate(QByteArray(pem), QSsl::Pem);
}

} // namespace

class TestTlsPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void digestIsOverSubjectPublicKeyInfo_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("pin");
        QTest::newRow("ec p-256") << QByteArray(ecCertificate) << QString::fromLatin1(ecPin);
        QTest::newRow("rsa 2048") << QByteArray(rsaCertificate) << QString::fromLatin1(rsaPin);
    }

    void digestIsOverSubjectPublicKeyInfo()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, pin);
        const QSslCertificate cert(pem, QSsl::Pem);
        QVERIFY(!cert.isNull());
        QCOMPARE(TlsPolicy::pinText(TlsPolicy::publicKeyDigest(cert)), pin);
    }

    void pinAcceptsOnlyItsKey()
    {
        QString error;
        const auto policy = TlsPolicy::withPin(QString::fromLatin1(ecPin), &error);
        QVERIFY2(policy, qPrintable(error));
        QVERIFY(policy->hasPin());
        QVERIFY(policy->accepts(certificate(ecCertificate)));
        QVERIFY(!policy->accepts(certificate(rsaCertificate)));
        QVERIFY(!policy->accepts(QSslCertificate()));
        // Without a pin every certificate that verifies is accepted.
        QVERIFY(TlsPolicy().accepts(certificate(rsaCertificate)));
    }

    void pinText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << QString::fromLatin1(ecPin) << true;
        QTest::newRow("spaces around")
            << QStringLiteral("  %1 ").arg(QString::fromLatin1(ecPin)) << true;
        QTest::newRow("no prefix")
            << QStringLiteral("tf7t1Fch5ELWLl2qxttZMND19c2Z6+LnXQRFYk510fM=") << false;
        QTest::newRow("sha1 prefix")
            << QStringLiteral("sha1/tf7t1Fch5ELWLl2qxttZMND19c2Z6+LnXQRFYk510fM=") << false;
        QTest::newRow("short") << QStringLiteral("sha256/AAAA") << false;
        QTest::newRow("not base64") << QStringLiteral("sha256/!!!!") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void pinText()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        const auto policy = TlsPolicy::withPin(text, &error);
        QCOMPARE(bool(policy), valid);
        QCOMPARE(error.isEmpty(), valid);
    }

    void caFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        QVERIFY(!TlsPolicy::readCaFile(dir.filePath(QStringLiteral("missing.pem")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.pem")));

        QFile junk(dir.filePath(QStringLiteral("junk.pem")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a certificate\n");
        junk.close();
        error.clear();
        QVERIFY(!TlsPolicy::readCaFile(junk.fileName(), &error));
        QVERIFY(!error.isEmpty());

        QFile both(dir.filePath(QStringLiteral("both.pem")));
        QVERIFY(both.open(QIODevice::WriteOnly));
        both.write(ecCertificate);
        both.write(rsaCertificate);
        both.close();
        const auto read = TlsPolicy::readCaFile(both.fileName(), &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->size(), 2);

        TlsPolicy policy;
        policy.addCaCertificates(*read);
        const QList<QSslCertificate> anchors = policy.sslConfiguration().caCertificates();
        QVERIFY(anchors.contains(read->constFirst()));
        QVERIFY(anchors.contains(read->constLast()));
        // The system's anchors stay: an extra CA adds trust, it does not replace it.
        QVERIFY(
            anchors.size() >= QSslConfiguration::defaultConfiguration().caCertificates().size());
        // Certificate errors are never ignored: verification stays on.
        QCOMPARE(policy.sslConfiguration().peerVerifyMode(),
            QSslConfiguration::defaultConfiguration().peerVerifyMode());
    }
};

QTEST_GUILESS_MAIN(TestTlsPolicy)
#include "tst_tlspolicy.moc"
