// The service catalogue against the real server (SQLite and PostgreSQL): a sub-system registers,
// replaces (the version goes up) and withdraws a service; people read the catalogue of their
// audience and its changes by cursor (removed when withdrawn or no longer for them), with a live
// hint; bad forms, audiences and fields answer 422 with the JSON path and store nothing; a body
// over 64 KiB answers 413; a key without services:write is refused.
#include "servicesfixture.h"

using namespace tessera::test;

class TestServices : public QObject, protected ServicesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void registerReplaceWithdraw_data() { addDatabaseKinds(); }
    void registerReplaceWithdraw()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString path = QStringLiteral("/v1/subsystem/services/{serviceId}");
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        QVERIFY(!ben.isEmpty() && !asha.isEmpty());
        QStringList benHints;
        QStringList ashaHints;
        const auto benStream = stream(server, ben, &benHints);
        const auto ashaStream = stream(server, asha, &ashaHints);
        QTRY_COMPARE_WITH_TIMEOUT(benHints.size(), 1, 10000); // hello
        QTRY_COMPARE_WITH_TIMEOUT(ashaHints.size(), 1, 10000);

        const HttpResult created =
            put(server, QStringLiteral("leave"), service(toUsers({ QStringLiteral("E1002") })));
        QCOMPARE(created.status, 201);
        QVERIFY2(misfits(QStringLiteral("PUT"), path, created).isEmpty(),
            qPrintable(misfits(QStringLiteral("PUT"), path, created).join(u'\n')));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QLatin1String("svc_")));
        QCOMPARE(
            created.json().value(QStringLiteral("serviceId")).toString(), QStringLiteral("leave"));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        // Ben is in the audience: a live hint of kind services.
        QTRY_COMPARE_WITH_TIMEOUT(hints(benHints, QStringLiteral("services")).size(), 1, 10000);
        // Sent to both in one turn of the server's loop: Asha, outside it, hears nothing.
        QTest::qWait(200);
        QVERIFY(hints(ashaHints, QStringLiteral("services")).isEmpty());

        const HttpResult replaced = put(server, QStringLiteral("leave"),
            service(toUsers({ QStringLiteral("E1002") }), QStringLiteral("Leave")));
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);

        // Ben sees it as replaced; Asha, outside the audience, never sees it and cannot submit.
        const HttpResult benAll = catalogue(server, ben);
        QCOMPARE(benAll.status, 200);
        QVERIFY2(misfits(QStringLiteral("GET"), QStringLiteral("/v1/services"), benAll).isEmpty(),
            qPrintable(misfits(QStringLiteral("GET"), QStringLiteral("/v1/services"), benAll)
                           .join(u'\n')));
        const QJsonArray benServices = benAll.json().value(QStringLiteral("services")).toArray();
        QCOMPARE(benServices.size(), 1);
        const QJsonObject seen = benServices.first().toObject();
        QCOMPARE(seen.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(seen.value(QStringLiteral("title")).toString(), QStringLiteral("Leave"));
        QCOMPARE(seen.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(seen.value(QStringLiteral("order")).toInt(), 5);
        QCOMPARE(seen.value(QStringLiteral("icon")).toString(), QStringLiteral("calendar"));
        QCOMPARE(seen.value(QStringLiteral("form")).toObject(), leaveForm());
        QCOMPARE(seen.value(QStringLiteral("source")).toObject().value(QStringLiteral("name")),
            QStringLiteral("demo-hr"));
        QVERIFY(benAll.json().value(QStringLiteral("removed")).toArray().isEmpty());
        const QString benCursor = benAll.json().value(QStringLiteral("cursor")).toString();
        const HttpResult ashaAll = catalogue(server, asha);
        QVERIFY(idsOf(ashaAll, QStringLiteral("services")).isEmpty());
        const QString ashaCursor = ashaAll.json().value(QStringLiteral("cursor")).toString();
        const HttpResult refused = submit(server, asha, id, filled(2, goodInputs()));
        QCOMPARE(refused.status, 404);
        QCOMPARE(errorCode(refused), QStringLiteral("not_found"));

        // For the department: Asha's delta brings it; back to Ben only: her delta removes it.
        const QJsonObject operations { { QStringLiteral("departments"),
            QJsonArray { QStringLiteral("Operations") } } };
        QCOMPARE(put(server, QStringLiteral("leave"), service(operations)).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(hints(ashaHints, QStringLiteral("services")).size(), 1, 10000);
        const HttpResult ashaDelta = catalogue(server, asha, ashaCursor);
        QCOMPARE(idsOf(ashaDelta, QStringLiteral("services")), QStringList { id });
        QCOMPARE(put(server, QStringLiteral("leave"), service(toUsers({ QStringLiteral("E1002") })))
                     .status,
            200);
        const HttpResult ashaRemoved =
            catalogue(server, asha, ashaDelta.json().value(QStringLiteral("cursor")).toString());
        QVERIFY(idsOf(ashaRemoved, QStringLiteral("services")).isEmpty());
        QCOMPARE(idsOf(ashaRemoved, QStringLiteral("removed")), QStringList { id });

        // Withdrawn: gone from the catalogue, named under removed, no submissions.
        const HttpResult withdrawn = withdraw(server, QStringLiteral("leave"));
        QCOMPARE(withdrawn.status, 204);
        QCOMPARE(withdraw(server, QStringLiteral("leave")).status, 404);
        QCOMPARE(withdraw(server, QStringLiteral("nothing")).status, 404);
        QVERIFY(idsOf(catalogue(server, ben), QStringLiteral("services")).isEmpty());
        const HttpResult benDelta = catalogue(server, ben, benCursor);
        QCOMPARE(idsOf(benDelta, QStringLiteral("removed")), QStringList { id });
        QVERIFY(idsOf(benDelta, QStringLiteral("services")).isEmpty());
        QCOMPARE(submit(server, ben, id, filled(5, goodInputs())).status, 404);
        QTRY_VERIFY_WITH_TIMEOUT(hints(benHints, QStringLiteral("services")).size() >= 4, 10000);

        // Registered again: the same id, live, the version still going up.
        const HttpResult again =
            put(server, QStringLiteral("leave"), service(toUsers({ QStringLiteral("E1002") })));
        QCOMPARE(again.status, 201);
        QCOMPARE(again.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(again.json().value(QStringLiteral("version")).toInt(), 6);
        QCOMPARE(idsOf(catalogue(server, ben), QStringLiteral("services")), QStringList { id });

        // Cursors that are none.
        QCOMPARE(catalogue(server, ben, QStringLiteral("abc")).status, 400);
        QCOMPARE(catalogue(server, ben, QStringLiteral("-1")).status, 400);
    }

    void badServicesStoreNothing_data() { addDatabaseKinds(); }
    void badServicesStoreNothing()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString path = QStringLiteral("/v1/subsystem/services/{serviceId}");
        const QJsonObject everyone { { QStringLiteral("everyone"), true } };
        const auto refusal = [&](const QJsonObject &body, const QString &code,
                                 const QString &where) {
            const HttpResult result = put(server, QStringLiteral("bad"), body);
            QCOMPARE(result.status, 422);
            QCOMPARE(errorCode(result), code);
            QCOMPARE(result.json().value(QStringLiteral("path")).toString(), where);
            QVERIFY2(misfits(QStringLiteral("PUT"), path, result).isEmpty(),
                qPrintable(misfits(QStringLiteral("PUT"), path, result).join(u'\n')));
        };
        // A form without inputs, or without a submit action; a link to an unknown host.
        QJsonObject noInputs = leaveForm();
        noInputs.insert(QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("Hello") } } });
        refusal(service(everyone, QStringLiteral("Leave"), noInputs),
            QStringLiteral("invalid_card"), QStringLiteral("$.form"));
        QJsonObject noSubmit = leaveForm();
        noSubmit.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.OpenUrl") },
                { QStringLiteral("title"), QStringLiteral("Help") },
                { QStringLiteral("url"), QStringLiteral("https://127.0.0.1/help") } } });
        refusal(service(everyone, QStringLiteral("Leave"), noSubmit),
            QStringLiteral("invalid_card"), QStringLiteral("$.form"));
        QJsonObject tracker = leaveForm();
        QJsonArray body = tracker.value(QStringLiteral("body")).toArray();
        body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
            { QStringLiteral("url"), QStringLiteral("https://tracker.example/pixel.png") } });
        tracker.insert(QStringLiteral("body"), body);
        refusal(service(everyone, QStringLiteral("Leave"), tracker), QStringLiteral("invalid_card"),
            QStringLiteral("$.form.body[4].url"));
        QJsonObject versionless = leaveForm();
        versionless.remove(QStringLiteral("version"));
        refusal(service(everyone, QStringLiteral("Leave"), versionless),
            QStringLiteral("invalid_card"), QStringLiteral("$.form.version"));
        refusal(service(QJsonObject {
                    { QStringLiteral("userTypes"), QJsonArray { QStringLiteral("robot") } } }),
            QStringLiteral("invalid_audience"), QStringLiteral("$.audience.userTypes[0]"));
        QJsonObject noAudience = service(everyone);
        noAudience.remove(QStringLiteral("audience"));
        refusal(noAudience, QStringLiteral("invalid_audience"), QStringLiteral("$.audience"));
        // Fields.
        refusal(service(everyone, QString(121, u'x')), QStringLiteral("invalid_field"),
            QStringLiteral("$.title"));
        QJsonObject badIcon = service(everyone);
        badIcon.insert(QStringLiteral("icon"), QStringLiteral("Big Icon"));
        refusal(badIcon, QStringLiteral("invalid_field"), QStringLiteral("$.icon"));
        QJsonObject badOrder = service(everyone);
        badOrder.insert(QStringLiteral("order"), 1001);
        refusal(badOrder, QStringLiteral("invalid_field"), QStringLiteral("$.order"));
        QJsonObject unknown = service(everyone);
        unknown.insert(QStringLiteral("colour"), QStringLiteral("red"));
        refusal(unknown, QStringLiteral("invalid_field"), QStringLiteral("$.colour"));
        QJsonObject noCategory = service(everyone);
        noCategory.remove(QStringLiteral("category"));
        refusal(noCategory, QStringLiteral("invalid_field"), QStringLiteral("$.category"));
        QCOMPARE(put(server, QStringLiteral("a%20b"), service(everyone)).status, 400);
        QCOMPARE(putRaw(server, QStringLiteral("bad"), QByteArrayLiteral("[]")).status, 400);

        // A body over 64 KiB: 413 before it is read.
        QJsonObject big = service(everyone);
        big.insert(QStringLiteral("description"), QString(qsizetype(70) * 1024, u'x'));
        const HttpResult tooLarge = put(server, QStringLiteral("bad"), big);
        QCOMPARE(tooLarge.status, 413);

        // Nothing of it was stored.
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QVERIFY(idsOf(catalogue(server, ben), QStringLiteral("services")).isEmpty());
        QCOMPARE(withdraw(server, QStringLiteral("bad")).status, 404);

        // Scopes: a key without services:write, or without submissions:read.
        const QString notifier =
            newKey(server, QStringLiteral("notifier"), { QStringLiteral("notifications:write") });
        QVERIFY(!notifier.isEmpty());
        const HttpResult forbidden =
            put(server, QStringLiteral("leave"), service(everyone), notifier);
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(errorCode(forbidden), QStringLiteral("insufficient_scope"));
        QCOMPARE(get(server, QStringLiteral("/v1/subsystem/submissions"), notifier).status, 403);
        QCOMPARE(setStatus(server, QStringLiteral("sub_x"),
                     QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } }, notifier)
                     .status,
            403);
        // A person cannot call a sub-system's route, nor a key a person's.
        QCOMPARE(put(server, QStringLiteral("leave"), service(everyone), ben).status, 403);
        QCOMPARE(catalogue(server, keyOf(server)).status, 403);
    }

    // At most 500 live services a key: the 501st is refused, a replace or one after a withdrawal
    // is not.
    void tooManyServices_data() { addDatabaseKinds(); }
    void tooManyServices()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString keyId = demoApiKey(server).value(QStringLiteral("id")).toString();
        QString values;
        for (int i = 0; i < 500; ++i)
            values += QStringLiteral("%1('svc_t%2', '%3', 't%2', 'T', 'HR', '{\"everyone\":true}',"
                                     " '{}', 1, '2026-11-29T09:00:00Z', 0)")
                          .arg(i == 0 ? QString() : QStringLiteral(","))
                          .arg(i)
                          .arg(keyId);
        const ServerSqlResult inserted = runServerSql(server.dataDir(), m_database,
            QStringLiteral("INSERT INTO services (id, api_key_id, service_id, title, category,"
                           " audience, form, version, updated_at, change_id) VALUES ")
                + values);
        QVERIFY2(inserted.ok, qPrintable(inserted.error));
        const QJsonObject body = service(QJsonObject { { QStringLiteral("everyone"), true } });
        const HttpResult refused = put(server, QStringLiteral("t500"), body);
        QCOMPARE(refused.status, 422);
        QCOMPARE(errorCode(refused), QStringLiteral("too_many_services"));
        QVERIFY2(misfits(QStringLiteral("PUT"),
                     QStringLiteral("/v1/subsystem/services/{serviceId}"), refused)
                     .isEmpty(),
            "too_many_services does not fit the document");
        QCOMPARE(put(server, QStringLiteral("t1"), body).status, 200);
        QCOMPARE(withdraw(server, QStringLiteral("t2")).status, 204);
        QCOMPARE(put(server, QStringLiteral("t500"), body).status, 201);
    }

    // A revoked key's services are withdrawn: the people in their audience are hinted, their
    // delta lists them under removed, a full read omits them and a submission answers 404.
    void revokedKeysServicesAreWithdrawn_data() { addDatabaseKinds(); }
    void revokedKeysServicesAreWithdrawn()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const HttpResult created =
            put(server, QStringLiteral("leave"), service(toUsers({ QStringLiteral("E1002") })));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const HttpResult before = catalogue(server, ben);
        QCOMPARE(idsOf(before, QStringLiteral("services")), QStringList { id });
        const QString cursor = before.json().value(QStringLiteral("cursor")).toString();
        QStringList benHints;
        const auto benStream = stream(server, ben, &benHints);
        QTRY_COMPARE_WITH_TIMEOUT(benHints.size(), 1, 10000); // hello

        const QString keyId = demoApiKey(server).value(QStringLiteral("id")).toString();
        QCOMPARE(httpRequest("POST",
                     server.url(QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(keyId)), {},
                     bearer(admin))
                     .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(hints(benHints, QStringLiteral("services")).size(), 1, 10000);
        const HttpResult delta = catalogue(server, ben, cursor);
        QVERIFY(idsOf(delta, QStringLiteral("services")).isEmpty());
        QCOMPARE(idsOf(delta, QStringLiteral("removed")), QStringList { id });
        QVERIFY(idsOf(catalogue(server, ben), QStringLiteral("services")).isEmpty());
        const HttpResult refused = submit(server, ben, id, filled(1, goodInputs()));
        QCOMPARE(refused.status, 404);
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("not_found"));
    }

    void cleanupTestCase() { m_postgres.stop(); }
};

QTEST_MAIN(TestServices)
#include "tst_services.moc"
