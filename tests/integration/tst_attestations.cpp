// The daily attestation against the real server, on SQLite and PostgreSQL: the
// scanner's verdict at a check process that needs today's attestation (green without the
// requirement, amber without the answer, green with the refreshed pass, amber again the next
// day on the moved clock, green once answered); a second answer the same day is answered with
// the first; bad inputs are refused with nothing stored; answers go after the retention; the
// export holds them and an erasure by the feature's declaration removes them; the admin turns
// the requirement on and off.
#include "app/personaldataregistry.h"
#include "attest/attestpersonaldata.h"
#include "attestfixture.h"
#include "privacy/personaldata.h"

#include <QSqlDatabase>
#include <QSqlError>

#include <algorithm>

using namespace tessera;
using namespace tessera::server;
using namespace tessera::test;

class TestAttestations : public QObject, protected AttestFixture
{
    Q_OBJECT

    struct Person
    {
        QString token;
        pass::KeyPair device;
    };
    QMap<QString, Person> m_ben; // by kind
    QMap<QString, QString> m_admin;

    int answersOf(const QString &kind, const QString &userId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM attestations WHERE user_id = '%1'").arg(userId));
    }

    // The access tokens end within the day the clock moves on: Ben (the same phone and key) and
    // the admin sign in again.
    void signInAgain(const QString &kind)
    {
        m_ben[kind].token = tokenOf(server(kind), QStringLiteral("Ben Okafor"),
            QStringLiteral("ben-phone"), m_ben[kind].device.publicKey);
        m_admin[kind] =
            tokenOf(server(kind), QStringLiteral("Tessera Admin"), QStringLiteral("admin-desk"));
    }

    pass::Verdict benAt(const QString &kind, const QString &process)
    {
        return scanAt(server(kind), m_ben[kind].token, m_ben[kind].device.secretKey, process);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("attest"), &problem), qPrintable(problem));
        for (const QString &kind : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            Person ben { {}, pass::generateKeyPair() };
            ben.token = tokenOf(server(kind), QStringLiteral("Ben Okafor"),
                QStringLiteral("ben-phone"), ben.device.publicKey);
            m_admin[kind] = tokenOf(
                server(kind), QStringLiteral("Tessera Admin"), QStringLiteral("admin-desk"));
            QVERIFY(!ben.token.isEmpty() && !m_admin[kind].isEmpty());
            m_ben[kind] = ben;
        }
    }

    void cleanupTestCase() { m_postgres.stop(); }

    // No form yet: 404 for the form and for an answer; the admin's form is checked (a card
    // without inputs, a retention out of range: 422) and versioned.
    void adminDefinesTheForm_data() { addDatabaseKinds(); }
    void adminDefinesTheForm()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        QCOMPARE(
            getAs(srv, m_ben[kind].token, QStringLiteral("/v1/attestations/form")).status, 404);
        QCOMPARE(attest(srv, m_ben[kind].token, office()).status, 404);
        QCOMPARE(putForm(srv, m_ben[kind].token, attestationCard(), 30).status, 403);
        QJsonObject noInputs = attestationCard();
        noInputs.insert(QStringLiteral("body"), QJsonArray {});
        const HttpResult noForm = putForm(srv, m_admin[kind], noInputs, 30);
        QCOMPARE(noForm.status, 422);
        QCOMPARE(errorCode(noForm), QStringLiteral("invalid_card"));
        for (const int days : { 0, 366 })
            QCOMPARE(putForm(srv, m_admin[kind], attestationCard(), days).status, 422);
        const HttpResult put = putForm(srv, m_admin[kind], attestationCard(), 1);
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json().value(QStringLiteral("retentionDays")).toInt(), 1);
        QVERIFY(fits(QStringLiteral("PUT"), QStringLiteral("/v1/admin/attestations/form"), put));
        const HttpResult form =
            getAs(srv, m_ben[kind].token, QStringLiteral("/v1/attestations/form"));
        QCOMPARE(form.status, 200);
        QCOMPARE(form.json().value(QStringLiteral("card")).toObject(), attestationCard());
        QCOMPARE(form.json().value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/attestations/form"), form));
    }

    // Missing required input, an unknown input, a field that is not one: 422, nothing stored.
    void badInputsAreRefused_data() { addDatabaseKinds(); }
    void badInputsAreRefused()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = tokenOf(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-phone"));
        QVERIFY(!asha.isEmpty());
        const HttpResult missing = attest(
            srv, asha, QJsonObject { { QStringLiteral("healthy"), QStringLiteral("true") } });
        QCOMPARE(missing.status, 422);
        QCOMPARE(errorCode(missing), QStringLiteral("invalid_inputs"));
        QJsonObject extra = office();
        extra.insert(QStringLiteral("temperature"), QStringLiteral("37.2"));
        const HttpResult unknown = attest(srv, asha, extra);
        QCOMPARE(unknown.status, 422);
        QCOMPARE(errorCode(unknown), QStringLiteral("invalid_inputs"));
        const HttpResult notAField =
            httpRequest("POST", srv.url(QStringLiteral("/v1/attestations")),
                compactJson(QJsonObject { { QStringLiteral("inputs"), office() },
                    { QStringLiteral("when"), QStringLiteral("today") } }),
                bearer(asha, newKey()));
        QCOMPARE(notAField.status, 422);
        // Exactly once needs the key: without one, refused.
        QCOMPARE(
            httpRequest("POST", srv.url(QStringLiteral("/v1/attestations")),
                compactJson(QJsonObject { { QStringLiteral("inputs"), office() } }), bearer(asha))
                .status,
            400);
        QCOMPARE(answersOf(kind, QStringLiteral("E1001")), 0);
        QCOMPARE(getAs(srv, asha, QStringLiteral("/v1/attestations/today"))
                     .json()
                     .value(QStringLiteral("attestation")),
            QJsonValue());
    }

    // The scanner's verdict follows the day's answer; a second answer the same day is answered
    // with the first; the retention sweep deletes answers past it.
    void verdictFollowsTheAnswer_data() { addDatabaseKinds(); }
    void verdictFollowsTheAnswer()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        QString ben = m_ben[kind].token;

        QCOMPARE(benAt(kind, QStringLiteral("office-entry")).kind, pass::VerdictKind::Allow);
        const pass::Verdict missing = benAt(kind, QStringLiteral("site-entry"));
        QCOMPARE(missing.kind, pass::VerdictKind::Action);
        QCOMPARE(missing.reasonCode(), QStringLiteral("attestation_missing"));
        QCOMPARE(missing.action, QStringLiteral("Needs today's attestation"));

        const QByteArray key = newKey();
        const HttpResult first = attest(srv, ben, office(), key);
        QCOMPARE(first.status, 201);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/attestations"), first));
        const QJsonObject firstAnswer =
            first.json().value(QStringLiteral("attestation")).toObject();
        QCOMPARE(firstAnswer.value(QStringLiteral("inputs")).toObject(), office());
        const QString day = firstAnswer.value(QStringLiteral("day")).toString();
        QCOMPARE(day, serverNow(kind).date().toString(Qt::ISODate));
        // The retry of the same request (the outbox after a lost answer): the same answer.
        const HttpResult replay = attest(srv, ben, office(), key);
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.json(), first.json());

        const pass::Verdict green = benAt(kind, QStringLiteral("site-entry"));
        QCOMPARE(green.kind, pass::VerdictKind::Allow);
        QVERIFY(green.pass);
        const pass::StatusClaim *claim = green.pass->status(QStringLiteral("attestation"));
        QVERIFY(claim);
        QCOMPARE(claim->value, QStringLiteral("answered"));
        QCOMPARE(claim->until.value_or(0),
            QDateTime(serverNow(kind).date().addDays(1), QTime(0, 0), QTimeZone::utc())
                .toSecsSinceEpoch());

        // Another answer the same day (another key, other inputs): 200 with the first.
        const HttpResult second =
            attest(srv, ben, QJsonObject { { QStringLiteral("where"), QStringLiteral("home") } });
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json().value(QStringLiteral("alreadyAnswered")), QJsonValue(true));
        QCOMPARE(second.json().value(QStringLiteral("attestation")).toObject(), firstAnswer);
        QCOMPARE(answersOf(kind, QStringLiteral("E1002")), 1);
        const HttpResult today = getAs(srv, ben, QStringLiteral("/v1/attestations/today"));
        QCOMPARE(today.json().value(QStringLiteral("attestation")).toObject(), firstAnswer);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/attestations/today"), today));

        // The next day: amber again, green once answered.
        QVERIFY(moveClock(kind, qint64(24) * 3600));
        QTRY_VERIFY_WITH_TIMEOUT(serverNow(kind).date().toString(Qt::ISODate) != day, 10000);
        signInAgain(kind);
        ben = m_ben[kind].token;
        QCOMPARE(getAs(srv, ben, QStringLiteral("/v1/attestations/today"))
                     .json()
                     .value(QStringLiteral("attestation")),
            QJsonValue());
        QCOMPARE(
            benAt(kind, QStringLiteral("site-entry")).reason, pass::Reason::AttestationMissing);
        const HttpResult nextDay =
            attest(srv, ben, QJsonObject { { QStringLiteral("where"), QStringLiteral("home") } });
        QCOMPARE(nextDay.status, 201);
        QCOMPARE(benAt(kind, QStringLiteral("site-entry")).kind, pass::VerdictKind::Allow);
        const HttpResult kept = getAs(srv, ben, QStringLiteral("/v1/attestations"));
        QCOMPARE(kept.json().value(QStringLiteral("attestations")).toArray().size(), 2);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/attestations"), kept));

        // Retention (1 day here): the first day's answer goes once it is two days old; the
        // retention job runs on the moved clock.
        QVERIFY(moveClock(kind, qint64(24) * 3600));
        QTRY_COMPARE_WITH_TIMEOUT(sqlInt(kind,
                                      QStringLiteral("SELECT COUNT(*) FROM attestations WHERE"
                                                     " user_id = 'E1002' AND day = '%1'")
                                          .arg(day)),
            0, 15000);
        QCOMPARE(answersOf(kind, QStringLiteral("E1002")), 1);
        signInAgain(kind);
    }

    // The admin turns the requirement on for a process and off again.
    void adminSetsTheRequirement_data() { addDatabaseKinds(); }
    void adminSetsTheRequirement()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const auto require = [&](const QString &name, const QByteArray &body) {
            return httpRequest("PUT",
                srv.url(QStringLiteral("/v1/admin/check-processes/%1/attestation").arg(name)), body,
                bearer(m_admin[kind]));
        };
        const HttpResult on = require(QStringLiteral("office-entry"), R"({"required":true})");
        QCOMPARE(on.status, 200);
        QCOMPARE(on.json().value(QStringLiteral("needsAttestation")), QJsonValue(true));
        QVERIFY(fits(QStringLiteral("PUT"),
            QStringLiteral("/v1/admin/check-processes/{name}/attestation"), on));
        // Today (after the moves) Ben has not answered: amber at office entry too.
        QCOMPARE(
            benAt(kind, QStringLiteral("office-entry")).reason, pass::Reason::AttestationMissing);
        QCOMPARE(require(QStringLiteral("office-entry"), R"({"required":false})").status, 200);
        QCOMPARE(benAt(kind, QStringLiteral("office-entry")).kind, pass::VerdictKind::Allow);
        QCOMPARE(require(QStringLiteral("no-such-process"), R"({"required":true})").status, 404);
        QCOMPARE(require(QStringLiteral("office-entry"), R"({"required":"yes"})").status, 400);
        QCOMPARE(require(QStringLiteral("office-entry"), R"({"required":true,"x":1})").status, 400);
        QCOMPARE(httpRequest("PUT",
                     srv.url(QStringLiteral("/v1/admin/check-processes/site-entry/attestation")),
                     R"({"required":false})", bearer(m_ben[kind].token))
                     .status,
            403);
    }

    // The export holds the person's kept answers; an erasure by every feature's declaration
    // removes them.
    void exportAndErasure_data() { addDatabaseKinds(); }
    void exportAndErasure()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const HttpResult exported =
            getAs(srv, m_ben[kind].token, QStringLiteral("/v1/privacy/export"));
        QCOMPARE(exported.status, 200);
        const QJsonArray rows = exported.json()
                                    .value(QStringLiteral("sections"))
                                    .toObject()
                                    .value(QStringLiteral("attestations"))
                                    .toObject()
                                    .value(QStringLiteral("attestations"))
                                    .toArray();
        QCOMPARE(rows.size(), answersOf(kind, QStringLiteral("E1002")));
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().toObject().value(QStringLiteral("user_id")).toString(),
            QStringLiteral("E1002"));

        // Registered with every feature's declarations (the export and the coverage test read
        // those); erased here by the attestations' own, the part this feature answers for.
        PersonalData registered;
        registerPersonalData(registered);
        QVERIFY(std::any_of(registered.tables().cbegin(), registered.tables().cend(),
            [](const PersonalTable &table) {
                return table.table == u"attestations"
                    && table.columns.contains(QStringLiteral("user_id"));
            }));
        PersonalData declared;
        declared.add(attestPersonalData());
        const QString connection = QStringLiteral("attest-erasure");
        {
            QSqlDatabase db;
            if (stage(kind).database.isEmpty()) {
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
                db.setDatabaseName(QDir(srv.dataDir()).filePath(QStringLiteral("tessera.db")));
            } else {
                const QUrl url(stage(kind).database);
                db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
                db.setHostName(url.host());
                db.setPort(url.port(5432));
                db.setUserName(url.userName());
                db.setPassword(url.password());
                db.setDatabaseName(url.path().mid(1));
            }
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            std::optional<PersonalSubject> person =
                PersonalData::subject(db, QStringLiteral("E1002"));
            QVERIFY(person && person->userId == QStringLiteral("E1002"));
            person->pseudonym = QStringLiteral("erased_attest_test");
            person->now = rfc3339(serverNow(kind));
            QVERIFY(db.transaction());
            QVERIFY(declared.erase(db, *person));
            QVERIFY(db.commit());
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        QCOMPARE(answersOf(kind, QStringLiteral("E1002")), 0);
    }
};

QTEST_GUILESS_MAIN(TestAttestations)
#include "tst_attestations.moc"
