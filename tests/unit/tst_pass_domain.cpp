// The pass feature's domain services in-process on a temporary SQLite database (beside the
// tests against the real server process): issuing, renewal, a stricter status, a leaver's
// revocation, key rotation and scan records, judged by the scanner's own PassVerifier.
#include "base/clock.h"
#include "domainsql.h"
#include "pass/passadmin.h"
#include "pass/passissuer.h"
#include "pass/passrevoker.h"
#include "pass/scannertrust.h"
#include "pass/scanrecords.h"
#include "protocol/checkprocess.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/wiretime.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tessera;
using namespace tessera::server;

namespace {

const QString person = QStringLiteral("E1001");
const QString phone = QStringLiteral("phone-1");
const QString laptop = QStringLiteral("laptop-1"); // no pass key
const QString admin = QStringLiteral("admin");

} // namespace

class TestPassDomain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Storage> m_storage;
    Clock m_clock;
    std::unique_ptr<SecretSeal> m_seal; // after sodium is initialised
    pass::KeyPair m_deviceKey;
    std::unique_ptr<PassIssuer> m_issuer;
    std::unique_ptr<ScannerTrust> m_trust;
    std::unique_ptr<PassAdmin> m_admin;

    void exec(const QString &statement, const QVariantList &values = {})
    {
        test::domainExec(*m_storage, statement, values);
    }

    int count(const QString &statement, const QVariantList &values = {})
    {
        return test::domainCount(*m_storage, statement, values);
    }

    // The scanner's verdict for a pass the phone shows now under the named check process.
    pass::Verdict scan(const QByteArray &signedPass, const QString &processName)
    {
        const auto trust = m_trust->trustList();
        const auto page = m_trust->revocations(0);
        const auto processes = m_trust->checkProcesses();
        if (!trust.ok() || !page.ok() || !processes.ok())
            return {};
        QSet<QString> revoked;
        for (const ScannerTrust::Revocation &revocation : page->revoked)
            revoked.insert(revocation.passId);
        std::optional<pass::CheckProcess> process;
        for (const QJsonObject &object : processes.value()) {
            if (object.value(QStringLiteral("name")).toString() == processName)
                process = pass::CheckProcess::fromJson(object);
        }
        const qint64 now = m_clock.now().toSecsSinceEpoch();
        const std::optional<QString> qr = pass::presentPass(signedPass, m_deviceKey.secretKey, now);
        if (!process || !qr)
            return {};
        return pass::PassVerifier(trust.value(), revoked).verify(*qr, *process, now);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(pass::ensureSodium());
        QString error;
        m_storage = tessera::test::openDomainStorage(m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_seal = std::make_unique<SecretSeal>(QByteArray(SecretSeal::keyBytes, 's'));
        m_issuer = std::make_unique<PassIssuer>(*m_storage, m_clock, *m_seal);
        m_trust = std::make_unique<ScannerTrust>(*m_storage, m_clock);
        m_admin = std::make_unique<PassAdmin>(*m_storage, m_clock);
        QVERIFY2(m_issuer->ensureDefaults(&error), qPrintable(error));
        QVERIFY2(m_issuer->ensureDefaults(&error), qPrintable(error)); // once only
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM issuer_keys")), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM check_processes")), 3);

        // A person signed in on a phone with a pass key, and on a laptop without one.
        m_deviceKey = pass::generateKeyPair();
        QVERIFY(m_deviceKey.isValid());
        const QString now = wiretime::format(m_clock.now());
        const QString later = wiretime::format(m_clock.now().addDays(1));
        exec(QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                            " user_type, created_at, updated_at) VALUES (?, 'local', 'asha',"
                            " 'asha', 'Asha Rao', 'employee', ?, ?)"),
            { person, now, now });
        for (const QString &device : { phone, laptop }) {
            exec(QStringLiteral("INSERT INTO devices (user_id, id, platform, os_version, model,"
                                " app_version, public_key, created_at, last_seen_at) VALUES"
                                " (?, ?, 'linux', '12', 'test', '1.0', ?, ?, ?)"),
                { person, device,
                    device == phone
                        ? QVariant(QString::fromLatin1(m_deviceKey.publicKey.toBase64()))
                        : sql::nullText(),
                    now, now });
            exec(QStringLiteral("INSERT INTO access_tokens (token_hash, user_id, device_id,"
                                " family_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                { QString(QStringLiteral("hash-") + device), person, device,
                    QString(QStringLiteral("family-") + device), now, later });
        }
    }

    void issuesAPassTheScannerAllows()
    {
        // No passes yet: setting the status revokes nothing.
        const PassResult<int> revoked = m_admin->setStatus(
            person, QStringLiteral("office-entry"), QStringLiteral("allowed"), std::nullopt, admin);
        QVERIFY(revoked.ok());
        QCOMPARE(revoked.value(), 0);

        const auto issued = m_issuer->issue(person, phone);
        QVERIFY(issued.ok());
        QCOMPARE(issued->claims.subject, person);
        QCOMPARE(issued->claims.initials, QStringLiteral("AR"));
        QCOMPARE(
            issued->claims.expiresAt - issued->claims.issuedAt, PassIssuer::passLifetimeSeconds);
        QCOMPARE(issued->claims.statuses.size(), 1);
        QCOMPARE(issued->claims.statuses.first().value, QStringLiteral("allowed"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM passes WHERE id = ?"),
                     { issued->claims.passId }),
            1);
        const pass::Verdict verdict = scan(issued->signedPass, QStringLiteral("office-entry"));
        QCOMPARE(verdict.kind, pass::VerdictKind::Allow);
        QCOMPARE(verdict.reason, pass::Reason::Allowed);
    }

    void refusesADeviceWithoutKeyAndUnknownNames()
    {
        QCOMPARE(m_issuer->issue(person, laptop).error(), PassError::DeviceKeyRequired);
        QCOMPARE(
            m_issuer->issue(person, QStringLiteral("nope")).error(), PassError::DeviceKeyRequired);
        QCOMPARE(m_admin->revokePass(QStringLiteral("p-none"), admin).error(), PassError::NotFound);
        QCOMPARE(m_admin->revokeDevice(person, QStringLiteral("nope"), admin).error(),
            PassError::NotFound);
        QCOMPARE(m_admin
                     ->setStatus(QStringLiteral("nobody"), QStringLiteral("office-entry"),
                         QStringLiteral("allowed"), std::nullopt, admin)
                     .error(),
            PassError::NotFound);
    }

    void renewsWithANewPassAndKeepsTheOld()
    {
        const auto first = m_issuer->issue(person, phone);
        const auto second = m_issuer->issue(person, phone);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first->claims.passId != second->claims.passId);
        QCOMPARE(
            scan(first->signedPass, QStringLiteral("office-entry")).kind, pass::VerdictKind::Allow);
        QCOMPARE(scan(second->signedPass, QStringLiteral("office-entry")).kind,
            pass::VerdictKind::Allow);
        const auto page = m_trust->revocations(0);
        QVERIFY(page.ok());
        QVERIFY(page->revoked.isEmpty());
    }

    void rotatedKeyKeepsOldPassesValid()
    {
        const auto before = m_issuer->issue(person, phone);
        const PassResult<QString> keyId = m_issuer->rotateIssuerKey(admin);
        QVERIFY(keyId.ok());
        const auto after = m_issuer->issue(person, phone);
        QVERIFY(before.ok() && after.ok());
        QCOMPARE(after->claims.issuerKeyId, keyId.value());
        QVERIFY(before->claims.issuerKeyId != keyId.value());
        QCOMPARE(scan(before->signedPass, QStringLiteral("office-entry")).kind,
            pass::VerdictKind::Allow);
        QCOMPARE(
            scan(after->signedPass, QStringLiteral("office-entry")).kind, pass::VerdictKind::Allow);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action ="
                                      " 'rotate_issuer_key'")),
            1);
    }

    void stricterStatusRevokesThePasses()
    {
        const auto issued = m_issuer->issue(person, phone);
        QVERIFY(issued.ok());
        const int live = count(QStringLiteral("SELECT COUNT(*) FROM passes WHERE user_id = ? AND"
                                              " revoked_at IS NULL"),
            { person });
        QVERIFY(live > 0);
        const PassResult<int> revoked = m_admin->setStatus(person, QStringLiteral("office-entry"),
            QStringLiteral("suspended"), std::nullopt, admin);
        QVERIFY(revoked.ok());
        QCOMPARE(revoked.value(), live);
        const pass::Verdict verdict = scan(issued->signedPass, QStringLiteral("office-entry"));
        QCOMPARE(verdict.kind, pass::VerdictKind::Deny);
        QCOMPARE(verdict.reason, pass::Reason::Revoked);
        // The renewed pass carries the new status, and the process denies it.
        const auto renewed = m_issuer->issue(person, phone);
        QVERIFY(renewed.ok());
        QCOMPARE(scan(renewed->signedPass, QStringLiteral("office-entry")).kind,
            pass::VerdictKind::Deny);
        QVERIFY(m_admin
                    ->setStatus(person, QStringLiteral("office-entry"), QStringLiteral("allowed"),
                        std::nullopt, admin)
                    .ok());
    }

    void storesScanRecordsOnceInsideTheWindow()
    {
        ScanRecords records(*m_storage, m_clock, 90);
        const QDateTime now = m_clock.now();
        const QList<ScanRecords::Scan> scans {
            { QStringLiteral("scan-0001"), QString(), QStringLiteral("office-entry"),
                QStringLiteral("deny"), QStringLiteral("malformed"), now },
            { QStringLiteral("scan-0002"), QStringLiteral("p-x"), QStringLiteral("office-entry"),
                QStringLiteral("allow"), QStringLiteral("allowed"), now.addSecs(-60) },
            { QStringLiteral("scan-0003"), QString(), QStringLiteral("office-entry"),
                QStringLiteral("deny"), QStringLiteral("expired"),
                now.addSecs(ScanRecords::maxScanAheadSeconds + 60) },
            { QStringLiteral("scan-0004"), QString(), QStringLiteral("office-entry"),
                QStringLiteral("deny"), QStringLiteral("expired"), now.addDays(-91) },
        };
        const auto first = records.store(person, phone, scans);
        QVERIFY(first.ok());
        QCOMPARE(first->accepted, 2);
        QCOMPARE(first->duplicates, 0);
        QCOMPARE(first->outOfRange, 2);
        const auto again = records.store(person, phone, scans.mid(0, 2));
        QVERIFY(again.ok());
        QCOMPARE(again->accepted, 0);
        QCOMPARE(again->duplicates, 2);
        QVERIFY(records.prune(90));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM scan_records")), 2);
    }

    void leaverLosesEveryPass()
    {
        const auto issued = m_issuer->issue(person, phone);
        QVERIFY(issued.ok());
        QCOMPARE(scan(issued->signedPass, QStringLiteral("office-entry")).kind,
            pass::VerdictKind::Allow);
        {
            // What disabling an account does (AuthService and the directory sync): the row
            // changes and PassRevoker ends the sessions and passes, in one transaction.
            QSqlDatabase db = m_storage->connection();
            sql::Transaction transaction(db);
            QVERIFY(transaction.isActive());
            QSqlQuery query(db);
            QVERIFY(sql::exec(
                query, QStringLiteral("UPDATE users SET disabled = 1 WHERE id = ?"), { person }));
            QVERIFY(PassRevoker(db, m_clock.now()).personDisabled(person, admin));
            QVERIFY(transaction.commit());
        }
        const auto page = m_trust->revocations(0);
        QVERIFY(page.ok());
        QSet<QString> revoked;
        for (const ScannerTrust::Revocation &revocation : page->revoked)
            revoked.insert(revocation.passId);
        QVERIFY(revoked.contains(issued->claims.passId));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM passes WHERE user_id = ? AND"
                                      " revoked_at IS NULL"),
                     { person }),
            0);
        const pass::Verdict verdict = scan(issued->signedPass, QStringLiteral("office-entry"));
        QCOMPARE(verdict.kind, pass::VerdictKind::Deny);
        QCOMPARE(verdict.reason, pass::Reason::Revoked);
        // No new pass slips in after the revocation.
        QCOMPARE(m_issuer->issue(person, phone).error(), PassError::SessionEnded);
        // The cursor moves on; nothing new after it.
        const auto next = m_trust->revocations(page->cursor);
        QVERIFY(next.ok());
        QVERIFY(next->revoked.isEmpty());
        QVERIFY(!next->hasMore);
        QCOMPARE(next->cursor, page->cursor);
    }

    void cleanupTestCase()
    {
        m_issuer.reset();
        m_trust.reset();
        m_admin.reset();
        m_storage.reset();
        m_seal.reset();
    }
};

QTEST_GUILESS_MAIN(TestPassDomain)
#include "tst_pass_domain.moc"
