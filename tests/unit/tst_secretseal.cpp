// SecretSeal: the server's secrets at rest (server/src/storage/secretseal.h).
#include "storage/secretseal.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

using tessera::server::SecretSeal;

class TestSecretSeal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }

    void sealsAndOpens()
    {
        const SecretSeal seal(QByteArray(SecretSeal::keyBytes, 'k'));
        QVERIFY(seal.isValid());
        const QString sealed =
            seal.seal("whsec_secret", QStringLiteral("api_keys.webhook_secret a"));
        QVERIFY(SecretSeal::isSealed(sealed));
        QVERIFY(!sealed.contains(QLatin1String("whsec")));
        QCOMPARE(seal.open(sealed, QStringLiteral("api_keys.webhook_secret a")),
            QByteArray("whsec_secret"));
        // A fresh nonce each time: the same secret never seals to the same text.
        QVERIFY(seal.seal("whsec_secret", QStringLiteral("c"))
            != seal.seal("whsec_secret", QStringLiteral("c")));
        // Binary secrets (an Ed25519 secret key) and empty ones.
        const QByteArray binary("\x00\x01\xff\x80", 4);
        QCOMPARE(seal.open(seal.seal(binary, QStringLiteral("c")), QStringLiteral("c")), binary);
        QCOMPARE(seal.open(seal.seal({}, QStringLiteral("c")), QStringLiteral("c")), QByteArray());
    }

    void refusesWhatItShouldNotOpen()
    {
        const SecretSeal seal(QByteArray(SecretSeal::keyBytes, 'k'));
        const SecretSeal other(QByteArray(SecretSeal::keyBytes, 'o'));
        const QString sealed = seal.seal("secret", QStringLiteral("row 1"));
        QVERIFY(!seal.open(sealed, QStringLiteral("row 2"))); // moved to another row
        QVERIFY(!other.open(sealed, QStringLiteral("row 1"))); // another key
        QVERIFY(!seal.open(QStringLiteral("secret"), QStringLiteral("row 1"))); // not sealed
        QVERIFY(!seal.open(QStringLiteral("sealed1:"), QStringLiteral("row 1")));
        QVERIFY(!seal.open(QStringLiteral("sealed1:not base64!"), QStringLiteral("row 1")));
        QByteArray bytes = QByteArray::fromBase64(sealed.mid(8).toLatin1());
        bytes[bytes.size() - 1] = static_cast<char>(bytes.at(bytes.size() - 1) ^ 1);
        QVERIFY(!seal.open(QStringLiteral("sealed1:") + QString::fromLatin1(bytes.toBase64()),
            QStringLiteral("row 1"))); // altered
        const SecretSeal shortKey(QByteArray(16, 'k'));
        QVERIFY(!shortKey.isValid());
        QVERIFY(shortKey.seal("x", QStringLiteral("c")).isEmpty());
    }

    void keyFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("secrets.key"));
        QString error;

        // Absent and not to be made: an error, and no file.
        QVERIFY(!SecretSeal::loadKey(path, false, &error));
        QVERIFY(error.contains(QLatin1String("missing")));
        QVERIFY(!QFile::exists(path));

        // Made once, owner only; read back the same.
        const auto made = SecretSeal::loadKey(path, true, &error);
        QVERIFY2(made, qPrintable(error));
        QCOMPARE(made->size(), SecretSeal::keyBytes);
        const QFile::Permissions permissions = QFile::permissions(path);
        QVERIFY(permissions.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(!(permissions
            & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)));
        QCOMPARE(SecretSeal::loadKey(path, true, &error), made);
        QCOMPARE(SecretSeal::loadKey(path, false, &error), made);

        // Damaged: an error, and the file is left as it is, even when a key may be made.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("not a key\n");
        file.close();
        error.clear();
        QVERIFY(!SecretSeal::loadKey(path, true, &error));
        QVERIFY(error.contains(QLatin1String("32 bytes")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("not a key\n"));
    }
};

QTEST_GUILESS_MAIN(TestSecretSeal)
#include "tst_secretseal.moc"
