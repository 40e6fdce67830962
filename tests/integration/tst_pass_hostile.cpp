// The pass against a leaver and a lying scanner, through the real server (hardening items 2 and
// 8): disabling a person, resetting a local ID's password and a stricter status (office-entry
// suspended) revoke the person's passes, so a scanner that synced denies the old codes (checked
// with the protocol's verifier and with tessera-cli scan --trust, as an offline scanner would);
// the person's next pass carries the new status; a change that takes nothing away revokes
// nothing. Scan records dated far ahead or far back are not stored (counted, the batch accepted)
// and statuses that ended in the past are refused with words that say why. On SQLite and
// PostgreSQL.
#include "childprocess.h"
#include "clitestrunner.h"
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "protocol/checkprocess.h"
#include "protocol/passclaims.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustbundle.h"
#include "protocol/trustlist.h"
#include "protocol/wiretime.h"
#include "scanner/qrencoder.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestPassHostile : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    int m_databases = 0;

    ServerProcess::Options options(const QString &kind)
    {
        ServerProcess::Options options;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("pass_hostile_%1").arg(++m_databases));
        return options;
    }

    static QString signIn(const ServerProcess &server, const QString &name, const QString &device,
        const QByteArray &key)
    {
        return signInDemo(server, name, testDevice(device, key))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static QJsonObject getJson(
        const ServerProcess &server, const QString &path, const QString &token)
    {
        const HttpResult result = httpRequest("GET", server.url(path), {}, bearer(token));
        if (result.status != 200)
            qWarning("GET %s: %d %s", qPrintable(path), result.status, result.body.constData());
        return result.status == 200 ? result.json() : QJsonObject {};
    }

    // What a scanner syncs (trust list, check processes, revocations), as tessera-cli's trust
    // file holds it.
    static std::optional<pass::TrustBundle> sync(
        const ServerProcess &server, const QString &scanner)
    {
        const auto trust =
            pass::TrustList::fromJson(getJson(server, QStringLiteral("/v1/trust"), scanner));
        const auto processes = pass::CheckProcess::listFromJson(
            getJson(server, QStringLiteral("/v1/check-processes"), scanner));
        if (!trust || !processes)
            return std::nullopt;
        pass::TrustBundle bundle { *trust, *processes, {}, QDateTime::currentDateTimeUtc() };
        const QJsonArray revoked = getJson(server, QStringLiteral("/v1/revocations"), scanner)
                                       .value(QStringLiteral("revoked"))
                                       .toArray();
        for (const QJsonValue &entry : revoked)
            bundle.revoked.insert(entry.toObject().value(QStringLiteral("passId")).toString());
        return bundle;
    }

    static pass::Verdict check(const pass::TrustBundle &bundle, const QString &qr)
    {
        for (const pass::CheckProcess &process : bundle.processes) {
            if (process.name == QStringLiteral("office-entry"))
                return pass::PassVerifier(bundle.trust, bundle.revoked)
                    .verify(qr, process, QDateTime::currentSecsSinceEpoch());
        }
        return {};
    }

    static QString present(const QJsonObject &issued, const pass::KeyPair &key)
    {
        return pass::presentPass(
            QByteArray::fromBase64(issued.value(QStringLiteral("pass")).toString().toLatin1()),
            key.secretKey, QDateTime::currentSecsSinceEpoch())
            .value_or(QString());
    }

    // tessera-cli scan of the code as a PNG, signed out, with the synced data as its trust file.
    QJsonObject cliScan(const pass::TrustBundle &bundle, const QString &qr, const QString &name)
    {
        const QString trustFile = m_dir.filePath(name + QStringLiteral(".json"));
        const QString png = m_dir.filePath(name + QStringLiteral(".png"));
        QFile file(trustFile);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(QJsonDocument(bundle.toJson()).toJson()) < 0)
            return {};
        file.close();
        if (!QrEncoder::render(qr.toLatin1(), 6).save(png))
            return {};
        const CliRunner cli(QStringLiteral(TESSERA_CLI_BINARY), [] { return QUrl(); });
        const RunResult run = cli.run(m_dir.filePath(QStringLiteral("nobody")),
            { QStringLiteral("scan"), png, QStringLiteral("--process"),
                QStringLiteral("office-entry"), QStringLiteral("--trust"), trustFile });
        return lastJson(run.output);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void leaversAndStricterStatusesLoseTheirPasses_data() { addDatabaseKinds(); }
    void leaversAndStricterStatusesLoseTheirPasses()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const pass::KeyPair benKey = pass::generateKeyPair();
        const pass::KeyPair miraKey = pass::generateKeyPair();
        const pass::KeyPair ashaKey = pass::generateKeyPair();
        const QString ben = signIn(
            server, QStringLiteral("Ben Okafor"), QStringLiteral("ben-phone-1"), benKey.publicKey);
        const QString mira = signIn(server, QStringLiteral("Mira Nurse"),
            QStringLiteral("mira-phone-1"), miraKey.publicKey);
        const QString asha = signIn(
            server, QStringLiteral("Asha Rao"), QStringLiteral("asha-phone-1"), ashaKey.publicKey);
        const QString admin =
            signIn(server, QStringLiteral("Tessera Admin"), QStringLiteral("admin-desk-1"), {});
        const QString scanner = signIn(server, QStringLiteral("Sam Guard"),
            QStringLiteral("gate-scanner-1"), pass::generateKeyPair().publicKey);
        QVERIFY(!ben.isEmpty() && !mira.isEmpty() && !asha.isEmpty() && !admin.isEmpty()
            && !scanner.isEmpty());
        const QJsonObject benPass = getJson(server, QStringLiteral("/v1/pass"), ben);
        const QJsonObject miraPass = getJson(server, QStringLiteral("/v1/pass"), mira);
        const QJsonObject ashaPass = getJson(server, QStringLiteral("/v1/pass"), asha);
        QVERIFY(!benPass.isEmpty() && !miraPass.isEmpty() && !ashaPass.isEmpty());
        const QString benCode = present(benPass, benKey);
        const QString miraCode = present(miraPass, miraKey);
        const QString ashaCode = present(ashaPass, ashaKey);
        {
            const auto before = sync(server, scanner);
            QVERIFY(before);
            for (const QString &code : { benCode, miraCode, ashaCode })
                QCOMPARE(check(*before, code).kind, pass::VerdictKind::Allow);
        }

        // A change that takes nothing away (medical-check cleared, from required or cleared)
        // revokes nothing.
        const auto setStatus = [&](const QString &user, const QString &claim,
                                   const QJsonObject &body) {
            return httpRequest("PUT",
                server.url(QStringLiteral("/v1/admin/users/%1/statuses/%2").arg(user, claim)),
                compactJson(body), bearer(admin));
        };
        const QJsonObject cleared { { QStringLiteral("value"), QStringLiteral("cleared") } };
        for (const QString &user : { QStringLiteral("E1001"), QStringLiteral("E1002") }) {
            const HttpResult same = setStatus(user, QStringLiteral("medical-check"), cleared);
            QCOMPARE(same.status, 200);
            QCOMPARE(same.json().value(QStringLiteral("passesRevoked")).toInt(-1), 0);
        }
        QCOMPARE(sync(server, scanner)->revoked, QSet<QString> {});

        // The leaver, the reset local ID, the suspended employee.
        QCOMPARE(
            httpRequest("POST", server.url(QStringLiteral("/v1/admin/users/E1002/disabled")),
                compactJson(QJsonObject { { QStringLiteral("disabled"), true } }), bearer(admin))
                .status,
            200);
        const QString miraId = demoAccount(server, QStringLiteral("Mira Nurse"))
                                   .value(QStringLiteral("userId"))
                                   .toString();
        QCOMPARE(
            httpRequest("POST",
                server.url(QStringLiteral("/v1/admin/local-users/%1/reset-password").arg(miraId)),
                {}, bearer(admin))
                .status,
            200);
        const HttpResult suspended =
            setStatus(QStringLiteral("E1001"), QStringLiteral("office-entry"),
                QJsonObject { { QStringLiteral("value"), QStringLiteral("suspended") } });
        QCOMPARE(suspended.status, 200);
        QCOMPARE(suspended.json().value(QStringLiteral("passesRevoked")).toInt(), 1);

        const auto after = sync(server, scanner);
        QVERIFY(after);
        const QString ashaPassId = ashaPass.value(QStringLiteral("passId")).toString();
        QCOMPARE(after->revoked,
            (QSet<QString> { benPass.value(QStringLiteral("passId")).toString(),
                miraPass.value(QStringLiteral("passId")).toString(), ashaPassId }));
        for (const QString &code : { benCode, miraCode, ashaCode }) {
            const pass::Verdict verdict = check(*after, code);
            QCOMPARE(verdict.kind, pass::VerdictKind::Deny);
            QCOMPARE(verdict.reason, pass::Reason::Revoked);
        }
        // The real scanner's way, offline: tessera-cli scan --trust.
        const QJsonObject scanned = cliScan(*after, benCode, QStringLiteral("leaver-") + kind);
        QCOMPARE(scanned.value(QStringLiteral("verdict")).toString(), QStringLiteral("deny"));
        QCOMPARE(scanned.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));

        // The disabled and the reset person get no new pass with their old sessions.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/pass")), {}, bearer(ben)).status,
            401);
        QCOMPARE(
            httpRequest("GET", server.url(QStringLiteral("/v1/pass")), {}, bearer(mira)).status,
            401);
        // Asha's app fetches her next pass: it carries the new status, which denies by rule.
        const QJsonObject reissued = getJson(server, QStringLiteral("/v1/pass"), asha);
        QVERIFY(!reissued.isEmpty());
        QVERIFY(reissued.value(QStringLiteral("passId")).toString() != ashaPassId);
        const auto signedPass = pass::decodeSignedPass(
            QByteArray::fromBase64(reissued.value(QStringLiteral("pass")).toString().toLatin1()));
        QVERIFY(signedPass);
        const auto claims = pass::PassClaims::fromCbor(signedPass->payload);
        QVERIFY(claims);
        const auto office = std::find_if(claims->statuses.cbegin(), claims->statuses.cend(),
            [](const pass::StatusClaim &status) {
                return status.name == QStringLiteral("office-entry");
            });
        QVERIFY(office != claims->statuses.cend());
        QCOMPARE(office->value, QStringLiteral("suspended"));
        const pass::Verdict fresh = check(*after, present(reissued, ashaKey));
        QCOMPARE(fresh.kind, pass::VerdictKind::Deny);
        QVERIFY(fresh.reason != pass::Reason::Revoked);

        // Entry given back (less strict): the new pass stays valid.
        const HttpResult back = setStatus(QStringLiteral("E1001"), QStringLiteral("office-entry"),
            QJsonObject { { QStringLiteral("value"), QStringLiteral("allowed") } });
        QCOMPARE(back.status, 200);
        QCOMPARE(back.json().value(QStringLiteral("passesRevoked")).toInt(-1), 0);
        // An end to "allowed" within a pass's life takes entry away from then on: revoked.
        const HttpResult shortened =
            setStatus(QStringLiteral("E1001"), QStringLiteral("office-entry"),
                QJsonObject { { QStringLiteral("value"), QStringLiteral("allowed") },
                    { QStringLiteral("until"),
                        wiretime::format(QDateTime::currentDateTimeUtc().addSecs(3600)) } });
        QCOMPARE(shortened.status, 200);
        QCOMPARE(shortened.json().value(QStringLiteral("passesRevoked")).toInt(), 1);
        QVERIFY(sync(server, scanner)
                    ->revoked.contains(reissued.value(QStringLiteral("passId")).toString()));
    }

    void scanAndStatusTimesAreBounded_data() { addDatabaseKinds(); }
    void scanAndStatusTimesAreBounded()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString admin =
            signIn(server, QStringLiteral("Tessera Admin"), QStringLiteral("admin-desk-1"), {});
        const QString scanner = signIn(server, QStringLiteral("Sam Guard"),
            QStringLiteral("gate-scanner-1"), pass::generateKeyPair().publicKey);
        QVERIFY(!admin.isEmpty() && !scanner.isEmpty());
        int scans = 0;
        const auto upload = [&](const QString &scannedAt) {
            const QJsonObject record { { QStringLiteral("id"),
                                           QStringLiteral("scan-hostile-%1").arg(++scans) },
                { QStringLiteral("process"), QStringLiteral("office-entry") },
                { QStringLiteral("verdict"), QStringLiteral("allow") },
                { QStringLiteral("reason"), QStringLiteral("allowed") },
                { QStringLiteral("scannedAt"), scannedAt } };
            return httpRequest("POST", server.url(QStringLiteral("/v1/scans")),
                compactJson(QJsonObject { { QStringLiteral("scans"), QJsonArray { record } } }),
                bearer(scanner));
        };
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto refused = [](const HttpResult &result, const QString &words) {
            const QString message = result.json()
                                        .value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            if (result.status != 400 || errorCode(result) != QStringLiteral("invalid_request")
                || !message.contains(words)) {
                qWarning("%d %s", result.status, result.body.constData());
                return false;
            }
            return true;
        };
        // Dated far ahead (never pruned) or older than the retention: not stored, counted, and the
        // batch still answered 200 so that such a record never holds a scanner's queue up.
        const auto outOfRange = [](const HttpResult &result) {
            if (result.status != 200
                || result.json().value(QStringLiteral("outOfRange")).toInt() != 1
                || result.json().value(QStringLiteral("accepted")).toInt() != 0) {
                qWarning("%d %s", result.status, result.body.constData());
                return false;
            }
            return true;
        };
        QVERIFY(outOfRange(upload(QStringLiteral("9999-12-31T23:59:59Z"))));
        QVERIFY(outOfRange(upload(wiretime::format(now.addSecs(3600)))));
        QVERIFY(outOfRange(upload(QStringLiteral("1970-01-01T00:00:00Z"))));
        QVERIFY(outOfRange(upload(wiretime::format(now.addDays(-91)))));
        const auto stored = [](const HttpResult &result) {
            return result.status == 200
                && result.json().value(QStringLiteral("accepted")).toInt() == 1
                && result.json().value(QStringLiteral("outOfRange")).toInt() == 0;
        };
        QVERIFY(stored(upload(wiretime::format(now.addSecs(60))))); // a little clock skew
        QVERIFY(stored(upload(wiretime::format(now.addDays(-30))))); // a scanner long offline
        QVERIFY(refused(upload(QStringLiteral("not a time")), QStringLiteral("RFC 3339")));

        const auto setUntil = [&](const QString &until) {
            return httpRequest("PUT",
                server.url(QStringLiteral("/v1/admin/users/E1002/statuses/office-entry")),
                compactJson(QJsonObject { { QStringLiteral("value"), QStringLiteral("allowed") },
                    { QStringLiteral("until"), until } }),
                bearer(admin));
        };
        QVERIFY(refused(setUntil(QStringLiteral("1970-01-01T00:00:00Z")), QStringLiteral("past")));
        QVERIFY(refused(setUntil(wiretime::format(now.addSecs(-60))), QStringLiteral("past")));
        QCOMPARE(setUntil(wiretime::format(now.addDays(30))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestPassHostile)
#include "tst_pass_hostile.moc"
