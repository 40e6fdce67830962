// The real Secret Service (gnome-keyring in the private D-Bus session the test command starts)
// behind KeychainSecretStore: typed outcomes, and "unavailable" is never "not found".
#include "childprocess.h"
#include "storage/keychainsecretstore.h"

#include <QRandomGenerator>
#include <QTest>
#include <QUuid>

using namespace tessera;
using namespace tessera::test;

class TestKeyring : public QObject
{
    Q_OBJECT

    QString m_service =
        QStringLiteral("tessera-test-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

    static SecretResult wait(QFuture<SecretResult> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000))
            return SecretResult { SecretOutcome::Unavailable, {}, QStringLiteral("timed out") };
        return future.result();
    }

    // secret-tool finds the entry in the Secret Service: proof that it is the real keyring.
    bool inSecretService(const QString &key) const
    {
        const RunResult result = runProgram(QStringLiteral("secret-tool"),
            { QStringLiteral("lookup"), QStringLiteral("server"), m_service, QStringLiteral("user"),
                key });
        return result.exitCode == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
            "no D-Bus session: run the tests through scripts/test.sh, which starts a private "
            "D-Bus session with an unlocked gnome-keyring");
    }

    void writeReadRemove()
    {
        KeychainSecretStore store(m_service);
        const QString key = QStringLiteral("database-key");
        QCOMPARE(wait(store.read(key)).outcome, SecretOutcome::NotFound);

        QByteArray secret(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), 8);
        const SecretResult written = wait(store.write(key, secret));
        QVERIFY2(written.outcome == SecretOutcome::Ok, qPrintable(written.message));
        QVERIFY(inSecretService(key));

        // Another instance, as after an app restart, reads the same bytes.
        KeychainSecretStore again(m_service);
        const SecretResult read = wait(again.read(key));
        QCOMPARE(read.outcome, SecretOutcome::Ok);
        QCOMPARE(read.value, secret);

        QCOMPARE(wait(store.write(key, QByteArrayLiteral("replaced"))).outcome, SecretOutcome::Ok);
        QCOMPARE(wait(store.read(key)).value, QByteArrayLiteral("replaced"));

        QCOMPARE(wait(store.remove(key)).outcome, SecretOutcome::Ok);
        QCOMPARE(wait(store.read(key)).outcome, SecretOutcome::NotFound);
        QVERIFY(!inSecretService(key));
        QCOMPARE(wait(store.remove(key)).outcome, SecretOutcome::Ok);
    }

    void servicesAreSeparate()
    {
        KeychainSecretStore one(m_service + QStringLiteral("-a"));
        KeychainSecretStore other(m_service + QStringLiteral("-b"));
        QCOMPARE(wait(one.write(QStringLiteral("k"), QByteArrayLiteral("a"))).outcome,
            SecretOutcome::Ok);
        QCOMPARE(wait(other.read(QStringLiteral("k"))).outcome, SecretOutcome::NotFound);
        QCOMPARE(wait(one.remove(QStringLiteral("k"))).outcome, SecretOutcome::Ok);
    }

    void largeSecretsAreRefusedBeforeTheStore()
    {
        KeychainSecretStore store(m_service);
        QCOMPARE(wait(store.write(QStringLiteral("big"), QByteArray(201, 'x'))).outcome,
            SecretOutcome::Refused);
        QVERIFY(!inSecretService(QStringLiteral("big")));
    }

    void noKeyringIsUnavailableNotNotFound()
    {
        // A process whose D-Bus address leads nowhere cannot ask any Secret Service.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("unix:path=/nonexistent/tessera-test-bus"));
        const QString probe = QStringLiteral(TESSERA_KEYRING_PROBE);
        for (const QString &operation : { QStringLiteral("read"), QStringLiteral("remove") }) {
            const RunResult result =
                runProgram(probe, { m_service, operation, QStringLiteral("k") },
                    std::chrono::seconds(90), {}, environment);
            QCOMPARE(result.exitCode, 0);
            // The probe prints the outcome last (the warning it logs comes before it).
            QCOMPARE(
                result.output.trimmed().split('\n').constLast(), QByteArrayLiteral("unavailable"));
        }
        const RunResult write = runProgram(probe,
            { m_service, QStringLiteral("write"), QStringLiteral("k"), QStringLiteral("v") },
            std::chrono::seconds(90), {}, environment);
        QCOMPARE(write.output.trimmed().split('\n').constLast(), QByteArrayLiteral("unavailable"));
    }
};

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
