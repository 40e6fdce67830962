// tessera-cli pass show / pass png / scan end to end against the real server (plain HTTP on
// loopback), the tokens and the device keys in the real Secret Service
// (scripts/with-keyring.sh), the data in --data folders: the device key made at sign-in and
// registered (the server's pass carries it and the CLI signs the QR with it), the PNG read by
// zbarimg and scanned by a scanner account (allow, action), a revoked pass denied after the
// scanner's sync, the pass shown from the database while the server is down, and scan records
// made offline that survive the CLI's exit and reach the server's scan_records table.
#include "clitestrunner.h"
#include "demoaccounts.h"
#include "keyringsession.h"
#include "passqr.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestCliPass : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server->url(); },
        { QStringLiteral("--allow-plain-http") } };
    QString m_benData;
    QString m_samData;
    QString m_passId;

    ServerProcess::Options serverOptions() const
    {
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("server"));
        return options;
    }

    RunResult cli(const QString &data, const QStringList &arguments,
        const QMap<QString, QString> &env = {}, bool json = true)
    {
        return m_cli.run(data, arguments, env, json);
    }

    bool login(const QString &data, const QString &displayName)
    {
        return m_cli.login(data, *m_server, displayName);
    }

    // Ben's current code as a PNG; the text zbarimg reads from it.
    QString benPng(const QString &file, QJsonObject *answer = nullptr)
    {
        const RunResult png =
            cli(m_benData, { QStringLiteral("pass"), QStringLiteral("png"), file });
        if (png.exitCode != 0) {
            qWarning("pass png: %s", png.output.constData());
            return {};
        }
        if (answer)
            *answer = lastJson(png.output);
        const RunResult read = runProgram(QStandardPaths::findExecutable(QStringLiteral("zbarimg")),
            { QStringLiteral("--raw"), QStringLiteral("-q"), file });
        if (read.exitCode != 0)
            qWarning("zbarimg: %d %s", read.exitCode, read.output.constData());
        // zbarimg may say things about D-Bus first: the code is the line with the prefix.
        const QList<QByteArray> lines = read.output.split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith(pass::qrPrefix))
                return QString::fromLatin1(line.trimmed());
        }
        return {};
    }

    QJsonObject samScan(const QString &file, const QString &process, int *exitCode = nullptr)
    {
        const RunResult scan =
            cli(m_samData, { QStringLiteral("scan"), file, QStringLiteral("--process"), process });
        if (exitCode)
            *exitCode = scan.exitCode;
        else if (scan.exitCode != 0)
            qWarning("scan: %s", scan.output.constData());
        return lastJson(scan.output);
    }

    // Rows of the server's scan_records for a pass (read while the server runs: SQLite WAL).
    int serverScanRecords(const QString &passId)
    {
        const QString connection =
            QStringLiteral("scans-%1").arg(QRandomGenerator::global()->generate());
        int count = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(
                QDir(serverOptions().dataDir).filePath(QStringLiteral("tessera.db")));
            if (db.open()) {
                QSqlQuery query(db);
                query.prepare(
                    QStringLiteral("SELECT COUNT(*) FROM scan_records WHERE pass_id = ?"));
                query.addBindValue(passId);
                if (query.exec() && query.next())
                    count = query.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty(),
            "zbarimg (zbar-tools) is needed to read the PNG");
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        m_benData = m_dir.filePath(QStringLiteral("ben"));
        m_samData = m_dir.filePath(QStringLiteral("sam"));
        QVERIFY(login(m_benData, QStringLiteral("Ben Okafor")));
        QVERIFY(login(m_samData, QStringLiteral("Sam Guard")));
    }

    void passShowSignsWithTheRegisteredDeviceKey()
    {
        const RunResult shown = cli(m_benData, { QStringLiteral("pass"), QStringLiteral("show") });
        QVERIFY2(shown.exitCode == 0, shown.output.constData());
        const QJsonObject pass = lastJson(shown.output);
        m_passId = pass.value(QStringLiteral("passId")).toString();
        QVERIFY(!m_passId.isEmpty());
        QCOMPARE(pass.value(QStringLiteral("initials")).toString(), QStringLiteral("BO"));
        QCOMPARE(pass.value(QStringLiteral("subject")).toString(), QStringLiteral("E1002"));
        QCOMPARE(pass.value(QStringLiteral("userType")).toString(), QStringLiteral("employee"));
        const QString qrText = pass.value(QStringLiteral("qrText")).toString();
        QVERIFY(qrText.startsWith(QLatin1String(pass::qrPrefix)));

        // The server's pass is bound to the key the CLI made at sign-in: the QR's device
        // signature verifies with the pass's own device key.
        const auto code = pass::decodeQr(qrText);
        QVERIFY(code.has_value());
        const auto claims = claimsOfQr(qrText);
        QVERIFY(claims.has_value());
        QCOMPARE(claims->passId, m_passId);
        QCOMPARE(claims->devicePublicKey.size(), 32);
        const qint64 nowStep = pass::timeStep(QDateTime::currentSecsSinceEpoch());
        QVERIFY(qAbs(code->step - nowStep) <= 1);

        // A second run shows the same pass from the database (no new one while it is fresh).
        const RunResult again = cli(m_benData, { QStringLiteral("pass"), QStringLiteral("show") });
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(lastJson(again.output).value(QStringLiteral("passId")).toString(), m_passId);

        // Human text: the QR in half blocks, the initials and the validity.
        const RunResult human =
            cli(m_benData, { QStringLiteral("pass"), QStringLiteral("show") }, {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("\u2588") && human.output.contains("\u2580"),
            human.output.constData());
        QVERIFY2(human.output.contains("for BO (employee)"), human.output.constData());
        QVERIFY2(human.output.contains("Valid until "), human.output.constData());
    }

    void scannerAllowsAndAsksForMedicalCheck()
    {
        const QString file = m_dir.filePath(QStringLiteral("ben.png"));
        const QString read = benPng(file);
        QVERIFY2(read.startsWith(QLatin1String(pass::qrPrefix)), qPrintable(read));
        QCOMPARE(claimsOfQr(read)->passId, m_passId);

        const QJsonObject office = samScan(file, QStringLiteral("office-entry"));
        QCOMPARE(office.value(QStringLiteral("verdict")).toString(), QStringLiteral("allow"));
        QCOMPARE(office.value(QStringLiteral("reason")).toString(), QStringLiteral("allowed"));
        QCOMPARE(office.value(QStringLiteral("passId")).toString(), m_passId);
        QCOMPARE(office.value(QStringLiteral("initials")).toString(), QStringLiteral("BO"));
        QCOMPARE(
            office.value(QStringLiteral("process")).toString(), QStringLiteral("office-entry"));

        const QJsonObject medical = samScan(file, QStringLiteral("medical-check"));
        QCOMPARE(medical.value(QStringLiteral("verdict")).toString(), QStringLiteral("action"));
        QCOMPARE(medical.value(QStringLiteral("action")).toString(),
            QStringLiteral("Send to medical check"));

        // Both records reached the server.
        QCOMPARE(serverScanRecords(m_passId), 2);
    }

    void scanRefusesWrongUse()
    {
        const QString file = m_dir.filePath(QStringLiteral("ben.png"));
        int exitCode = 0;
        const QJsonObject unknown = samScan(file, QStringLiteral("no-such-process"), &exitCode);
        QCOMPARE(exitCode, 2);
        QCOMPARE(unknown.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("unknown_process"));
        QCOMPARE(cli(m_samData, { QStringLiteral("scan"), file }).exitCode, 2); // no --process
        // Ben holds no scanner role: no trust list for him.
        const RunResult ben = cli(m_benData,
            { QStringLiteral("scan"), file, QStringLiteral("--process"),
                QStringLiteral("office-entry") });
        QCOMPARE(ben.exitCode, 1);
        QCOMPARE(errorCode(ben.output), QStringLiteral("trust_unavailable"));
        // A file without a code.
        QImage blank(200, 200, QImage::Format_Grayscale8);
        blank.fill(255);
        const QString blankFile = m_dir.filePath(QStringLiteral("blank.png"));
        QVERIFY(blank.save(blankFile));
        const RunResult nothing = cli(m_samData,
            { QStringLiteral("scan"), blankFile, QStringLiteral("--process"),
                QStringLiteral("office-entry") });
        QCOMPARE(nothing.exitCode, 1);
        QCOMPARE(errorCode(nothing.output), QStringLiteral("no_code"));
    }

    // A scanner saves what it synced (trust save); with that file, scan checks passes signed out
    // (DESIGN: "--trust FILE for offline QA"), and uploads nothing.
    void trustFileScansSignedOut()
    {
        const QString trustFile = m_dir.filePath(QStringLiteral("trust.json"));
        const RunResult save =
            cli(m_samData, { QStringLiteral("trust"), QStringLiteral("save"), trustFile });
        QVERIFY2(save.exitCode == 0, save.output.constData());
        const QJsonObject saved = lastJson(save.output);
        QVERIFY(saved.value(QStringLiteral("issuerKeys")).toInt() >= 1);
        QVERIFY(saved.value(QStringLiteral("checkProcesses")).toInt() >= 2);

        const QString file = m_dir.filePath(QStringLiteral("ben-trust.png"));
        QVERIFY(!benPng(file).isEmpty());
        const int recordsBefore = serverScanRecords(m_passId);
        const QString nobody = m_dir.filePath(QStringLiteral("nobody")); // never signed in
        const auto scan = [&](const QString &process, const QString &trust, int *exitCode) {
            const RunResult run = cli(nobody,
                { QStringLiteral("scan"), file, QStringLiteral("--process"), process,
                    QStringLiteral("--trust"), trust });
            *exitCode = run.exitCode;
            return lastJson(run.output);
        };
        int exitCode = -1;
        const QJsonObject office = scan(QStringLiteral("office-entry"), trustFile, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(office.value(QStringLiteral("verdict")).toString(), QStringLiteral("allow"));
        QCOMPARE(office.value(QStringLiteral("passId")).toString(), m_passId);
        QCOMPARE(office.value(QStringLiteral("initials")).toString(), QStringLiteral("BO"));
        const QJsonObject medical = scan(QStringLiteral("medical-check"), trustFile, &exitCode);
        QCOMPARE(medical.value(QStringLiteral("verdict")).toString(), QStringLiteral("action"));
        QCOMPARE(serverScanRecords(m_passId), recordsBefore); // nothing uploaded

        const auto errorOf = [](const QJsonObject &answer) {
            return answer.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("code"))
                .toString();
        };
        QCOMPARE(errorOf(scan(QStringLiteral("no-such-process"), trustFile, &exitCode)),
            QStringLiteral("unknown_process"));
        QCOMPARE(exitCode, 2);
        QCOMPARE(errorOf(scan(QStringLiteral("office-entry"),
                     m_dir.filePath(QStringLiteral("missing.json")), &exitCode)),
            QStringLiteral("bad_trust_file"));
        QCOMPARE(exitCode, 2);

        // Altered (an unknown field) and stale (synced 30 days ago) files are refused.
        QFile in(trustFile);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QJsonObject bundle = QJsonDocument::fromJson(in.readAll()).object();
        const auto write = [this](const QString &name, const QJsonObject &object) {
            const QString path = m_dir.filePath(name);
            QFile out(path);
            if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(object).toJson()) < 0)
                return QString();
            return path;
        };
        QJsonObject altered = bundle;
        altered.insert(QStringLiteral("extra"), true);
        QCOMPARE(errorOf(scan(QStringLiteral("office-entry"),
                     write(QStringLiteral("altered.json"), altered), &exitCode)),
            QStringLiteral("bad_trust_file"));
        QCOMPARE(exitCode, 2);
        QJsonObject stale = bundle;
        stale.insert(QStringLiteral("syncedAt"),
            QDateTime::currentDateTimeUtc().addDays(-30).toString(Qt::ISODate));
        QCOMPARE(errorOf(scan(QStringLiteral("office-entry"),
                     write(QStringLiteral("stale.json"), stale), &exitCode)),
            QStringLiteral("trust_stale"));
        QCOMPARE(exitCode, 1);

        // Ben holds no scanner role: nothing to save.
        const RunResult ben = cli(m_benData,
            { QStringLiteral("trust"), QStringLiteral("save"),
                m_dir.filePath(QStringLiteral("ben-trust.json")) });
        QCOMPARE(ben.exitCode, 1);
        QCOMPARE(errorCode(ben.output), QStringLiteral("trust_unavailable"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("ben-trust.json"))));
    }

    void offlinePassAndScansReachTheServerLater()
    {
        QVERIFY(m_server->stop().has_value());
        // The pass is shown from the database while the server is down.
        const QString file = m_dir.filePath(QStringLiteral("offline.png"));
        QJsonObject answer;
        const QString read = benPng(file, &answer);
        QVERIFY2(read.startsWith(QLatin1String(pass::qrPrefix)), qPrintable(read));
        QCOMPARE(answer.value(QStringLiteral("passId")).toString(), m_passId);
        // The scanner checks it offline with its synced trust list; the record stays queued.
        // (The CLI needs some server address: the stopped one's.)
        const QJsonObject offline = samScan(file, QStringLiteral("office-entry"));
        QCOMPARE(offline.value(QStringLiteral("verdict")).toString(), QStringLiteral("allow"));

        // The server comes back (another port, the same data): the next run sends the queued
        // record with its own.
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        QCOMPARE(serverScanRecords(m_passId), 2);
        const QString fresh = m_dir.filePath(QStringLiteral("fresh.png"));
        QVERIFY(!benPng(fresh).isEmpty());
        QCOMPARE(samScan(fresh, QStringLiteral("office-entry"))
                     .value(QStringLiteral("verdict"))
                     .toString(),
            QStringLiteral("allow"));
        QCOMPARE(serverScanRecords(m_passId), 4);
    }

    void revokedPassIsDeniedAfterSync()
    {
        const QJsonObject admin = signInDemo(
            *m_server, QStringLiteral("Tessera Admin"), testDevice(QStringLiteral("admin-desk-1")));
        const QString token = admin.value(QStringLiteral("accessToken")).toString();
        QVERIFY(!token.isEmpty());
        const HttpResult revoked = httpRequest("POST",
            m_server->url(QStringLiteral("/v1/admin/passes/%1/revoke").arg(m_passId)), {},
            bearer(token));
        QCOMPARE(revoked.status, 200);

        const QString file = m_dir.filePath(QStringLiteral("revoked.png"));
        QJsonObject answer;
        QVERIFY(!benPng(file, &answer).isEmpty());
        QCOMPARE(answer.value(QStringLiteral("passId")).toString(), m_passId); // the same pass
        const QJsonObject denied = samScan(file, QStringLiteral("office-entry"));
        QCOMPARE(denied.value(QStringLiteral("verdict")).toString(), QStringLiteral("deny"));
        QCOMPARE(denied.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
        QCOMPARE(denied.value(QStringLiteral("passId")).toString(), m_passId);

        // A trust file saved after that sync carries the revocation.
        const QString trustFile = m_dir.filePath(QStringLiteral("trust-revoked.json"));
        QCOMPARE(
            cli(m_samData, { QStringLiteral("trust"), QStringLiteral("save"), trustFile }).exitCode,
            0);
        const RunResult signedOut = cli(m_dir.filePath(QStringLiteral("nobody")),
            { QStringLiteral("scan"), file, QStringLiteral("--process"),
                QStringLiteral("office-entry"), QStringLiteral("--trust"), trustFile });
        const QJsonObject offline = lastJson(signedOut.output);
        QCOMPARE(offline.value(QStringLiteral("verdict")).toString(), QStringLiteral("deny"));
        QCOMPARE(offline.value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    }
};

QTEST_GUILESS_MAIN(TestCliPass)
#include "tst_cli_pass.moc"
