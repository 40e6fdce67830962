// The strict CBOR reader under the QR pass (docs/PASS_FORMAT.md: definite lengths, shortest
// heads, exactly one item): each encoding the format rules out is refused with its reason, and
// what QCborValue writes is read back.
#include "protocol/cborstrict.h"

#include <QCborArray>
#include <QCborMap>
#include <QTest>

using namespace tessera;

class TestCborStrict : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deterministicEncodingsAreRead_data()
    {
        QTest::addColumn<QByteArray>("cbor");
        const auto cbor = [](const QCborValue &value) { return value.toCbor(); };
        QTest::newRow("small integer") << cbor(23);
        QTest::newRow("one-byte integer") << cbor(24);
        QTest::newRow("two-byte integer") << cbor(256);
        QTest::newRow("four-byte integer") << cbor(65536);
        QTest::newRow("eight-byte integer") << cbor(qint64(1) << 32);
        QTest::newRow("negative") << cbor(-1000);
        QTest::newRow("text") << cbor(QStringLiteral("office-entry"));
        QTest::newRow("long bytes") << cbor(QByteArray(300, 'x'));
        QTest::newRow("nested arrays")
            << cbor(QCborArray { 1, QCborArray { QStringLiteral("a"), QByteArray(64, 'b') } });
        QTest::newRow("map") << cbor(QCborMap { { 1, 2 }, { QStringLiteral("a"), 3 } });
        QTest::newRow("tag") << cbor(QCborValue(QCborTag(2), QByteArray("\x01")));
        QTest::newRow("simple") << cbor(QCborValue(QCborSimpleType(32)));
        QTest::newRow("64 levels")
            << QByteArray(cborstrict::maxDepth, '\x81') + QByteArray(1, '\x00');
    }
    void deterministicEncodingsAreRead()
    {
        QFETCH(QByteArray, cbor);
        QString error;
        const std::optional<QCborValue> value = cborstrict::readOne(cbor, &error);
        QVERIFY2(value.has_value(), qPrintable(error));
        QCOMPARE(value->toCbor(), cbor);
    }

    void otherEncodingsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("cbor");
        QTest::addColumn<QString>("reason");
        const QString indefinite = QStringLiteral("indefinite-length");
        const QString shortest = QStringLiteral("shortest form");
        QTest::newRow("indefinite outer array")
            << QByteArrayLiteral("\x9f\x01\x02\xff") << indefinite;
        QTest::newRow("indefinite empty array") << QByteArrayLiteral("\x9f\xff") << indefinite;
        QTest::newRow("indefinite array inside")
            << QByteArrayLiteral("\x82\x01\x9f\x01\xff") << indefinite;
        QTest::newRow("indefinite byte string")
            << QByteArrayLiteral("\x5f\x41\x61\x41\x62\xff") << indefinite;
        QTest::newRow("indefinite text string")
            << QByteArrayLiteral("\x7f\x61\x61\xff") << indefinite;
        QTest::newRow("indefinite map") << QByteArrayLiteral("\xbf\x01\x02\xff") << indefinite;
        QTest::newRow("lone break") << QByteArrayLiteral("\xff") << QStringLiteral("break");
        QTest::newRow("5 in a one-byte head") << QByteArrayLiteral("\x18\x05") << shortest;
        QTest::newRow("255 in a two-byte head") << QByteArrayLiteral("\x19\x00\xff") << shortest;
        QTest::newRow("65535 in a four-byte head")
            << QByteArrayLiteral("\x1a\x00\x00\xff\xff") << shortest;
        QTest::newRow("1 in an eight-byte head")
            << QByteArrayLiteral("\x1b\x00\x00\x00\x00\x00\x00\x00\x01") << shortest;
        QTest::newRow("-1 in a one-byte head") << QByteArrayLiteral("\x38\x00") << shortest;
        QTest::newRow("byte string length in a long head")
            << QByteArrayLiteral("\x58\x01\x61") << shortest;
        QTest::newRow("array length in a long head")
            << QByteArrayLiteral("\x98\x01\x00") << shortest;
        QTest::newRow("tag in a long head") << QByteArrayLiteral("\xd8\x02\x41\x01") << shortest;
        QTest::newRow("simple value in a two-byte head")
            << QByteArrayLiteral("\xf8\x10") << QStringLiteral("simple value");
        QTest::newRow("reserved head") << QByteArrayLiteral("\x1c") << QStringLiteral("reserved");
        QTest::newRow("duplicate map key")
            << QByteArrayLiteral("\xa2\x61\x61\x01\x61\x61\x02") << QStringLiteral("duplicate");
        QTest::newRow("duplicate key in a nested map")
            << QByteArrayLiteral("\x81\xa2\x01\x00\x01\x00") << QStringLiteral("duplicate");
        QTest::newRow("trailing byte")
            << QByteArrayLiteral("\x01\x00") << QStringLiteral("trailing");
        QTest::newRow("two items")
            << QByteArrayLiteral("\x81\x01\x81\x01") << QStringLiteral("trailing");
        QTest::newRow("truncated head") << QByteArrayLiteral("\x19\x01") << QStringLiteral("ends");
        QTest::newRow("truncated array")
            << QByteArrayLiteral("\x83\x01\x02") << QStringLiteral("longer");
        QTest::newRow("truncated head inside")
            << QByteArrayLiteral("\x82\x01\x19\x01") << QStringLiteral("ends");
        QTest::newRow("string past the end")
            << QByteArrayLiteral("\x5b\x7f\xff\xff\xff\xff\xff\xff\xff")
            << QStringLiteral("longer");
        QTest::newRow("array past the end")
            << QByteArrayLiteral("\x9b\x7f\xff\xff\xff\xff\xff\xff\xff")
            << QStringLiteral("longer");
        QTest::newRow("map past the end")
            << QByteArrayLiteral("\xba\x00\x01\x00\x00\x00") << QStringLiteral("longer");
        QTest::newRow("65 levels")
            << QByteArray(cborstrict::maxDepth + 1, '\x81') + QByteArray(1, '\x00')
            << QStringLiteral("nested deeper");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("no data");
        QTest::newRow("invalid UTF-8 text")
            << QByteArrayLiteral("\x62\xc3\x28") << QStringLiteral("CBOR");
    }
    void otherEncodingsAreRefused()
    {
        QFETCH(QByteArray, cbor);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!cborstrict::readOne(cbor, &error).has_value());
        QVERIFY2(error.startsWith(QStringLiteral("CBOR: ")), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCborStrict)
#include "tst_cborstrict.moc"
