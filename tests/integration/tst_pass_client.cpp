// The client core's pass and scanner side against the real server (plain HTTP on loopback) with
// real SQLCipher files: the device key made at sign-in, registered and used for the rotating QR
// (PassHolder), a secure store that cannot be read never regenerating the key, the scanner's
// trust sync and its refusal of a stale trust list (ScannerSync), scan records kept across a
// restart and uploaded once the server is back (ScanUploader), and the pass shown from the
// database while the server is down. The secrets live in a MemorySecretStore here, so that the
// test can make the store fail; tst_cli_pass runs the same flows with the real keyring.
#include "base/futurewatch.h"
#include "demoaccounts.h"
#include "identity/deviceinfo.h"
#include "identity/devicekey.h"
#include "identity/session.h"
#include "pass/passholder.h"
#include "passqr.h"
#include "scanner/scannersync.h"
#include "scanner/scanresult.h"
#include "scanner/scanuploader.h"
#include "serverprocess.h"
#include "sessiontesting.h"
#include "storage/memorysecretstore.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

namespace {

bool settle(PassHolder &holder)
{
    QTest::qWait(0);
    return QTest::qWaitFor([&] { return !holder.isBusy(); }, 60000);
}

} // namespace

class TestPassClient : public QObject
{
    Q_OBJECT

    // One installation of the app: its secrets, database file and device id.
    struct Device
    {
        QString name;
        QString databasePath;
        MemorySecretStore store;
        std::unique_ptr<ApiClient> api;
        std::unique_ptr<Session> session;
    };

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    TestDeviceInfo m_deviceInfo { QStringLiteral("pass test") };
    Device m_ben;
    Device m_sam;

    ServerProcess::Options serverOptions() const
    {
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("server"));
        return options;
    }

    // A new Session (and API client for the server's current address) for the device.
    Session &open(Device &device)
    {
        device.session.reset();
        QString error;
        const auto endpoint = ServerEndpoint::parse(
            m_server->url().toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        device.api = std::make_unique<ApiClient>(*endpoint);
        device.databasePath = m_dir.filePath(device.name + QStringLiteral(".db"));
        device.session = std::make_unique<Session>(*device.api, device.store, m_deviceInfo,
            Session::Options { device.databasePath, device.name + QStringLiteral("-device"), {} });
        return *device.session;
    }

    bool signIn(Session &session, const QString &displayName)
    {
        return signInDemo(*m_server, session, displayName);
    }

    static pass::KeyPair storedKey(MemorySecretStore &store)
    {
        const SecretResult read = waitFor(store.read(DeviceKey::secretName()));
        return read.outcome == SecretOutcome::Ok ? DeviceKey::fromSecret(read.value)
                                                 : pass::KeyPair {};
    }

    bool syncScanner(ScannerSync &sync)
    {
        QSignalSpy finished(&sync, &ScannerSync::finished);
        if (!sync.isBusy())
            sync.sync();
        return QTest::qWaitFor([&] { return finished.count() > 0; }, 60000)
            && finished.constLast().constFirst().toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        m_ben.name = QStringLiteral("ben");
        m_sam.name = QStringLiteral("sam");
    }

    void deviceKeyIsMadeAtSignInAndRegistered()
    {
        // Asha on a device of her own: a key made at sign-in, the pass bound to it.
        Device asha;
        asha.name = QStringLiteral("asha");
        Session &session = open(asha);
        QVERIFY(!storedKey(asha.store).isValid());
        QVERIFY(signIn(session, QStringLiteral("Asha Rao")));
        const pass::KeyPair key = storedKey(asha.store);
        QVERIFY(key.isValid());

        PassHolder holder(session.api(), session.scope(), asha.store);
        QVERIFY(settle(holder));
        QCOMPARE(holder.state(), PassHolder::State::Ready);
        const auto claims = claimsOfQr(holder.qrText());
        QVERIFY(claims.has_value());
        QCOMPARE(claims->devicePublicKey, key.publicKey);
        QCOMPARE(holder.passId(), claims->passId);
        QCOMPARE(holder.initials(), QStringLiteral("AR"));
        QCOMPARE(holder.subject(), QStringLiteral("E1001"));
        QCOMPARE(holder.userType(), QStringLiteral("employee"));
        QCOMPARE(holder.issuedAt().secsTo(holder.validUntil()), 24 * 3600);
        QCOMPARE(holder.issuedAt().secsTo(holder.renewAt()), 18 * 3600);
        bool office = false;
        for (const QVariant &status : holder.statuses()) {
            const QVariantMap map = status.toMap();
            office = office
                || (map.value(QStringLiteral("process")) == QStringLiteral("office-entry")
                    && map.value(QStringLiteral("status")) == QStringLiteral("allowed"));
        }
        QVERIFY(office);
        // The countdown ring's end: the end of the current 30-second step.
        const qint64 left = QDateTime::currentDateTimeUtc().msecsTo(holder.stepEndsAt());
        QVERIFY2(left > 0 && left <= 32000, qPrintable(QString::number(left)));
        // The next step brings a new code for the same pass.
        const qint64 step = pass::decodeQr(holder.qrText())->step;
        QSignalSpy rotated(&holder, &PassHolder::qrTextChanged);
        QVERIFY(QTest::qWaitFor([&] { return rotated.count() > 0; }, 40000));
        QCOMPARE(claimsOfQr(holder.qrText())->passId, claims->passId);
        QCOMPARE(pass::decodeQr(holder.qrText())->step, step + 1);

        // With less than a quarter of its life left (by the device's clock, 19 h later), the pass
        // is renewed; the server's Date header then corrects the clock for the steps.
        const QString first = holder.passId();
        const qint64 later = QDateTime::currentMSecsSinceEpoch() + 19LL * 3600 * 1000;
        QSignalSpy renewed(&holder, &PassHolder::passChanged);
        holder.setDeviceClock([later]() { return later; });
        QVERIFY(QTest::qWaitFor([&] { return renewed.count() > 0 && !holder.isBusy(); }, 60000));
        QVERIFY(holder.passId() != first);
        QCOMPARE(holder.state(), PassHolder::State::Ready);
        QVERIFY2(qAbs(holder.clockOffsetMs() + 19LL * 3600 * 1000) < 3000,
            qPrintable(QString::number(holder.clockOffsetMs())));
        QCOMPARE(claimsOfQr(holder.qrText())->passId, holder.passId());
        QVERIFY(holder.renewAt() > QDateTime::currentDateTimeUtc().addSecs(17 * 3600));

        // Sign-out removes the key with the other secrets, and the pass.
        QVERIFY(runToEnd(session, [&] { session.signOut(); }));
        QCOMPARE(session.state(), Session::State::SignedOut);
        QCOMPARE(
            waitFor(asha.store.read(DeviceKey::secretName())).outcome, SecretOutcome::NotFound);
        QCOMPARE(holder.state(), PassHolder::State::NoPass);
        QVERIFY(holder.qrText().isEmpty());
    }

    void unreadableKeyIsNeverRegenerated()
    {
        Session &session = open(m_ben);
        QVERIFY(signIn(session, QStringLiteral("Ben Okafor")));
        const pass::KeyPair key = storedKey(m_ben.store);
        QVERIFY(key.isValid());

        // The keyring is locked when the pass page opens: an error to retry, no new key.
        m_ben.store.setFailure(SecretOutcome::Unavailable);
        PassHolder holder(session.api(), session.scope(), m_ben.store);
        QVERIFY(settle(holder));
        QCOMPARE(holder.state(), PassHolder::State::Error);
        QVERIFY2(holder.errorMessage().contains(QStringLiteral("keyring")),
            qPrintable(holder.errorMessage()));
        m_ben.store.setFailure(SecretOutcome::Ok);
        QCOMPARE(storedKey(m_ben.store).secretKey, key.secretKey);
        holder.refresh();
        QVERIFY(settle(holder));
        QCOMPARE(holder.state(), PassHolder::State::Ready);
        QCOMPARE(claimsOfQr(holder.qrText())->devicePublicKey, key.publicKey);

        // A sign-in while the store cannot be read fails; the stored key stays as it was.
        Device other;
        other.name = QStringLiteral("other");
        const pass::KeyPair earlier = pass::generateKeyPair();
        QCOMPARE(waitFor(other.store.write(DeviceKey::secretName(), earlier.secretKey)).outcome,
            SecretOutcome::Ok);
        other.store.setFailure(SecretOutcome::Unavailable);
        Session &otherSession = open(other);
        QVERIFY(!signIn(otherSession, QStringLiteral("Mira Nurse")));
        QCOMPARE(otherSession.errorCode(), QStringLiteral("keyring_unavailable"));
        other.store.setFailure(SecretOutcome::Ok);
        QCOMPARE(storedKey(other.store).secretKey, earlier.secretKey);
        // With the store back, the same key is registered.
        QVERIFY(signIn(otherSession, QStringLiteral("Mira Nurse")));
        QCOMPARE(storedKey(other.store).secretKey, earlier.secretKey);
        PassHolder mira(otherSession.api(), otherSession.scope(), other.store);
        QVERIFY(settle(mira));
        QCOMPARE(mira.state(), PassHolder::State::Ready);
        QCOMPARE(claimsOfQr(mira.qrText())->devicePublicKey, earlier.publicKey);
        QCOMPARE(mira.userType(), QStringLiteral("non_employee"));
    }

    void scannerSyncsAndRefusesAStaleTrustList()
    {
        Session &session = open(m_sam);
        QVERIFY(signIn(session, QStringLiteral("Sam Guard")));
        ScannerSync sync(session.api(), session.scope(), session.profile());
        QVERIFY(syncScanner(sync));
        QCOMPARE(sync.state(), ScannerSync::State::Ready);
        QVERIFY(sync.checkProcess(QStringLiteral("office-entry")).has_value());
        QVERIFY(sync.checkProcess(QStringLiteral("medical-check")).has_value());
        QVERIFY(sync.lastSyncedAt().isValid());

        // Ben's phone shows his pass, Sam's scanner verifies it offline.
        PassHolder ben(m_ben.session->api(), m_ben.session->scope(), m_ben.store);
        QVERIFY(settle(ben));
        QCOMPARE(ben.state(), PassHolder::State::Ready);
        const auto verifier = sync.verifier();
        QVERIFY(verifier.has_value());
        const pass::Verdict office = verifier->verify(
            ben.qrText(), *sync.checkProcess(QStringLiteral("office-entry")), sync.nowUnix());
        QCOMPARE(office.kind, pass::VerdictKind::Allow);
        const pass::Verdict medical = verifier->verify(
            ben.qrText(), *sync.checkProcess(QStringLiteral("medical-check")), sync.nowUnix());
        QCOMPARE(medical.kind, pass::VerdictKind::Action);

        // Eight days later without a sync: refused, with words.
        const qint64 later = QDateTime::currentMSecsSinceEpoch() + 8LL * 24 * 3600 * 1000;
        sync.setDeviceClock([later]() { return later; });
        QCOMPARE(sync.state(), ScannerSync::State::Stale);
        QString why;
        QVERIFY(!sync.verifier(&why).has_value());
        QVERIFY2(why.contains(QStringLiteral("older than 7 days")), qPrintable(why));
        // Still within the maximum age: accepted.
        sync.setMaxTrustAge(9 * 24 * 3600);
        QCOMPARE(sync.state(), ScannerSync::State::Ready);
        sync.setMaxTrustAge(ScannerSync::defaultMaxTrustAgeSeconds);
        sync.setDeviceClock({});
        QCOMPARE(sync.state(), ScannerSync::State::Ready);

        // The synced data is in the database: a restarted scanner has it before any sync.
        Session &again = open(m_sam);
        QVERIFY(runToEnd(again, [&] { again.restore(); }));
        ScannerSync restored(again.api(), again.scope(), again.profile());
        QVERIFY(restored.verifier().has_value());
        QVERIFY(syncScanner(restored));

        // Not a scanner: nothing to sync, and words saying why.
        ScannerSync notScanner(
            m_ben.session->api(), m_ben.session->scope(), m_ben.session->profile());
        QCOMPARE(notScanner.state(), ScannerSync::State::Error);
        QVERIFY2(notScanner.errorMessage().contains(QStringLiteral("scanner role")),
            qPrintable(notScanner.errorMessage()));
        QVERIFY(!notScanner.verifier().has_value());
    }

    void offlinePassAndQueuedScansReachTheServer()
    {
        ScannerSync sync(m_sam.session->api(), m_sam.session->scope(), m_sam.session->profile());
        QVERIFY(syncScanner(sync));
        PassHolder ben(m_ben.session->api(), m_ben.session->scope(), m_ben.store);
        QVERIFY(settle(ben));
        const QString passId = ben.passId();
        QVERIFY(!passId.isEmpty());

        QVERIFY(m_server->stop().has_value());
        // The pass is still shown, from the database, by a restarted app.
        {
            Session &offline = open(m_ben);
            QVERIFY(runToEnd(offline, [&] { offline.restore(); }));
            QCOMPARE(offline.state(), Session::State::SignedIn);
            PassHolder shown(offline.api(), offline.scope(), m_ben.store);
            QVERIFY(settle(shown));
            QCOMPARE(shown.state(), PassHolder::State::Ready);
            QCOMPARE(shown.passId(), passId);
            QVERIFY(shown.qrText().startsWith(QLatin1String(pass::qrPrefix)));
            shown.refresh(); // cannot reach the server: the pass stays, with words
            QVERIFY(settle(shown));
            QCOMPARE(shown.state(), PassHolder::State::Ready);
            QVERIFY(!shown.errorMessage().isEmpty());

            // The scanner checks it offline and queues the record.
            ScanResult result;
            result.isTesseraPass = true;
            result.scannedAt = sync.nowUnix();
            result.verdict = sync.verifier()->verify(shown.qrText(),
                *sync.checkProcess(QStringLiteral("office-entry")), result.scannedAt);
            QCOMPARE(result.verdict.kind, pass::VerdictKind::Allow);
            ScanUploader uploader(
                m_sam.session->api(), m_sam.session->scope(), m_sam.session->deviceId());
            uploader.setRetryDelays(std::chrono::milliseconds(100), std::chrono::milliseconds(200));
            QSignalSpy failed(&uploader, &ScanUploader::finished);
            QVERIFY(uploader.record(result));
            QCOMPARE(uploader.pendingCount(), 1);
            QVERIFY(QTest::qWaitFor([&] { return failed.count() > 0; }, 60000));
            QCOMPARE(failed.first().first().toBool(), false);
            QCOMPARE(uploader.pendingCount(), 1);
        }

        // Restart: the server on the same data (another port), the scanner app anew.
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        Session &scanner = open(m_sam);
        ScanUploader uploader(scanner.api(), scanner.scope(), scanner.deviceId());
        QSignalSpy finished(&uploader, &ScanUploader::finished);
        QVERIFY(runToEnd(scanner, [&] { scanner.restore(); }));
        QCOMPARE(scanner.state(), Session::State::SignedIn);
        QVERIFY(uploader.queue() != nullptr);
        QCOMPARE(uploader.pendingCount(), 1); // kept across the restart
        const QString id = uploader.queue()->peekBatch(1).constFirst().id;
        QCOMPARE(uploader.queue()->peekBatch(1).constFirst().record.passId, passId);
        QVERIFY(QTest::qWaitFor([&] { return finished.count() > 0; }, 60000));
        QCOMPARE(finished.constLast().constFirst().toBool(), true);
        QCOMPARE(uploader.pendingCount(), 0);

        // The server has it: the same record again is a duplicate.
        const QString token = signInDemo(
            *m_server, QStringLiteral("Sam Guard"), testDevice(QStringLiteral("gate-check-1")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        QVERIFY(!token.isEmpty());
        const QJsonObject record { { QStringLiteral("id"), id },
            { QStringLiteral("passId"), passId },
            { QStringLiteral("process"), QStringLiteral("office-entry") },
            { QStringLiteral("verdict"), QStringLiteral("allow") },
            { QStringLiteral("reason"), QStringLiteral("allowed") },
            { QStringLiteral("scannedAt"),
                QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODate) } };
        const HttpResult again = httpRequest("POST", m_server->url(QStringLiteral("/v1/scans")),
            QJsonDocument(QJsonObject { { QStringLiteral("scans"), QJsonArray { record } } })
                .toJson(QJsonDocument::Compact),
            bearer(token));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("duplicates")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPassClient)
#include "tst_pass_client.moc"
