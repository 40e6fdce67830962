// The session record's bytes (SessionRecord): a real session's record fits the secure store's
// limit and reads back the same; every malformed record is an error, never an empty session.
#include "identity/sessionrecord.h"
#include "storage/secretstore.h"

#include <QTest>

using namespace tessera;

class TestSessionRecordFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordRoundTripsAndIsSmall()
    {
        SessionRecord record;
        // As long as the server's tokens (tsa_/tsr_ and 43 characters of base64url).
        record.accessToken = "tsa_" + QByteArray(43, 'a');
        record.refreshToken = "tsr_" + QByteArray(43, 'r');
        record.databaseKey = QByteArray(32, '\x7f');
        QString error;
        const auto bytes = record.encode(&error);
        QVERIFY2(bytes.has_value(), qPrintable(error));
        QVERIFY(bytes->size() <= SecretStore::maxSecretBytes);
        qInfo("record of a session: %lld bytes", static_cast<long long>(bytes->size()));
        const auto back = SessionRecord::decode(*bytes, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->accessToken, record.accessToken);
        QCOMPARE(back->refreshToken, record.refreshToken);
        QCOMPARE(back->databaseKey, record.databaseKey);
        QVERIFY(!back->legacyEntriesMayRemain);
    }

    void damagedRecordsAreErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        SessionRecord record;
        record.accessToken = "tsa_x";
        record.refreshToken = "tsr_x";
        record.databaseKey = QByteArray(32, 'k');
        const QByteArray good = *record.encode(nullptr);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short") << good.left(4);
        QTest::newRow("version 2") << QByteArray(good).replace(0, 1, "\x02");
        QTest::newRow("version 0") << QByteArray(good).replace(0, 1, QByteArray(1, '\0'));
        QTest::newRow("unknown flag") << QByteArray(good).replace(1, 1, "\x02");
        QTest::newRow("cut in a field") << good.left(good.size() - 1);
        QTest::newRow("trailing byte") << good + "x";
        QTest::newRow("token too long") << QByteArray(good).replace(2, 1, "\xff");
        QByteArray longKey = QByteArrayLiteral("\x01\x00\x00\x00\x41") + QByteArray(65, 'k');
        QTest::newRow("key too long") << longKey;
    }

    void damagedRecordsAreErrors()
    {
        QFETCH(QByteArray, bytes);
        QString error;
        QVERIFY(!SessionRecord::decode(bytes, &error).has_value());
        QVERIFY(error.startsWith(QStringLiteral("the stored session record is damaged")));
    }

    void tooLongSecretsAreNotEncoded()
    {
        SessionRecord record;
        record.refreshToken = QByteArray(SessionRecord::maxTokenBytes + 1, 'r');
        QString error;
        QVERIFY(!record.encode(&error).has_value());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSessionRecordFormat)
#include "tst_sessionrecord_format.moc"
