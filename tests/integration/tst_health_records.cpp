// Health records against the real server (SQLite and PostgreSQL): a dose registered is pending;
// the medical role (Mira) lists and verifies it and the person's pass then carries
// `vaccination: verified`; a rejection needs a comment and leaves the pass alone; bad input is a
// clear 4xx with nothing stored; a certificate is sealed at rest and served only to its person
// and the medical role; the report holds counts only; the export has the records and an erasure
// removes them with their certificates.
#include "health/healthpersonaldata.h"
#include "healthfixture.h"
#include "privacy/personaldata.h"

#include <QSqlError>
#include <QUuid>

using namespace tessera::test;
using tessera::server::PersonalData;
using tessera::server::PersonalSubject;

class TestHealthRecords : public QObject, protected HealthFixture
{
    Q_OBJECT

    int rows(const QString &kind, const QString &table, const QString &userId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM %1 WHERE user_id = '%2'").arg(table, userId));
    }

    QString today(const QString &kind) { return serverNow(kind).date().toString(Qt::ISODate); }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("health"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void recordThroughMedicalToPass_data() { addDatabaseKinds(); }
    void recordThroughMedicalToPass()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben =
            signInWithKey(srv, QStringLiteral("Ben Okafor"), QStringLiteral("health-ben-phone"));
        const QString asha =
            signInWithKey(srv, QStringLiteral("Asha Rao"), QStringLiteral("health-asha-phone"));
        const QString mira =
            signInWithKey(srv, QStringLiteral("Mira Nurse"), QStringLiteral("health-mira-phone"));
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        QVERIFY(passStatus(srv, ben, QStringLiteral("vaccination")).isEmpty());

        const HttpResult added =
            addRecord(srv, ben, dose(kComirnaty, 1, QStringLiteral("2026-03-02")), "ben-dose-1");
        QCOMPARE(added.status, 201);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/health-records"), added));
        const QJsonObject record = added.json().value(QStringLiteral("record")).toObject();
        const QString id = record.value(QStringLiteral("id")).toString();
        QCOMPARE(record.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QCOMPARE(record.value(QStringLiteral("vaccineName")).toString(),
            QStringLiteral("Comirnaty (BioNTech/Pfizer)"));
        // A retry with the same Idempotency-Key answers the same record and stores no other.
        const HttpResult again =
            addRecord(srv, ben, dose(kComirnaty, 1, QStringLiteral("2026-03-02")), "ben-dose-1");
        QCOMPARE(
            again.json().value(QStringLiteral("record")).toObject().value(QStringLiteral("id")),
            QJsonValue(id));
        QCOMPARE(rows(kind, QStringLiteral("health_records"),
                     userIdOf(srv, QStringLiteral("Ben Okafor"))),
            1);
        const HttpResult mine = records(srv, ben);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/health-records"), mine));
        QCOMPARE(recordIn(mine, id).value(QStringLiteral("dose")).toInt(), 1);

        // The medical role sees it pending, with the person.
        const HttpResult pending = get(srv, mira, QStringLiteral("/v1/medical/pending"));
        QCOMPARE(pending.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/medical/pending"), pending));
        QCOMPARE(recordIn(pending, id)
                     .value(QStringLiteral("person"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Ben Okafor"));
        // Without the role: 403, and the record stays pending.
        for (const QString &who : { ben, asha, admin }) {
            const HttpResult refused = decide(srv, who, id, QStringLiteral("verify"));
            QCOMPARE(refused.status, 403);
            QCOMPARE(errorCode(refused), QStringLiteral("forbidden"));
            QCOMPARE(get(srv, who, QStringLiteral("/v1/medical/pending")).status, 403);
        }
        QCOMPARE(recordIn(records(srv, ben), id).value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));

        const HttpResult verified = decide(srv, mira, id, QStringLiteral("verify"));
        QCOMPARE(verified.status, 200);
        QVERIFY(fits(
            QStringLiteral("POST"), QStringLiteral("/v1/medical/records/{id}/verify"), verified));
        QCOMPARE(recordIn(records(srv, ben), id).value(QStringLiteral("state")).toString(),
            QStringLiteral("verified"));
        QCOMPARE(passStatus(srv, ben, QStringLiteral("vaccination")), QStringLiteral("verified"));
        QCOMPARE(decide(srv, mira, id, QStringLiteral("verify")).status, 409);
        QVERIFY(recordIn(get(srv, mira, QStringLiteral("/v1/medical/pending")), id).isEmpty());

        // A rejection needs a comment; then it is rejected with that reason, and Asha's pass
        // gets no vaccination status.
        const QString ashas = idOfAdded(
            srv, asha, dose(kComirnaty, 2, QStringLiteral("2026-04-01"), QStringLiteral("DE")));
        const HttpResult bare = decide(srv, mira, ashas, QStringLiteral("reject"));
        QCOMPARE(bare.status, 422);
        QCOMPARE(errorCode(bare), QStringLiteral("comment_required"));
        QCOMPARE(recordIn(records(srv, asha), ashas).value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));
        const QString why = QStringLiteral("The certificate's name is not yours.");
        const HttpResult rejected = decide(srv, mira, ashas, QStringLiteral("reject"),
            QJsonObject { { QStringLiteral("comment"), why } });
        QCOMPARE(rejected.status, 200);
        const QJsonObject hers = recordIn(records(srv, asha), ashas);
        QCOMPARE(hers.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(hers.value(QStringLiteral("reason")).toString(), why);
        QVERIFY(passStatus(srv, asha, QStringLiteral("vaccination")).isEmpty());

        // A medical person's own record is for another medical person to decide.
        const QString miras =
            idOfAdded(srv, mira, dose(kComirnaty, 1, QStringLiteral("2026-01-05")));
        QCOMPARE(errorCode(decide(srv, mira, miras, QStringLiteral("verify"))),
            QStringLiteral("own_record"));
        QCOMPARE(
            decide(srv, mira, QStringLiteral("hr_nosuch"), QStringLiteral("verify")).status, 404);
    }

    void badInputStoresNothing_data() { addDatabaseKinds(); }
    void badInputStoresNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ashaId = userIdOf(srv, QStringLiteral("Asha Rao"));
        const int before = rows(kind, QStringLiteral("health_records"), ashaId);
        const QString tomorrow = serverNow(kind).date().addDays(1).toString(Qt::ISODate);
        const struct
        {
            QJsonObject body;
            int status;
            QString code;
            QString field;
        } cases[] = {
            { dose(kComirnaty, 1, tomorrow), 422, QStringLiteral("invalid_field"),
                QStringLiteral("date") },
            { dose(QStringLiteral("EU/1/99/0000"), 1, QStringLiteral("2026-01-01")), 422,
                QStringLiteral("unknown_vaccine"), QStringLiteral("vaccine") },
            { dose(kComirnaty, 0, QStringLiteral("2026-01-01")), 422,
                QStringLiteral("invalid_field"), QStringLiteral("dose") },
            { dose(kComirnaty, 11, QStringLiteral("2026-01-01")), 422,
                QStringLiteral("invalid_field"), QStringLiteral("dose") },
            { dose(kComirnaty, 1, QStringLiteral("2026-02-30")), 422,
                QStringLiteral("invalid_field"), QStringLiteral("date") },
            { dose(kComirnaty, 1, QStringLiteral("2026-01-01"), QStringLiteral("XX")), 422,
                QStringLiteral("invalid_field"), QStringLiteral("country") },
            { QJsonObject { { QStringLiteral("vaccine"), kComirnaty } }, 400,
                QStringLiteral("invalid_request"), QStringLiteral("dose") },
        };
        for (const auto &bad : cases) {
            const HttpResult refused = addRecord(srv, asha, bad.body);
            QVERIFY2(refused.status == bad.status, refused.body.constData());
            QCOMPARE(errorCode(refused), bad.code);
            QCOMPARE(refused.json()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("field"))
                         .toString(),
                bad.field);
            QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/health-records"), refused));
        }
        QCOMPARE(rows(kind, QStringLiteral("health_records"), ashaId), before);
        // Today is not the future.
        QVERIFY(!idOfAdded(srv, asha, dose(kComirnaty, 3, today(kind))).isEmpty());

        // Certificates: not an image, PDF or HC1 code; a type that lies; over 5 MiB.
        const QString id = idOfAdded(
            srv, asha, dose(kComirnaty, 4, QStringLiteral("2026-05-05"), QStringLiteral("FR")));
        const int certificates = rows(kind, QStringLiteral("health_certificates"), ashaId);
        QCOMPARE(putCertificate(srv, asha, id, "text/plain", "hello, this is not HC1").status, 422);
        QCOMPARE(putCertificate(srv, asha, id, "image/png", "GIF89a\x01\x00\x01\x00").status, 422);
        QCOMPARE(putCertificate(srv, asha, id, "application/pdf", pngBytes(64)).status, 422);
        QCOMPARE(putCertificate(srv, asha, id, "application/zip", "PK\x03\x04").status, 415);
        const HttpResult large =
            putCertificate(srv, asha, id, "image/png", pngBytes(int(5 * 1024 * 1024 + 1)));
        QCOMPARE(large.status, 413);
        QCOMPARE(rows(kind, QStringLiteral("health_certificates"), ashaId), certificates);
        QCOMPARE(recordIn(records(srv, asha), id).value(QStringLiteral("certificate")),
            QJsonValue(QJsonValue::Null));
    }

    void certificateForPersonAndMedicalOnly_data() { addDatabaseKinds(); }
    void certificateForPersonAndMedicalOnly()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString mira = signIn(srv, QStringLiteral("Mira Nurse"));
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QString id = idOfAdded(
            srv, ben, dose(kComirnaty, 2, QStringLiteral("2026-06-01"), QStringLiteral("IN")));
        const QByteArray photo = pngBytes(4 * 1024 * 1024); // under the limit
        const HttpResult put = putCertificate(srv, ben, id, "image/png", photo);
        QVERIFY2(put.status == 200, put.body.constData());
        QVERIFY(fits(
            QStringLiteral("PUT"), QStringLiteral("/v1/health-records/{id}/certificate"), put));
        QCOMPARE(put.json()
                     .value(QStringLiteral("record"))
                     .toObject()
                     .value(QStringLiteral("certificate"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
            QStringLiteral("image"));
        // Someone else cannot attach one to Ben's record.
        QCOMPARE(putCertificate(srv, asha, id, "image/png", pngBytes(64)).status, 404);

        for (const QString &who : { ben, mira }) {
            const HttpResult served = getCertificate(srv, who, id);
            QCOMPARE(served.status, 200);
            QCOMPARE(served.header("Content-Type"), QByteArray("image/png"));
            QVERIFY(served.body == photo);
        }
        for (const QString &who : { asha, admin }) {
            const HttpResult refused = getCertificate(srv, who, id);
            QCOMPARE(refused.status, 404);
            QVERIFY(!refused.body.contains("PNG"));
        }
        // Sealed at rest: the database holds no plain bytes of it.
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM health_certificates WHERE record_id ="
                                    " '%1' AND sealed LIKE 'sealed1:%' AND size = %2")
                         .arg(id)
                         .arg(photo.size())),
            1);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM health_certificates WHERE sealed LIKE"
                                    " '%%1%'")
                         .arg(QString::fromLatin1(photo.mid(8, 24).toBase64()))),
            0);

        // Text that looks like an HC1 code but does not decode: 422 with the decoder's reason,
        // and the photo stays (tst_health_hc1 has real codes).
        const HttpResult hc1 =
            putCertificate(srv, ben, id, "text/plain", "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5");
        QCOMPARE(hc1.status, 422);
        QCOMPARE(errorCode(hc1), QStringLiteral("hc1_unreadable"));
        QCOMPARE(getCertificate(srv, mira, id).body, photo);
    }

    void reportHasCountsOnly_data() { addDatabaseKinds(); }
    void reportHasCountsOnly()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QStringList people { QStringLiteral("Tessera Admin"), QStringLiteral("Asha Rao"),
            QStringLiteral("Ben Okafor"), QStringLiteral("Sam Guard"),
            QStringLiteral("Mira Nurse") };
        // Every one of the five has a pending dose.
        for (const QString &name : people)
            QVERIFY(!idOfAdded(srv, signIn(srv, name),
                dose(QStringLiteral("INFLUENZA"), 1, QStringLiteral("2026-10-01"),
                    QStringLiteral("IN")))
                         .isEmpty());
        const QString mira = signIn(srv, QStringLiteral("Mira Nurse"));
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const HttpResult report = get(srv, mira, QStringLiteral("/v1/medical/reports"));
        QCOMPARE(report.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/medical/reports"), report));
        const HttpResult hr = get(srv, admin, QStringLiteral("/v1/admin/health-reports"));
        QCOMPARE(hr.status, 200);
        QCOMPARE(hr.json(), report.json());
        QCOMPARE(get(srv, admin, QStringLiteral("/v1/medical/reports")).status, 403);
        QCOMPARE(get(srv, signIn(srv, QStringLiteral("Ben Okafor")),
                     QStringLiteral("/v1/admin/health-reports"))
                     .status,
            403);

        int pendingPeople = 0;
        for (const QJsonValue row : report.json().value(QStringLiteral("byState")).toArray()) {
            if (row.toObject().value(QStringLiteral("state")).toString() == u"pending")
                pendingPeople = row.toObject().value(QStringLiteral("people")).toInt();
        }
        QCOMPARE(pendingPeople,
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(DISTINCT user_id) FROM"
                               " health_records WHERE state = 'pending'")));
        QVERIFY(pendingPeople >= 5);
        // Operations in Pune is Asha and Ben: two people, shown as "<5".
        bool small = false;
        for (const QJsonValue cell : report.json().value(QStringLiteral("cells")).toArray()) {
            const QJsonObject c = cell.toObject();
            if (c.value(QStringLiteral("department")).toString() == u"Operations"
                && c.value(QStringLiteral("state")).toString() == u"pending")
                small = c.value(QStringLiteral("people")).toString() == u"<5";
        }
        QVERIFY(small);
        // No name, user id or record id anywhere in it.
        const QByteArray body = report.body;
        for (const QString &name : people) {
            QVERIFY2(!body.contains(name.toUtf8()), qPrintable(name));
            QVERIFY2(!body.contains(userIdOf(srv, name).toUtf8()), qPrintable(name));
        }
        QVERIFY(!body.contains("hr_"));
    }

    // With employees in the medical role (Asha and Ben, granted it here), a new record is an
    // actionable item in their inboxes, never in the person's own; deciding it there verifies
    // the record and sets the pass; a record decided through the medical routes withdraws it.
    void inboxItemsForTheMedicalRole_data() { addDatabaseKinds(); }
    void inboxItemsForTheMedicalRole()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        for (const QString &name : { QStringLiteral("Asha Rao"), QStringLiteral("Ben Okafor") }) {
            QCOMPARE(
                httpRequest("PUT",
                    srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(userIdOf(srv, name))),
                    compactJson(QJsonObject {
                        { QStringLiteral("roles"), QJsonArray { QStringLiteral("medical") } } }),
                    bearer(admin))
                    .status,
                200);
        }
        const QString asha =
            signInWithKey(srv, QStringLiteral("Asha Rao"), QStringLiteral("health-asha-inbox"));
        const QString ben =
            signInWithKey(srv, QStringLiteral("Ben Okafor"), QStringLiteral("health-ben-inbox"));
        const QString mira = signIn(srv, QStringLiteral("Mira Nurse"));
        const QString bens = idOfAdded(
            srv, ben, dose(QStringLiteral("EU/1/20/1507"), 1, QStringLiteral("2026-08-08")));
        const QString ashas = idOfAdded(
            srv, asha, dose(QStringLiteral("EU/1/20/1507"), 1, QStringLiteral("2026-08-09")));
        const QString bensTitle = QStringLiteral("Vaccination record of Ben Okafor");
        const QString ashasTitle = QStringLiteral("Vaccination record of Asha Rao");
        const QJsonObject item = inboxItem(srv, asha, bensTitle);
        QVERIFY2(!item.isEmpty(), "Asha has no item for Ben's record");
        QVERIFY(item.value(QStringLiteral("body")).toString().contains(QStringLiteral("Spikevax")));
        // Never the person's own: Ben has Asha's item and not his own, Asha not hers.
        QVERIFY(inboxItem(srv, ben, bensTitle).isEmpty());
        QVERIFY(inboxItem(srv, asha, ashasTitle).isEmpty());
        const QJsonObject bensItem = inboxItem(srv, ben, ashasTitle);
        QVERIFY(!bensItem.isEmpty());

        // Reject needs a comment in the inbox too; verify takes the record and sets the pass.
        const auto decideItem = [&](const QString &token, const QJsonObject &it,
                                    const QString &action, const QString &comment) {
            QJsonObject body { { QStringLiteral("action"), action },
                { QStringLiteral("version"), it.value(QStringLiteral("version")) } };
            if (!comment.isEmpty())
                body.insert(QStringLiteral("comment"), comment);
            return httpRequest("POST",
                srv.url(QStringLiteral("/v1/inbox/%1/decision")
                            .arg(it.value(QStringLiteral("id")).toString())),
                compactJson(body),
                bearer(token, QUuid::createUuid().toString(QUuid::Id128).toLatin1()));
        };
        const HttpResult bare = decideItem(asha, item, QStringLiteral("reject"), {});
        QVERIFY2(bare.status == 422, bare.body.constData());
        QCOMPARE(errorCode(bare), QStringLiteral("comment_required"));
        const HttpResult verified = decideItem(asha, item, QStringLiteral("verify"), {});
        QVERIFY2(verified.status == 200, verified.body.constData());
        QCOMPARE(recordIn(records(srv, ben), bens).value(QStringLiteral("state")).toString(),
            QStringLiteral("verified"));
        QCOMPARE(passStatus(srv, ben, QStringLiteral("vaccination")), QStringLiteral("verified"));

        // Asha's record rejected through the medical route: Ben's item is withdrawn.
        QCOMPARE(decide(srv, mira, ashas, QStringLiteral("reject"),
                     QJsonObject { { QStringLiteral("comment"), QStringLiteral("Blurred.") } })
                     .status,
            200);
        QCOMPARE(inboxItem(srv, ben, ashasTitle).value(QStringLiteral("state")).toString(),
            QStringLiteral("withdrawn"));
        QCOMPARE(decideItem(ben, bensItem, QStringLiteral("verify"), {}).status / 100, 4);
        QCOMPARE(recordIn(records(srv, asha), ashas).value(QStringLiteral("state")).toString(),
            QStringLiteral("rejected"));
    }

    void exportThenErase_data() { addDatabaseKinds(); }
    void exportThenErase()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString benId = userIdOf(srv, QStringLiteral("Ben Okafor"));
        const QString ashaId = userIdOf(srv, QStringLiteral("Asha Rao"));
        const QString id =
            idOfAdded(srv, ben, dose(QStringLiteral("TETANUS"), 1, QStringLiteral("2026-07-07")));
        QCOMPARE(
            putCertificate(srv, ben, id, "application/pdf", "%PDF-1.7\n%fake page").status, 200);

        const HttpResult exported = get(srv, ben, QStringLiteral("/v1/privacy/export"));
        QCOMPARE(exported.status, 200);
        const QJsonObject health = exported.json()
                                       .value(QStringLiteral("sections"))
                                       .toObject()
                                       .value(QStringLiteral("health"))
                                       .toObject();
        const QByteArray section = QJsonDocument(health).toJson();
        QVERIFY2(section.contains(id.toUtf8()), exported.body.left(400).constData());
        QVERIFY(!exported.body.contains("%fake page"));
        // Nothing of Asha's (her records, her id) in Ben's section.
        QVERIFY(!section.contains(ashaId.toUtf8()));

        const int ashas = rows(kind, QStringLiteral("health_records"), ashaId);
        QVERIFY(ashas > 0);
        // The health feature's own declaration (the whole erasure across features is
        // tst_privacy_export's).
        PersonalData declared;
        declared.add(tessera::server::healthPersonalData());
        const QString connection = QStringLiteral("health-erasure");
        {
            QSqlDatabase db;
            if (stage(kind).database.isEmpty()) {
                db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
                db.setDatabaseName(srv.dataDir() + QStringLiteral("/tessera.db"));
            } else {
                const QUrl url(stage(kind).database);
                db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
                db.setHostName(url.host());
                db.setPort(url.port());
                db.setUserName(url.userName());
                db.setDatabaseName(url.path().mid(1));
            }
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            std::optional<PersonalSubject> person = PersonalData::subject(db, benId);
            QVERIFY(person && person->userId == benId);
            person->pseudonym =
                QStringLiteral("erased_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
            person->now = rfc3339(serverNow(kind));
            QVERIFY(db.transaction());
            QVERIFY(declared.erase(db, *person));
            QVERIFY(db.commit());
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        QCOMPARE(rows(kind, QStringLiteral("health_records"), benId), 0);
        QCOMPARE(rows(kind, QStringLiteral("health_certificates"), benId), 0);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM health_certificates WHERE record_id ="
                                    " '%1'")
                         .arg(id)),
            0);
        QCOMPARE(rows(kind, QStringLiteral("health_records"), ashaId), ashas);
    }
};

QTEST_GUILESS_MAIN(TestHealthRecords)
#include "tst_health_records.moc"
