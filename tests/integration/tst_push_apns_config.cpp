// ApnsTransport's configuration: the config JSON with each bad value named, the .p8
// key file refused without quoting it, and the apns-collapse-id made from an item id. The
// transport's sends are tested against a loopback APNs in tst_push_apns.
#include "base/clock.h"
#include "push/apnstransport.h"

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;

namespace {

const QString keyId = QStringLiteral("KEY1234567");
const QString teamId = QStringLiteral("TEAM765432");
const QString bundleId = QStringLiteral("org.tessera.app");

} // namespace

class TestPushApnsConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_keyFile;
    Clock m_clock;

    ApnsTransport::Config config() const
    {
        ApnsTransport::Config c;
        c.keyFile = m_keyFile;
        c.keyId = keyId;
        c.teamId = teamId;
        c.topic = bundleId;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keyFile = m_dir.filePath(QStringLiteral("AuthKey.p8"));
        QCOMPARE(
            QProcess::execute(QStringLiteral("openssl"),
                { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                    QStringLiteral("-out"), m_keyFile }),
            0);
    }

    void collapseIds()
    {
        QCOMPARE(ApnsTransport::collapseId(QStringLiteral("item-42")), QByteArray("item-42"));
        const QByteArray hashed = ApnsTransport::collapseId(QString(100, QLatin1Char('x')));
        QVERIFY(hashed.size() <= ApnsTransport::maxCollapseIdBytes);
        QVERIFY(hashed != ApnsTransport::collapseId(QString(101, QLatin1Char('x'))));
        QVERIFY(ApnsTransport::collapseId(QStringLiteral("ä/é")).size() <= 64);
    }

    void configFromJson()
    {
        const QJsonObject good { { QStringLiteral("keyFile"), m_keyFile },
            { QStringLiteral("keyId"), keyId }, { QStringLiteral("teamId"), teamId },
            { QStringLiteral("topic"), bundleId } };
        QString error;
        const auto parsed = ApnsTransport::Config::fromJson(good, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->endpoint, QUrl(QStringLiteral("https://api.push.apple.com")));
        QJsonObject loopback = good;
        loopback[QStringLiteral("endpoint")] = QStringLiteral("http://127.0.0.1:8443");
        QCOMPARE(ApnsTransport::Config::fromJson(loopback, &error)->endpoint,
            QUrl(QStringLiteral("http://127.0.0.1:8443")));
    }

    void configBadValuesNamed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("keyFile missing") << QStringLiteral("keyFile") << QJsonValue();
        QTest::newRow("keyFile number") << QStringLiteral("keyFile") << QJsonValue(3);
        QTest::newRow("keyId short")
            << QStringLiteral("keyId") << QJsonValue(QStringLiteral("ABC123"));
        QTest::newRow("keyId lower")
            << QStringLiteral("keyId") << QJsonValue(QStringLiteral("abcdefghij"));
        QTest::newRow("teamId long")
            << QStringLiteral("teamId") << QJsonValue(QStringLiteral("TEAM7654321"));
        QTest::newRow("teamId missing") << QStringLiteral("teamId") << QJsonValue();
        QTest::newRow("topic empty") << QStringLiteral("topic") << QJsonValue(QString());
        QTest::newRow("topic spaces")
            << QStringLiteral("topic") << QJsonValue(QStringLiteral("org.x app"));
        QTest::newRow("endpoint http remote") << QStringLiteral(
            "endpoint") << QJsonValue(QStringLiteral("http://api.push.apple.com"));
        QTest::newRow("endpoint ftp")
            << QStringLiteral("endpoint") << QJsonValue(QStringLiteral("ftp://127.0.0.1"));
        QTest::newRow("endpoint path") << QStringLiteral(
            "endpoint") << QJsonValue(QStringLiteral("https://api.push.apple.com/3/device"));
        QTest::newRow("endpoint user") << QStringLiteral(
            "endpoint") << QJsonValue(QStringLiteral("https://u:p@api.push.apple.com"));
        QTest::newRow("endpoint number") << QStringLiteral("endpoint") << QJsonValue(443);
        QTest::newRow("unknown key")
            << QStringLiteral("keyfile") << QJsonValue(QStringLiteral("x"));
    }
    void configBadValuesNamed()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QJsonObject json { { QStringLiteral("keyFile"), m_keyFile },
            { QStringLiteral("keyId"), keyId }, { QStringLiteral("teamId"), teamId },
            { QStringLiteral("topic"), bundleId } };
        if (value.isUndefined() || value.isNull())
            json.remove(key);
        else
            json[key] = value;
        QString error;
        QVERIFY(!ApnsTransport::Config::fromJson(json, &error));
        QVERIFY2(error.contains(key), qPrintable(error));
    }

    void keyFileRefusedWithoutQuotingIt()
    {
        const QString p384 = m_dir.filePath(QStringLiteral("p384.p8"));
        QCOMPARE(QProcess::execute(QStringLiteral("openssl"),
                     { QStringLiteral("genpkey"), QStringLiteral("-algorithm"),
                         QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:P-384"), QStringLiteral("-out"), p384 }),
            0);
        QFile file(p384);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pem = file.readAll();
        const QByteArray base64Line = pem.split('\n').value(1);
        QString error;
        QVERIFY(ApnsTransport::create(config(), m_clock, &error));
        ApnsTransport::Config bad = config();
        bad.keyFile = p384;
        QVERIFY(!ApnsTransport::create(bad, m_clock, &error));
        QVERIFY2(error.contains(QStringLiteral("P-256")), qPrintable(error));
        QVERIFY(!error.contains(QString::fromLatin1(base64Line.left(20))));
        bad.keyFile = m_dir.filePath(QStringLiteral("missing.p8"));
        QVERIFY(!ApnsTransport::create(bad, m_clock, &error));
        QVERIFY2(error.contains(QStringLiteral("keyFile")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPushApnsConfig)
#include "tst_push_apns_config.moc"
