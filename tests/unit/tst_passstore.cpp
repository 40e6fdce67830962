// The client's pass pieces without a server, on real SQLCipher files: the device key's checks,
// the scan-record queue persisted in the encrypted database (order, ids, removal, reopening),
// the upload shape of a record, and the server-clock offset from a Date header.
#include "identity/devicekey.h"
#include "net/apireply.h"
#include "scanner/scanrecordqueue.h"
#include "storage/database.h"
#include "storage/localsetting.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

namespace {

ScanRecord record(const QString &passId, pass::VerdictKind verdict, pass::Reason reason)
{
    ScanRecord scan;
    scan.passId = passId;
    scan.process = QStringLiteral("office-entry");
    scan.verdict = verdict;
    scan.reason = reason;
    scan.scannedAt = 1795948920; // 2026-11-29T10:42:00Z
    scan.scannerDeviceId = QStringLiteral("gate-1");
    return scan;
}

} // namespace

class TestPassStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void deviceKeyChecksItsBytes()
    {
        const pass::KeyPair pair = DeviceKey::generate();
        QVERIFY(pair.isValid());
        const pass::KeyPair read = DeviceKey::fromSecret(pair.secretKey);
        QVERIFY(read.isValid());
        QCOMPARE(read.publicKey, pair.publicKey);
        QVERIFY(!DeviceKey::fromSecret({}).isValid());
        QVERIFY(!DeviceKey::fromSecret(pair.secretKey.left(32)).isValid());
        QByteArray tampered = pair.secretKey;
        tampered[40] = static_cast<char>(tampered.at(40) ^ 1); // the public half
        QVERIFY(!DeviceKey::fromSecret(tampered).isValid());
        QVERIFY(DeviceKey::generate().publicKey != pair.publicKey);
    }

    void scanQueuePersists()
    {
        const QString path = m_dir.filePath(QStringLiteral("scans.db"));
        const QByteArray key = Database::newKey();
        QStringList ids;
        {
            DatabaseOpenResult opened = Database::open(path, key);
            QVERIFY2(opened.ok(), qPrintable(opened.detail));
            ScanRecordQueue queue(opened.database, QStringLiteral("gate-1"));
            QVERIFY(queue.isPersistent());
            QVERIFY(queue.isEmpty());
            QVERIFY(queue.enqueue(
                record(QStringLiteral("pA"), pass::VerdictKind::Allow, pass::Reason::Allowed)));
            QVERIFY(queue.enqueue(
                record(QStringLiteral("pB"), pass::VerdictKind::Deny, pass::Reason::Revoked)));
            QVERIFY(queue.enqueue(record({}, pass::VerdictKind::Deny, pass::Reason::BadSignature)));
            for (const ScanRecordQueue::Entry &entry : queue.peekBatch(10))
                ids.append(entry.id);
            QCOMPARE(ids.size(), 3);
            QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 3);
            for (const QString &id : ids)
                QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"))
                            .match(id)
                            .hasMatch());
        }
        {
            DatabaseOpenResult opened = Database::open(path, key);
            QVERIFY(opened.ok());
            ScanRecordQueue queue(opened.database, QStringLiteral("gate-1"));
            QCOMPARE(queue.size(), 3);
            const QList<ScanRecordQueue::Entry> batch = queue.peekBatch(2);
            QCOMPARE(batch.size(), 2);
            QCOMPARE(batch.at(0).id, ids.at(0));
            QCOMPARE(batch.at(0).record,
                record(QStringLiteral("pA"), pass::VerdictKind::Allow, pass::Reason::Allowed));
            QCOMPARE(batch.at(1).record,
                record(QStringLiteral("pB"), pass::VerdictKind::Deny, pass::Reason::Revoked));
            QCOMPARE(queue.records().at(2).reason, pass::Reason::BadSignature);
            QVERIFY(queue.remove({ ids.at(0), ids.at(1) }));
            QCOMPARE(queue.size(), 1);
        }
        DatabaseOpenResult opened = Database::open(path, key);
        QVERIFY(opened.ok());
        ScanRecordQueue queue(opened.database, QStringLiteral("gate-1"));
        QCOMPARE(queue.size(), 1);
        const ScanRecordQueue::Entry last = queue.peekBatch(5).constFirst();
        QCOMPARE(last.id, ids.at(2));
        QCOMPARE(queue.takeBatch(5).size(), 1);
        QVERIFY(queue.isEmpty());

        // The upload shape: the id, no scanner device (the server knows the caller), and no
        // pass id when the issuer's signature did not hold.
        const QJsonObject json = ScanRecordQueue::uploadJson(last);
        QCOMPARE(json.value(QStringLiteral("id")).toString(), ids.at(2));
        QVERIFY(!json.contains(QStringLiteral("passId")));
        QVERIFY(!json.contains(QStringLiteral("scannerDeviceId")));
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("deny"));
        QCOMPARE(json.value(QStringLiteral("reason")).toString(), QStringLiteral("bad_signature"));
        QCOMPARE(json.value(QStringLiteral("scannedAt")).toString(),
            QStringLiteral("2026-11-29T10:42:00Z"));
    }

    void serverClockOffset()
    {
        ApiReply reply;
        QVERIFY(!serverclock::offsetOf(reply).has_value());
        reply.serverDate = QDateTime::currentDateTimeUtc().addSecs(3600);
        const qint64 offset = *serverclock::offsetOf(reply);
        QVERIFY2(qAbs(offset - 3600 * 1000) <= 1500, qPrintable(QString::number(offset)));
        reply.serverDate = QDateTime::currentDateTimeUtc();
        QCOMPARE(*serverclock::offsetOf(reply), 0); // under 2 s: none

        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("clock.db")), Database::newKey());
        QVERIFY(opened.ok());
        QCOMPARE(serverclock::load(*opened.database), 0);
        QVERIFY(serverclock::save(*opened.database, -42000));
        QCOMPARE(serverclock::load(*opened.database), -42000);
    }
};

QTEST_GUILESS_MAIN(TestPassStore)
#include "tst_passstore.moc"
