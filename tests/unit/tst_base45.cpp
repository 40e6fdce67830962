#include "protocol/base45.h"

#include <QRandomGenerator>
#include <QTest>

using namespace tessera;

class TestBase45 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The examples of RFC 9285, sections 4.3 and 4.4.
    void rfcExamples_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("AB") << QByteArrayLiteral("AB") << QByteArrayLiteral("BB8");
        QTest::newRow("Hello!!") << QByteArrayLiteral("Hello!!")
                                 << QByteArrayLiteral("%69 VD92EX0");
        QTest::newRow("base-45") << QByteArrayLiteral("base-45")
                                 << QByteArrayLiteral("UJCLQE7W581");
        QTest::newRow("ietf!") << QByteArrayLiteral("ietf!") << QByteArrayLiteral("QED8WEX0");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("zero byte") << QByteArray(1, '\0') << QByteArrayLiteral("00");
        QTest::newRow("0xff") << QByteArray(1, '\xff') << QByteArrayLiteral("U5");
        QTest::newRow("0xffff") << QByteArray(2, '\xff') << QByteArrayLiteral("FGW");
    }
    void rfcExamples()
    {
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, text);
        QCOMPARE(base45::encode(data), text);
        QCOMPARE(base45::encodedLength(data.size()), text.size());
        QString error;
        const auto decoded = base45::decode(text, &error);
        QVERIFY2(decoded, qPrintable(error));
        QCOMPARE(*decoded, data);
    }

    void rejectsInvalidText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("one character") << QByteArrayLiteral("A") << QStringLiteral("length");
        QTest::newRow("3n+1 characters") << QByteArrayLiteral("BB8A") << QStringLiteral("length");
        QTest::newRow("lower case") << QByteArrayLiteral("bb8") << QStringLiteral("character");
        QTest::newRow("comma") << QByteArrayLiteral("BB,") << QStringLiteral("character");
        QTest::newRow("NUL") << QByteArray("BB\0", 3) << QStringLiteral("character");
        QTest::newRow("high byte") << QByteArrayLiteral("BB\xc3") << QStringLiteral("character");
        QTest::newRow("65536") << QByteArrayLiteral("GGW") << QStringLiteral("65535");
        QTest::newRow("largest triple") << QByteArrayLiteral(":::") << QStringLiteral("65535");
        QTest::newRow("pair over 255") << QByteArrayLiteral("BB8GG") << QStringLiteral("255");
        QTest::newRow("pair 256") << QByteArrayLiteral("V5") << QStringLiteral("255");
    }
    void rejectsInvalidText()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!base45::decode(text, &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    // Every triple decodes exactly when its value fits 16 bits, and re-encodes to itself.
    void everyTriple()
    {
        static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        int valid = 0;
        QByteArray text(3, '0');
        for (int c = 0; c < 45; ++c) {
            for (int d = 0; d < 45; ++d) {
                for (int e = 0; e < 45; ++e) {
                    text[0] = alphabet[c];
                    text[1] = alphabet[d];
                    text[2] = alphabet[e];
                    const int value = c + d * 45 + e * 45 * 45;
                    const auto decoded = base45::decode(text);
                    QCOMPARE(decoded.has_value(), value <= 0xffff);
                    if (decoded) {
                        ++valid;
                        QCOMPARE(base45::encode(*decoded), text);
                    }
                }
            }
        }
        QCOMPARE(valid, 65536);
    }

    void randomRoundTrips()
    {
        QRandomGenerator random(45);
        for (int size = 0; size < 200; ++size) {
            QByteArray data(size, Qt::Uninitialized);
            for (char &byte : data)
                byte = char(random.bounded(256));
            const QByteArray text = base45::encode(data);
            QCOMPARE(text.size(), base45::encodedLength(size));
            QCOMPARE(base45::decode(text).value_or(QByteArray("x")), data);
        }
    }
};

QTEST_GUILESS_MAIN(TestBase45)
#include "tst_base45.moc"
