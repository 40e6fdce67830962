// Privacy requests against the real server (SQLite and PostgreSQL): Ben (who holds the privacy
// role himself) asks for a correction and a deletion; each goes to the privacy officers' inbox
// (Asha's), never to his; a rejection needs a comment and Ben sees it; a duplicate open request
// is 409; a decider who lost the role is refused and the item stays open; an approved deletion
// erases Ben: his token answers 401, his pass is revoked, his devices are gone, and the scan of
// every table finds none of his markers (the request stays as the audit trail, with a pseudonym).
// An employee cannot delete their own account; a local ID can, with its password (a wrong one
// changes nothing).
#include "markerscan.h"
#include "protocol/passkeys.h"
#include "surveysfixture.h"

#include <QUuid>

using namespace tessera::test;

class TestPrivacyRequests : public QObject, protected SurveysFixture
{
    Q_OBJECT

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    static HttpResult ask(const ServerProcess &server, const QString &token, const QString &kind,
        const QString &comment, const QByteArray &key = newKey())
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/privacy/requests")),
            compactJson(QJsonObject {
                { QStringLiteral("kind"), kind }, { QStringLiteral("comment"), comment } }),
            bearer(token, key));
    }

    static QJsonArray requestsOf(const ServerProcess &server, const QString &token)
    {
        const HttpResult listed = httpRequest(
            "GET", server.url(QStringLiteral("/v1/privacy/requests")), {}, bearer(token));
        if (listed.status != 200
            || !fits(QStringLiteral("GET"), QStringLiteral("/v1/privacy/requests"), listed))
            qWarning() << "requests:" << listed.status << listed.body;
        return listed.json().value(QStringLiteral("requests")).toArray();
    }

    // The open inbox item of token's person titled title (empty when none).
    static QJsonObject itemTitled(
        const ServerProcess &server, const QString &token, const QString &title)
    {
        const HttpResult inbox =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox")), {}, bearer(token));
        // The open one: decided ones keep their title.
        for (const QJsonValue item : inbox.json().value(QStringLiteral("items")).toArray()) {
            const QString state = item.toObject().value(QStringLiteral("state")).toString();
            if (item.toObject().value(QStringLiteral("title")).toString() == title
                && (state == u"unread" || state == u"read"))
                return item.toObject();
        }
        return {};
    }

    static HttpResult decide(const ServerProcess &server, const QString &token,
        const QJsonObject &item, const QString &action, const QString &comment = {})
    {
        QJsonObject body { { QStringLiteral("action"), action },
            { QStringLiteral("version"), item.value(QStringLiteral("version")).toInt() } };
        if (!comment.isEmpty())
            body.insert(QStringLiteral("comment"), comment);
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/inbox/%1/decision")
                           .arg(item.value(QStringLiteral("id")).toString())),
            compactJson(body), bearer(token, newKey()));
    }

    static HttpResult setRoles(const ServerProcess &server, const QString &admin,
        const QString &userId, const QStringList &roles)
    {
        return httpRequest("PUT",
            server.url(QStringLiteral("/v1/admin/users/%1/roles").arg(userId)),
            compactJson(
                QJsonObject { { QStringLiteral("roles"), QJsonArray::fromStringList(roles) } }),
            bearer(admin));
    }

    QList<MarkerHit> hitsOf(const QString &kind, const QStringList &markers)
    {
        return markerHits(
            kind == u"sqlite",
            [this, kind](const QString &statement) { return rows(kind, statement); }, markers);
    }

    // The server's log lines that say something failed (for a failing check's message).
    static QByteArray failures(const ServerProcess &server)
    {
        QByteArrayList lines;
        for (const QByteArray &line : server.output().split('\n'))
            if (line.contains("failed") || line.contains("erasure"))
                lines.append(line);
        return lines.join('\n');
    }

    static QString describe(const QList<MarkerHit> &hits)
    {
        QStringList lines;
        for (const MarkerHit &hit : hits)
            lines.append(hit.toString());
        return lines.join(QLatin1Char('\n'));
    }

    // The officer approves the deletion request of displayName, whose token then answers 401
    // (the erasure ran after the decision's commit). The calling test fails when not.
    static void approveDeletion(const ServerProcess &server, const QString &officer,
        const QString &displayName, const QString &token)
    {
        const QJsonObject item =
            itemTitled(server, officer, QStringLiteral("Deletion request from ") + displayName);
        QVERIFY(!item.isEmpty());
        const HttpResult approved = decide(server, officer, item, QStringLiteral("approve"));
        QVERIFY2(approved.status == 200, approved.body.constData());
        const int me =
            httpRequest("GET", server.url(QStringLiteral("/v1/me")), {}, bearer(token)).status;
        QVERIFY2(me == 401, failures(server).constData());
    }

    // Sign-in of the local ID account with password: the answer's status.
    static int signInStatus(
        const ServerProcess &server, const QJsonObject &account, const QString &password)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), account.value(QStringLiteral("username")) },
                { QStringLiteral("password"), password },
                { QStringLiteral("device"), testDevice(QStringLiteral("lock-device-1")) } }))
            .status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("privreq"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    // A correction rejected (a comment required) and one done; a duplicate 409; the requester
    // never asked; a decider without the role refused, the item left open.
    void correctionsDecidedByTheRole_data() { addDatabaseKinds(); }
    void correctionsDecidedByTheRole()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin =
            signIn(srv, QStringLiteral("Tessera Admin"), QStringLiteral("admin-device-1"));
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        const QString benId = demoAccount(srv, QStringLiteral("Ben Okafor"))
                                  .value(QStringLiteral("userId"))
                                  .toString();
        QCOMPARE(setRoles(srv, admin, ashaId, { QStringLiteral("privacy") }).status, 200);
        QCOMPARE(setRoles(srv, admin, benId, { QStringLiteral("privacy") }).status, 200);
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-1"));
        const QString ben =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("ben-device-1"));

        // Bad input: nothing stored.
        QCOMPARE(ask(srv, ben, QStringLiteral("rename"), QStringLiteral("x")).status, 400);
        QCOMPARE(ask(srv, ben, QStringLiteral("correction"), QStringLiteral("   ")).status, 400);
        QCOMPARE(
            ask(srv, ben, QStringLiteral("correction"), QString(2001, QLatin1Char('a'))).status,
            400);
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM privacy_requests")), 0);

        const QByteArray key = newKey();
        const HttpResult asked = ask(srv, ben, QStringLiteral("correction"),
            QStringLiteral("My department is Logistics now."), key);
        QCOMPARE(asked.status, 201);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/privacy/requests"), asked));
        const QJsonObject request = asked.json().value(QStringLiteral("request")).toObject();
        QCOMPARE(request.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        // The retry with the same key: the same answer, nothing new.
        const HttpResult retried = ask(srv, ben, QStringLiteral("correction"),
            QStringLiteral("My department is Logistics now."), key);
        QCOMPARE(retried.status, 201);
        QCOMPARE(retried.json().value(QStringLiteral("request")).toObject(), request);
        // Another open correction: 409.
        const HttpResult duplicate =
            ask(srv, ben, QStringLiteral("correction"), QStringLiteral("Again."));
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(errorCode(duplicate), QStringLiteral("request_open"));
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM privacy_requests")), 1);

        // Asha is asked; Ben, though of the role, is not.
        const QString title = QStringLiteral("Correction request from Ben Okafor");
        QJsonObject item = itemTitled(srv, asha, title);
        QCOMPARE(item.value(QStringLiteral("body")).toString(),
            QStringLiteral("My department is Logistics now."));
        QVERIFY(itemTitled(srv, ben, title).isEmpty());
        QCOMPARE(decide(srv, ben, item, QStringLiteral("approve")).status, 404);

        // Asha loses the role: her decision is not taken, and the item stays open.
        QCOMPARE(setRoles(srv, admin, ashaId, {}).status, 200);
        const HttpResult notTaken = decide(srv, asha, item, QStringLiteral("approve"));
        QCOMPARE(notTaken.status, 409);
        QCOMPARE(errorCode(notTaken), QStringLiteral("not_taken"));
        QCOMPARE(requestsOf(srv, ben).first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));
        QCOMPARE(setRoles(srv, admin, ashaId, { QStringLiteral("privacy") }).status, 200);

        // Rejected: only with a comment, which Ben then reads.
        QCOMPARE(decide(srv, asha, item, QStringLiteral("reject")).status, 422);
        const HttpResult rejected = decide(
            srv, asha, item, QStringLiteral("reject"), QStringLiteral("HR still lists Sales."));
        QVERIFY2(rejected.status == 200, rejected.body.constData());
        QJsonObject mine = requestsOf(srv, ben).first().toObject();
        QCOMPARE(mine.value(QStringLiteral("id")), request.value(QStringLiteral("id")));
        QCOMPARE(mine.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(mine.value(QStringLiteral("decisionComment")).toString(),
            QStringLiteral("HR still lists Sales."));
        QVERIFY(!mine.value(QStringLiteral("decidedAt")).toString().isEmpty());

        // A new correction, approved: done. Newest first.
        QCOMPARE(ask(srv, ben, QStringLiteral("correction"), QStringLiteral("Logistics, really."))
                     .status,
            201);
        item = itemTitled(srv, asha, title);
        QCOMPARE(item.value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QCOMPARE(decide(srv, asha, item, QStringLiteral("approve")).status, 200);
        const QJsonArray both = requestsOf(srv, ben);
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.at(0).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("done"));
        QCOMPARE(both.at(1).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("rejected"));
        // No webhook for the server's own items; Asha sees only her own requests (none).
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        QCOMPARE(requestsOf(srv, asha).size(), 0);

        // An employee's account does not delete itself.
        const HttpResult employee = httpRequest("POST", srv.url(QStringLiteral("/v1/me/deletion")),
            compactJson(QJsonObject { { QStringLiteral("password"),
                demoAccount(srv, QStringLiteral("Ben Okafor"))
                    .value(QStringLiteral("password"))
                    .toString() } }),
            bearer(ben));
        QCOMPARE(employee.status, 403);
        QCOMPARE(errorCode(employee), QStringLiteral("employee_account"));
        QCOMPARE(
            httpRequest("GET", srv.url(QStringLiteral("/v1/me")), {}, bearer(ben)).status, 200);
    }

    // Ben's deletion, approved by Asha: he is erased everywhere, signed out everywhere.
    void deletionErasesThePerson_data() { addDatabaseKinds(); }
    void deletionErasesThePerson()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject benAccount = demoAccount(srv, QStringLiteral("Ben Okafor"));
        const QString benId = benAccount.value(QStringLiteral("userId")).toString();
        const QString ben =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("ben-phone-9"));
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-2"));
        QVERIFY(sqlInt(kind,
                    QStringLiteral("SELECT COUNT(*) FROM devices WHERE user_id = '%1'").arg(benId))
            > 0);

        // His comment names his e-mail: the erasure takes it out of the request and the item.
        const HttpResult asked = ask(srv, ben, QStringLiteral("deletion"),
            QStringLiteral("Please delete everything about ben.okafor@tessera.test."));
        QCOMPARE(asked.status, 201);
        const QString requestId = asked.json()
                                      .value(QStringLiteral("request"))
                                      .toObject()
                                      .value(QStringLiteral("id"))
                                      .toString();
        QCOMPARE(ask(srv, ben, QStringLiteral("deletion"), QStringLiteral("Again")).status, 409);
        // Asha decides, with an Idempotency-Key, a sub-system's item that names him (his name in
        // its title, his id in its data): her stored answer, the item, names him too.
        QJsonObject leave = leaveRequestFor(demoAccount(srv, QStringLiteral("Asha Rao"))
                                                .value(QStringLiteral("userId"))
                                                .toString());
        leave.insert(QStringLiteral("title"), QStringLiteral("Leave request from Ben Okafor"));
        leave.insert(QStringLiteral("data"), QJsonObject { { QStringLiteral("employee"), benId } });
        const HttpResult sent =
            httpRequest("POST", srv.url(QStringLiteral("/v1/notifications")), compactJson(leave),
                bearer(demoApiKey(srv).value(QStringLiteral("key")).toString(), newKey()));
        QVERIFY2(sent.status == 201, sent.body.constData());
        const QJsonObject leaveItem =
            itemTitled(srv, asha, QStringLiteral("Leave request from Ben Okafor"));
        // A push of that item still queued for Asha's phone (its push service down; this server
        // sends none, so it stays): its title names him until the erasure.
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        QVERIFY(runServerSql(srv.dataDir(), stage(kind).database,
            QStringLiteral("INSERT INTO push_queue (user_id, device_id, item_id, title, actions,"
                           " urgency, ttl, attempts, next_attempt_at, created_at) VALUES ('%1',"
                           " 'asha-device-2', '%2', 'Leave request from Ben Okafor', '[]', 'high',"
                           " 86400, 3, '2099-01-01T00:00:00.000Z', '2026-11-29T09:00:00.000Z')")
                .arg(ashaId, leaveItem.value(QStringLiteral("id")).toString()))
                    .ok);
        const QByteArray decisionKey = newKey();
        const QUrl decisionUrl =
            srv.url(QStringLiteral("/v1/inbox/%1/decision")
                        .arg(leaveItem.value(QStringLiteral("id")).toString()));
        const QByteArray decision = compactJson(QJsonObject {
            { QStringLiteral("action"), QStringLiteral("approve") },
            { QStringLiteral("version"), leaveItem.value(QStringLiteral("version")).toInt() } });
        QCOMPARE(httpRequest("POST", decisionUrl, decision, bearer(asha, decisionKey)).status, 200);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '%1'"
                                    " AND response LIKE '%Ben Okafor%' AND response LIKE '%%2%'")
                         .arg(QString::fromLatin1(decisionKey), benId)),
            1);
        approveDeletion(srv, asha, QStringLiteral("Ben Okafor"), ben);
        if (QTest::currentTestFailed())
            return;

        // Signed out everywhere, his devices gone.
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM devices WHERE user_id = '%1'").arg(benId)),
            0);
        // The request is the audit trail: done, under a pseudonym, without his words.
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM privacy_requests WHERE id = '%1' AND"
                                    " state = 'done' AND user_id <> '%2' AND comment = ''")
                         .arg(requestId, benId)),
            1);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM privacy_requests WHERE kind ="
                                    " 'correction' AND state IN ('done', 'rejected')")),
            2);
        // No table holds his id, username, name or e-mail.
        const QStringList markers { benId, benAccount.value(QStringLiteral("username")).toString(),
            QStringLiteral("Ben Okafor"), QStringLiteral("ben.okafor@") };
        const QList<MarkerHit> hits = hitsOf(kind, markers);
        QVERIFY2(hits.isEmpty(), qPrintable(describe(hits)));
        // Asha's queued push stays, its title without him.
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM push_queue WHERE user_id = '%1' AND"
                                    " title LIKE 'Leave request from %'")
                         .arg(ashaId)),
            1);
        // Asha's retry still gets her first answer (not run again), now without him.
        const HttpResult retried =
            httpRequest("POST", decisionUrl, decision, bearer(asha, decisionKey));
        QCOMPARE(retried.status, 200);
        QVERIFY(!retried.body.contains("Ben Okafor") && !retried.body.contains(benId.toUtf8()));
        QVERIFY(retried.json()
                    .value(QStringLiteral("title"))
                    .toString()
                    .startsWith(QStringLiteral("Leave request from ")));
        // The sweep finds nothing left to do: still one done deletion.
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM privacy_requests WHERE kind = 'deletion'"
                                    " AND state = 'approved'")),
            0);
    }

    // Sam (who holds a live pass) is erased: his pass is on the scanners' revocation list.
    void deletionRevokesThePass_data() { addDatabaseKinds(); }
    void deletionRevokesThePass()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const tessera::pass::KeyPair key = tessera::pass::generateKeyPair();
        const QString sam = signInDemo(srv, QStringLiteral("Sam Guard"),
            testDevice(QStringLiteral("sam-phone-1"), key.publicKey))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        const HttpResult pass =
            httpRequest("GET", srv.url(QStringLiteral("/v1/pass")), {}, bearer(sam));
        QVERIFY2(pass.status == 200, pass.body.constData());
        const int revokedBefore = sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM revocations"));
        QCOMPARE(
            ask(srv, sam, QStringLiteral("deletion"), QStringLiteral("I am leaving.")).status, 201);
        const QString asha =
            signIn(srv, QStringLiteral("Asha Rao"), QStringLiteral("asha-device-3"));
        approveDeletion(srv, asha, QStringLiteral("Sam Guard"), sam);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM revocations")) > revokedBefore);
    }

    // A local ID deletes its own account with its password; a wrong one changes nothing.
    void localAccountDeletesItself_data() { addDatabaseKinds(); }
    void localAccountDeletesItself()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject mira = demoAccount(srv, QStringLiteral("Mira Nurse"));
        const QString miraId = mira.value(QStringLiteral("userId")).toString();
        const QString token =
            signIn(srv, QStringLiteral("Mira Nurse"), QStringLiteral("mira-device-1"));
        // An open request of hers: moot once she is gone, taken from the officers' inboxes.
        const HttpResult asked = ask(srv, token, QStringLiteral("correction"),
            QStringLiteral("My e-mail is medical@tessera.test."));
        QCOMPARE(asked.status, 201);
        const QString requestId = asked.json()
                                      .value(QStringLiteral("request"))
                                      .toObject()
                                      .value(QStringLiteral("id"))
                                      .toString();
        const QUrl url = srv.url(QStringLiteral("/v1/me/deletion"));
        const HttpResult wrong = httpRequest("POST", url,
            compactJson(QJsonObject { { QStringLiteral("password"), QStringLiteral("not-it") } }),
            bearer(token));
        QCOMPARE(wrong.status, 403);
        QCOMPARE(errorCode(wrong), QStringLiteral("wrong_password"));
        QCOMPARE(
            httpRequest("GET", srv.url(QStringLiteral("/v1/me")), {}, bearer(token)).status, 200);
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM users WHERE id = '%1'").arg(miraId)),
            1);

        // Wrong passwords count as sign-in's do (one counter for the account): the fifth locks
        // it; then the right password is refused here and at sign-in, and nothing is deleted.
        const QByteArray right = compactJson(QJsonObject {
            { QStringLiteral("password"), mira.value(QStringLiteral("password")).toString() } });
        for (int attempt = 2; attempt <= 5; ++attempt)
            QCOMPARE(httpRequest("POST", url,
                         compactJson(QJsonObject {
                             { QStringLiteral("password"), QStringLiteral("not-it-either") } }),
                         bearer(token))
                         .status,
                403);
        const HttpResult locked = httpRequest("POST", url, right, bearer(token));
        QCOMPARE(locked.status, 429);
        QCOMPARE(errorCode(locked), QStringLiteral("too_many_attempts"));
        QVERIFY(locked.header("Retry-After").toLongLong() > 0);
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/me/deletion"), locked));
        QCOMPARE(signInStatus(srv, mira, mira.value(QStringLiteral("password")).toString()), 429);
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM users WHERE id = '%1'").arg(miraId)),
            1);
        // The lock ends with the failures' window, as sign-in's does (once the server's clock
        // has moved on, a sign-in is let through again).
        QVERIFY(moveClock(kind, qint64(16) * 60));
        QTRY_COMPARE_WITH_TIMEOUT(
            signInStatus(srv, mira, mira.value(QStringLiteral("password")).toString()), 200, 10000);

        const HttpResult deleted = httpRequest("POST", url, right, bearer(token));
        QVERIFY2(deleted.status == 200, failures(srv).constData());
        QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/me/deletion"), deleted));
        QCOMPARE(
            httpRequest("GET", srv.url(QStringLiteral("/v1/me")), {}, bearer(token)).status, 401);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM privacy_requests r JOIN notifications n"
                                    " ON n.id = r.notification_id WHERE r.id = '%1' AND r.state ="
                                    " 'done' AND n.state = 'withdrawn'")
                         .arg(requestId)),
            1);
        const QList<MarkerHit> hits =
            hitsOf(kind, { miraId, QStringLiteral("Mira Nurse"), QStringLiteral("medical@") });
        QVERIFY2(hits.isEmpty(), qPrintable(describe(hits)));
    }
};

QTEST_GUILESS_MAIN(TestPrivacyRequests)
#include "tst_privacy_requests.moc"
