#include "crypto/randomtokens.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace tessera::server;

class TestRandomTokens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void passwordsAreTypeableAndDistinct()
    {
        static const QRegularExpression shape(
            QStringLiteral("^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$"));
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString password = randomtokens::password();
            QVERIFY2(shape.match(password).hasMatch(), qPrintable(password));
            QVERIFY(password.size() >= 12);
            seen.insert(password);
        }
        QCOMPARE(seen.size(), 200);
    }

    void digits()
    {
        for (int i = 0; i < 200; ++i) {
            const QString value = randomtokens::digits(7);
            QCOMPARE(value.size(), 7);
            QVERIFY(value.at(0) != QLatin1Char('0'));
            bool ok = false;
            value.toInt(&ok);
            QVERIFY(ok);
        }
    }

    void urlSafeKeys()
    {
        const QString key = randomtokens::urlSafe(QStringLiteral("tsk_"), 32);
        QVERIFY(key.startsWith(QStringLiteral("tsk_")));
        QCOMPARE(key.size(), 4 + 43); // 32 bytes in unpadded base64url
        static const QRegularExpression alphabet(QStringLiteral("^tsk_[A-Za-z0-9_-]+$"));
        QVERIFY(alphabet.match(key).hasMatch());
        QVERIFY(key != randomtokens::urlSafe(QStringLiteral("tsk_"), 32));
    }

    void sha256()
    {
        QCOMPARE(randomtokens::sha256Hex(QStringLiteral("abc")),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
};

QTEST_GUILESS_MAIN(TestRandomTokens)
#include "tst_randomtokens.moc"
