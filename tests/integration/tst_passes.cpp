// The pass's server half against the real server: a signed pass for a device that registered its
// key at sign-in, verified offline with the server's trust list and check processes; statuses,
// revocation, key rotation, a device's new key (on SQLite and PostgreSQL) and scan uploads.
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "protocol/checkprocess.h"
#include "protocol/passclaims.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustlist.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

namespace {

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QList<QPair<QByteArray, QByteArray>> auth(const QString &token)
{
    return bearer(token);
}

} // namespace

class TestPasses : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    PostgresCluster m_postgres;
    pass::KeyPair m_benDevice;
    QString m_ben;
    QString m_admin;
    QString m_scanner;

    QString signIn(const QString &displayName, const QByteArray &publicKey, const QString &deviceId)
    {
        return signInDemo(m_server, displayName, testDevice(deviceId, publicKey))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    QJsonObject get(const QString &path, const QString &token, int expectedStatus = 200)
    {
        QUrl url = m_server.url(path.section(QLatin1Char('?'), 0, 0));
        url.setQuery(path.section(QLatin1Char('?'), 1));
        const HttpResult result = httpRequest("GET", url, {}, auth(token));
        if (result.status != expectedStatus)
            qWarning("GET %s: %d %s", qPrintable(path), result.status, result.body.constData());
        return result.status == expectedStatus ? result.json() : QJsonObject {};
    }

    // A fresh pass for Ben's phone, the QR text his phone shows now, and the scanner's verdict.
    struct Scan
    {
        QJsonObject issued;
        pass::Verdict verdict;
    };
    Scan scan(const QString &processName, const QSet<QString> &revoked = {})
    {
        Scan result;
        result.issued = get(QStringLiteral("/v1/pass"), m_ben);
        const QByteArray signedPass = QByteArray::fromBase64(
            result.issued.value(QStringLiteral("pass")).toString().toLatin1());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const std::optional<QString> qr = pass::presentPass(signedPass, m_benDevice.secretKey, now);
        if (!qr)
            return result;
        const auto trust = pass::TrustList::fromJson(get(QStringLiteral("/v1/trust"), m_scanner));
        const auto processes =
            pass::CheckProcess::listFromJson(get(QStringLiteral("/v1/check-processes"), m_scanner));
        if (!trust || !processes)
            return result;
        for (const pass::CheckProcess &process : *processes) {
            if (process.name == processName)
                result.verdict = pass::PassVerifier(*trust, revoked).verify(*qr, process, now);
        }
        return result;
    }

    QSet<QString> revokedList()
    {
        QSet<QString> ids;
        const QJsonArray revoked = get(QStringLiteral("/v1/revocations"), m_scanner)
                                       .value(QStringLiteral("revoked"))
                                       .toArray();
        for (const auto &entry : revoked)
            ids.insert(entry.toObject().value(QStringLiteral("passId")).toString());
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The server's clock is the real one here: the verifier checks the time step against
        // this machine's clock, as a scanner would.
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_benDevice = pass::generateKeyPair();
        QVERIFY(m_benDevice.isValid());
        m_ben = signIn(
            QStringLiteral("Ben Okafor"), m_benDevice.publicKey, QStringLiteral("ben-phone-1"));
        m_admin = signIn(QStringLiteral("Tessera Admin"), {}, QStringLiteral("admin-desk-1"));
        m_scanner = signIn(QStringLiteral("Sam Guard"), pass::generateKeyPair().publicKey,
            QStringLiteral("gate-scanner-1"));
        QVERIFY(!m_ben.isEmpty() && !m_admin.isEmpty() && !m_scanner.isEmpty());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void cleanupTestCase() { m_postgres.stop(); }

    // A sign-in that registers another key for the device (the app was signed out, which
    // removes its key, and signed in again) revokes the passes bound to the old key: scanners
    // deny them after their next sync. Passes of the new key, and a sign-in with the same key or
    // without one, revoke nothing.
    void newDeviceKeyRevokesOldPasses_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }
    void newDeviceKeyRevokesOldPasses()
    {
        QFETCH(QString, kind);
        ServerProcess::Options options;
        if (kind == QLatin1String("postgresql")) {
            QVERIFY2(m_postgres.createDatabase(QStringLiteral("passes_key_change")),
                qPrintable(m_postgres.error()));
            options.database = m_postgres.databaseUrl(QStringLiteral("passes_key_change"));
        }
        ServerProcess server;
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const auto getJson = [&server](const QString &path, const QString &token) {
            const HttpResult result = httpRequest("GET", server.url(path), {}, auth(token));
            if (result.status != 200)
                qWarning("GET %s: %d %s", qPrintable(path), result.status, result.body.constData());
            return result.status == 200 ? result.json() : QJsonObject {};
        };
        const auto signInBen = [&server](const QByteArray &publicKey) {
            return signInDemo(server, QStringLiteral("Ben Okafor"),
                testDevice(QStringLiteral("ben-phone-7"), publicKey))
                .value(QStringLiteral("accessToken"))
                .toString();
        };
        const QString scanner = signInDemo(server, QStringLiteral("Sam Guard"),
            testDevice(QStringLiteral("gate-scanner-7"), pass::generateKeyPair().publicKey))
                                    .value(QStringLiteral("accessToken"))
                                    .toString();
        const auto revoked = [&] {
            QSet<QString> ids;
            const QJsonArray list = getJson(QStringLiteral("/v1/revocations"), scanner)
                                        .value(QStringLiteral("revoked"))
                                        .toArray();
            for (const auto &entry : list)
                ids.insert(entry.toObject().value(QStringLiteral("passId")).toString());
            return ids;
        };
        const pass::KeyPair oldKey = pass::generateKeyPair();
        const pass::KeyPair newKey = pass::generateKeyPair();

        const QJsonObject oldPass =
            getJson(QStringLiteral("/v1/pass"), signInBen(oldKey.publicKey));
        // Signed in again with the same key (a new session, the same app): nothing revoked.
        const QJsonObject oldPassAgain =
            getJson(QStringLiteral("/v1/pass"), signInBen(oldKey.publicKey));
        QVERIFY(!oldPass.isEmpty() && !oldPassAgain.isEmpty());
        QCOMPARE(revoked(), QSet<QString> {});

        const QString withNewKey = signInBen(newKey.publicKey);
        const QJsonObject newPass = getJson(QStringLiteral("/v1/pass"), withNewKey);
        QVERIFY(!newPass.isEmpty());
        const QSet<QString> expected { oldPass.value(QStringLiteral("passId")).toString(),
            oldPassAgain.value(QStringLiteral("passId")).toString() };
        QCOMPARE(revoked(), expected);
        // A sign-in without a key keeps the device's key, and its pass.
        QVERIFY(!signInBen({}).isEmpty());
        QCOMPARE(revoked(), expected);

        // The scanner, with the list it synced: the old key's pass is denied as revoked (though
        // its QR text is still signed right), the new key's is allowed.
        const auto trust = pass::TrustList::fromJson(getJson(QStringLiteral("/v1/trust"), scanner));
        const auto processes = pass::CheckProcess::listFromJson(
            getJson(QStringLiteral("/v1/check-processes"), scanner));
        QVERIFY(trust && processes);
        const auto office = std::find_if(
            processes->cbegin(), processes->cend(), [](const pass::CheckProcess &process) {
                return process.name == QStringLiteral("office-entry");
            });
        QVERIFY(office != processes->cend());
        const pass::PassVerifier verifier(*trust, revoked());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto present = [now](const QJsonObject &issued, const pass::KeyPair &key) {
            return pass::presentPass(
                QByteArray::fromBase64(issued.value(QStringLiteral("pass")).toString().toLatin1()),
                key.secretKey, now);
        };
        const std::optional<QString> oldCode = present(oldPass, oldKey);
        const std::optional<QString> newCode = present(newPass, newKey);
        QVERIFY(oldCode && newCode);
        const pass::Verdict oldVerdict = verifier.verify(*oldCode, *office, now);
        QCOMPARE(oldVerdict.kind, pass::VerdictKind::Deny);
        QCOMPARE(oldVerdict.reason, pass::Reason::Revoked);
        QCOMPARE(verifier.verify(*newCode, *office, now).kind, pass::VerdictKind::Allow);
    }

    void passSaysWhoAndIsVerifiedOffline()
    {
        const Scan office = scan(QStringLiteral("office-entry"));
        const QByteArray signedPass = QByteArray::fromBase64(
            office.issued.value(QStringLiteral("pass")).toString().toLatin1());
        const auto decoded = pass::decodeSignedPass(signedPass);
        QVERIFY(decoded.has_value());
        const auto claims = pass::PassClaims::fromCbor(decoded->payload);
        QVERIFY(claims.has_value());
        QCOMPARE(claims->subject, QStringLiteral("E1002"));
        QCOMPARE(claims->initials, QStringLiteral("BO")); // initials only, never the name
        QCOMPARE(claims->userType, pass::UserType::Employee);
        QCOMPARE(claims->devicePublicKey, m_benDevice.publicKey);
        QCOMPARE(claims->expiresAt - claims->issuedAt, 24 * 3600);
        QCOMPARE(claims->passId, office.issued.value(QStringLiteral("passId")).toString());
        QVERIFY(!signedPass.contains("Okafor"));

        QCOMPARE(office.verdict.kind, pass::VerdictKind::Allow);
        const Scan medical = scan(QStringLiteral("medical-check"));
        QCOMPARE(medical.verdict.kind, pass::VerdictKind::Action);
        QCOMPARE(medical.verdict.action, QStringLiteral("Send to medical check"));

        // Someone else's phone cannot show Ben's pass.
        const std::optional<QString> stolen = pass::presentPass(
            signedPass, pass::generateKeyPair().secretKey, QDateTime::currentSecsSinceEpoch());
        QVERIFY(!stolen.has_value());
    }

    void noDeviceKeyNoPass()
    {
        const HttpResult result =
            httpRequest("GET", m_server.url(QStringLiteral("/v1/pass")), {}, auth(m_admin));
        QCOMPARE(result.status, 409);
        QVERIFY(result.body.contains("device_key_required"));
    }

    void statusChangesTheVerdict()
    {
        const HttpResult set = httpRequest("PUT",
            m_server.url(QStringLiteral("/v1/admin/users/E1002/statuses/medical-check")),
            toJson(QJsonObject { { QStringLiteral("value"), QStringLiteral("cleared") } }),
            auth(m_admin));
        QCOMPARE(set.status, 200);
        QCOMPARE(scan(QStringLiteral("medical-check")).verdict.kind, pass::VerdictKind::Allow);
        QCOMPARE(httpRequest("PUT",
                     m_server.url(QStringLiteral("/v1/admin/users/E1002/statuses/Medical")),
                     toJson(QJsonObject { { QStringLiteral("value"), QStringLiteral("cleared") } }),
                     auth(m_admin))
                     .status,
            400);
        QCOMPARE(httpRequest("PUT",
                     m_server.url(QStringLiteral("/v1/admin/users/E9999/statuses/medical-check")),
                     toJson(QJsonObject { { QStringLiteral("value"), QStringLiteral("cleared") } }),
                     auth(m_admin))
                     .status,
            404);
    }

    void revokedPassesAreDenied()
    {
        const QString cursor = get(QStringLiteral("/v1/revocations"), m_scanner)
                                   .value(QStringLiteral("cursor"))
                                   .toString();
        const Scan before = scan(QStringLiteral("office-entry"));
        const QString passId = before.issued.value(QStringLiteral("passId")).toString();
        const HttpResult revoked = httpRequest("POST",
            m_server.url(QStringLiteral("/v1/admin/passes/%1/revoke").arg(passId)), {},
            auth(m_admin));
        QCOMPARE(revoked.status, 200);
        QVERIFY(revokedList().contains(passId));
        const QJsonObject delta = get(QStringLiteral("/v1/revocations?since=") + cursor, m_scanner);
        QCOMPARE(delta.value(QStringLiteral("revoked")).toArray().size(), 1);

        // The same pass bytes, verified with the synced list: denied as revoked.
        const QByteArray signedPass = QByteArray::fromBase64(
            before.issued.value(QStringLiteral("pass")).toString().toLatin1());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto trust = pass::TrustList::fromJson(get(QStringLiteral("/v1/trust"), m_scanner));
        const auto processes =
            pass::CheckProcess::listFromJson(get(QStringLiteral("/v1/check-processes"), m_scanner));
        QVERIFY(trust && processes);
        const pass::Verdict verdict =
            pass::PassVerifier(*trust, revokedList())
                .verify(*pass::presentPass(signedPass, m_benDevice.secretKey, now),
                    processes->first(), now);
        QCOMPARE(verdict.kind, pass::VerdictKind::Deny);
        QCOMPARE(verdict.reason, pass::Reason::Revoked);
        QCOMPARE(httpRequest("POST", m_server.url(QStringLiteral("/v1/admin/passes/pNope/revoke")),
                     {}, auth(m_admin))
                     .status,
            404);
    }

    void rotatedKeysKeepOldPassesValid()
    {
        const Scan old = scan(QStringLiteral("office-entry"));
        const HttpResult rotated = httpRequest("POST",
            m_server.url(QStringLiteral("/v1/admin/issuer-keys/rotate")), {}, auth(m_admin));
        QCOMPARE(rotated.status, 200);
        const QString newKey = rotated.json().value(QStringLiteral("keyId")).toString();
        QCOMPARE(get(QStringLiteral("/v1/trust"), m_scanner)
                     .value(QStringLiteral("keys"))
                     .toArray()
                     .size(),
            2);
        const Scan fresh = scan(QStringLiteral("office-entry"));
        QCOMPARE(fresh.issued.value(QStringLiteral("issuerKeyId")).toString(), newKey);
        QCOMPARE(fresh.verdict.kind, pass::VerdictKind::Allow);
        // The pass signed before the rotation still verifies with today's trust list.
        const QByteArray signedPass =
            QByteArray::fromBase64(old.issued.value(QStringLiteral("pass")).toString().toLatin1());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto trust = pass::TrustList::fromJson(get(QStringLiteral("/v1/trust"), m_scanner));
        const auto processes =
            pass::CheckProcess::listFromJson(get(QStringLiteral("/v1/check-processes"), m_scanner));
        // office-entry (by name: site-entry sorts after it).
        const auto office = std::find_if(processes->cbegin(), processes->cend(),
            [](const pass::CheckProcess &each) { return each.name == u"office-entry"; });
        QVERIFY(office != processes->cend());
        const pass::Verdict verdict =
            pass::PassVerifier(*trust, {})
                .verify(*pass::presentPass(signedPass, m_benDevice.secretKey, now), *office, now);
        QCOMPARE(verdict.kind, pass::VerdictKind::Allow);
    }

    void checkProcessesAreEditable()
    {
        QJsonObject process {
            { QStringLiteral("name"), QStringLiteral("lab-entry") },
            { QStringLiteral("title"), QStringLiteral("Lab entry") },
            { QStringLiteral("claim"), QStringLiteral("lab-entry") },
            { QStringLiteral("rule"),
                QJsonObject { { QStringLiteral("values"),
                    QJsonObject { { QStringLiteral("allowed"),
                        QJsonObject {
                            { QStringLiteral("verdict"), QStringLiteral("allow") } } } } } } },
        };
        const auto put = [&](const QString &name, const QJsonObject &body) {
            return httpRequest("PUT",
                m_server.url(QStringLiteral("/v1/admin/check-processes/") + name), toJson(body),
                auth(m_admin));
        };
        QCOMPARE(put(QStringLiteral("lab-entry"), process).status, 200);
        QCOMPARE(put(QStringLiteral("other-name"), process).status, 400);
        QJsonObject bad = process;
        bad.insert(QStringLiteral("colour"), QStringLiteral("red"));
        QCOMPARE(put(QStringLiteral("lab-entry"), bad).status, 400);
        const QJsonArray processes = get(QStringLiteral("/v1/check-processes"), m_ben)
                                         .value(QStringLiteral("processes"))
                                         .toArray();
        QCOMPARE(processes.size(), 4); // office-entry, site-entry, medical-check, lab-entry
        // Ben has no lab status: denied with that reason.
        const Scan lab = scan(QStringLiteral("lab-entry"));
        QCOMPARE(lab.verdict.kind, pass::VerdictKind::Deny);
        QCOMPARE(lab.verdict.reason, pass::Reason::NoStatusForProcess);
    }

    void scanUploadsAreIdempotent()
    {
        QJsonArray scans;
        for (int i = 0; i < 3; ++i) {
            // Within the server's window: not ahead of its clock, not older than retention.
            const QString at =
                QDateTime::currentDateTimeUtc().addSecs(i - 60).toString(Qt::ISODate);
            scans.append(
                QJsonObject { { QStringLiteral("id"), QStringLiteral("scan-0000-%1").arg(i) },
                    { QStringLiteral("passId"), QStringLiteral("pAbc") },
                    { QStringLiteral("process"), QStringLiteral("office-entry") },
                    { QStringLiteral("verdict"), QStringLiteral("allow") },
                    { QStringLiteral("reason"), QStringLiteral("allowed") },
                    { QStringLiteral("scannedAt"), at } });
        }
        const auto upload = [&](const QJsonObject &body) {
            return httpRequest(
                "POST", m_server.url(QStringLiteral("/v1/scans")), toJson(body), auth(m_scanner));
        };
        const HttpResult first = upload(QJsonObject { { QStringLiteral("scans"), scans } });
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value(QStringLiteral("accepted")).toInt(), 3);
        const HttpResult again = upload(QJsonObject { { QStringLiteral("scans"), scans } });
        QCOMPARE(again.json().value(QStringLiteral("accepted")).toInt(), 0);
        QCOMPARE(again.json().value(QStringLiteral("duplicates")).toInt(), 3);
        QJsonObject wrong = scans.first().toObject();
        wrong.insert(QStringLiteral("verdict"), QStringLiteral("maybe"));
        QCOMPARE(
            upload(QJsonObject { { QStringLiteral("scans"), QJsonArray { wrong } } }).status, 400);
        QCOMPARE(upload(QJsonObject { { QStringLiteral("scans"), QJsonArray {} } }).status, 400);
        QCOMPARE(upload(QJsonObject { { QStringLiteral("records"), scans } }).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestPasses)
#include "tst_passes.moc"
