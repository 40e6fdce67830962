#include "storage/memorysecretstore.h"

#include <QTest>

using namespace tessera;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeReadRemove()
    {
        MemorySecretStore store;
        QCOMPARE(store.read(QStringLiteral("k")).result().outcome, SecretOutcome::NotFound);
        QCOMPARE(store.write(QStringLiteral("k"), QByteArrayLiteral("v1")).result().outcome,
            SecretOutcome::Ok);
        const SecretResult read = store.read(QStringLiteral("k")).result();
        QCOMPARE(read.outcome, SecretOutcome::Ok);
        QCOMPARE(read.value, QByteArrayLiteral("v1"));
        QCOMPARE(store.remove(QStringLiteral("k")).result().outcome, SecretOutcome::Ok);
        QCOMPARE(store.read(QStringLiteral("k")).result().outcome, SecretOutcome::NotFound);
        QCOMPARE(store.remove(QStringLiteral("k")).result().outcome, SecretOutcome::Ok);
    }

    void refusesLargeEmptyAndUnnamed()
    {
        MemorySecretStore store;
        const QByteArray limit(SecretStore::maxSecretBytes, 'x');
        QCOMPARE(store.write(QStringLiteral("k"), limit).result().outcome, SecretOutcome::Ok);
        const QByteArray tooLarge(SecretStore::maxSecretBytes + 1, 'x');
        QCOMPARE(
            store.write(QStringLiteral("big"), tooLarge).result().outcome, SecretOutcome::Refused);
        QCOMPARE(store.write(QStringLiteral("empty"), QByteArray()).result().outcome,
            SecretOutcome::Refused);
        QCOMPARE(store.read(QString()).result().outcome, SecretOutcome::Refused);
        QCOMPARE(store.size(), 1);
    }

    void unavailableIsNotNotFound()
    {
        MemorySecretStore store;
        QCOMPARE(store.write(QStringLiteral("k"), QByteArrayLiteral("v")).result().outcome,
            SecretOutcome::Ok);
        store.setFailure(SecretOutcome::Unavailable);
        const SecretResult read = store.read(QStringLiteral("k")).result();
        QCOMPARE(read.outcome, SecretOutcome::Unavailable);
        QVERIFY(read.value.isEmpty());
        QCOMPARE(store.remove(QStringLiteral("k")).result().outcome, SecretOutcome::Unavailable);
        store.setFailure(SecretOutcome::Denied);
        QCOMPARE(store.write(QStringLiteral("k"), QByteArrayLiteral("w")).result().outcome,
            SecretOutcome::Denied);
        // Nothing was lost while the store could not be asked.
        store.setFailure(SecretOutcome::Ok);
        QCOMPARE(store.read(QStringLiteral("k")).result().value, QByteArrayLiteral("v"));
    }
};

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
