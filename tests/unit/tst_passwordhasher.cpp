#include "crypto/passwordhasher.h"

#include <QTest>

using namespace tessera::server;

class TestPasswordHasher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashAndVerify()
    {
        const PasswordHasher hasher(PasswordHasher::Cost::Minimum);
        const auto hash = hasher.hash(QStringLiteral("correct horse battery staple"));
        QVERIFY(hash);
        QVERIFY2(hash->startsWith(QStringLiteral("$argon2id$")), qPrintable(*hash));
        QVERIFY(!hash->contains(QStringLiteral("horse")));
        QVERIFY(hasher.verify(*hash, QStringLiteral("correct horse battery staple")));
        QVERIFY(!hasher.verify(*hash, QStringLiteral("correct horse battery stapler")));
        QVERIFY(!hasher.verify(*hash, QString()));
    }

    void saltedEachTime()
    {
        const PasswordHasher hasher(PasswordHasher::Cost::Minimum);
        QVERIFY(hasher.hash(QStringLiteral("same")) != hasher.hash(QStringLiteral("same")));
    }

    void unicodePasswords()
    {
        const PasswordHasher hasher(PasswordHasher::Cost::Minimum);
        const QString password = QStringLiteral("पासवर्ड-ünïcødé-密码");
        const auto hash = hasher.hash(password);
        QVERIFY(hash);
        QVERIFY(hasher.verify(*hash, password));
    }

    void hashesOfAnotherCostStillVerify()
    {
        const auto cheap = PasswordHasher(PasswordHasher::Cost::Minimum).hash(QStringLiteral("pw"));
        QVERIFY(cheap);
        QVERIFY(
            PasswordHasher(PasswordHasher::Cost::Interactive).verify(*cheap, QStringLiteral("pw")));
    }

    void garbageHashNeverVerifies()
    {
        const PasswordHasher hasher;
        QVERIFY(!hasher.verify(QString(), QStringLiteral("pw")));
        QVERIFY(!hasher.verify(QStringLiteral("$argon2id$nonsense"), QStringLiteral("pw")));
        QVERIFY(!hasher.verify(QString(500, QLatin1Char('x')), QStringLiteral("pw")));
    }

    void costNames()
    {
        for (const auto cost : { PasswordHasher::Cost::Interactive, PasswordHasher::Cost::Moderate,
                 PasswordHasher::Cost::Minimum })
            QCOMPARE(PasswordHasher::costFromName(PasswordHasher::costName(cost)), cost);
        QVERIFY(!PasswordHasher::costFromName(QStringLiteral("fast")));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
