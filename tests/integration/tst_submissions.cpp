// Submissions to a service against the real server (SQLite and PostgreSQL): a valid one is stored
// once under its Idempotency-Key and shows in My requests, in the sub-system's list and in its
// events feed; invalid inputs, a stale form version and an unknown action are refused naming
// what is wrong, and store nothing; the sub-system's statuses reach the submitter live, a final
// one stays final, a result card is checked, and another key's submission is not found.
#include "servicesfixture.h"

using namespace tessera::test;

class TestSubmissions : public QObject, protected ServicesFixture
{
    Q_OBJECT

    static QJsonObject with(QJsonObject inputs, const QString &name, const QJsonValue &value)
    {
        if (value.isUndefined())
            inputs.remove(name);
        else
            inputs.insert(name, value);
        return inputs;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void submitOnceAndValidated_data() { addDatabaseKinds(); }
    void submitOnceAndValidated()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString path = QStringLiteral("/v1/services/{id}/submissions");
        const QString id = put(server, QStringLiteral("leave"),
            service(QJsonObject { { QStringLiteral("everyone"), true } }))
                               .json()
                               .value(QStringLiteral("id"))
                               .toString();
        QVERIFY(!id.isEmpty());
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        const HttpResult created = submit(server, ben, id, filled(1, goodInputs()), "first");
        QCOMPARE(created.status, 201);
        QVERIFY2(misfits(QStringLiteral("POST"), path, created).isEmpty(),
            qPrintable(misfits(QStringLiteral("POST"), path, created).join(u'\n')));
        const QJsonObject submission =
            created.json().value(QStringLiteral("submission")).toObject();
        const QString submissionId = submission.value(QStringLiteral("id")).toString();
        QVERIFY(submissionId.startsWith(QLatin1String("sub_")));
        QCOMPARE(submission.value(QStringLiteral("serviceId")).toString(), id);
        QCOMPARE(submission.value(QStringLiteral("serviceTitle")).toString(),
            QStringLiteral("Apply for leave"));
        QCOMPARE(
            submission.value(QStringLiteral("status")).toString(), QStringLiteral("submitted"));
        QCOMPARE(submission.value(QStringLiteral("inputs")).toObject(), goodInputs());
        QVERIFY(submission.value(QStringLiteral("resultCard")).isNull());

        // The same key again: the same answer, nothing more stored; with another body: refused.
        const HttpResult replayed = submit(server, ben, id, filled(1, goodInputs()), "first");
        QCOMPARE(replayed.status, 201);
        QCOMPARE(replayed.body, created.body);
        QCOMPARE(replayed.header("Idempotent-Replayed"), QByteArrayLiteral("true"));
        const HttpResult reused = submit(server, ben, id,
            filled(1, with(goodInputs(), QStringLiteral("days"), QStringLiteral("4"))), "first");
        QCOMPARE(reused.status, 422);
        QCOMPARE(errorCode(reused), QStringLiteral("idempotency_key_reused"));
        const HttpResult keyless = submit(server, ben, id, filled(1, goodInputs()), QByteArray());
        QCOMPARE(keyless.status, 400);
        QCOMPARE(errorCode(keyless), QStringLiteral("idempotency_key_required"));

        // Each invalid input named; nothing stored.
        const QList<std::pair<QJsonObject, QString>> invalid {
            { with(goodInputs(), QStringLiteral("extra"), QStringLiteral("x")),
                QStringLiteral("extra") },
            { with(goodInputs(), QStringLiteral("summary"), QJsonValue::Undefined),
                QStringLiteral("summary") },
            { with(goodInputs(), QStringLiteral("code"), QStringLiteral("abc")),
                QStringLiteral("code") },
            { with(goodInputs(), QStringLiteral("days"), QStringLiteral("11")),
                QStringLiteral("days") },
            { with(goodInputs(), QStringLiteral("kind"), QStringLiteral("unpaid")),
                QStringLiteral("kind") },
        };
        for (const auto &[inputs, input] : invalid) {
            const HttpResult refused = submit(server, ben, id, filled(1, inputs));
            QCOMPARE(refused.status, 422);
            QCOMPARE(errorCode(refused), QStringLiteral("invalid_inputs"));
            const QJsonArray errors = refused.json().value(QStringLiteral("errors")).toArray();
            QCOMPARE(errors.size(), 1);
            QCOMPARE(errors.first().toObject().value(QStringLiteral("input")).toString(), input);
            QVERIFY(
                !errors.first().toObject().value(QStringLiteral("message")).toString().isEmpty());
            QVERIFY2(misfits(QStringLiteral("POST"), path, refused).isEmpty(),
                qPrintable(misfits(QStringLiteral("POST"), path, refused).join(u'\n')));
        }
        QJsonObject unknownAction = filled(1, goodInputs());
        unknownAction.insert(QStringLiteral("action"), QStringLiteral("cancel"));
        QCOMPARE(
            errorCode(submit(server, ben, id, unknownAction)), QStringLiteral("unknown_action"));
        QCOMPARE(
            submit(server, ben, id, QJsonObject { { QStringLiteral("version"), 1 } }).status, 400);
        QCOMPARE(
            submit(server, ben, QStringLiteral("svc_none"), filled(1, goodInputs())).status, 404);

        // The form changed: the version filled is stale.
        QCOMPARE(put(server, QStringLiteral("leave"),
                     service(QJsonObject { { QStringLiteral("everyone"), true } }))
                     .status,
            200);
        const HttpResult stale = submit(server, ben, id, filled(1, goodInputs()));
        QCOMPARE(stale.status, 409);
        QCOMPARE(errorCode(stale), QStringLiteral("form_changed"));
        QCOMPARE(stale.json().value(QStringLiteral("version")).toInt(), 2);
        QVERIFY2(misfits(QStringLiteral("POST"), path, stale).isEmpty(),
            qPrintable(misfits(QStringLiteral("POST"), path, stale).join(u'\n')));

        // One submission: in My requests, in the sub-system's list and its events feed.
        const HttpResult mine = myRequests(server, ben);
        QCOMPARE(mine.status, 200);
        QVERIFY2(misfits(QStringLiteral("GET"), QStringLiteral("/v1/submissions"), mine).isEmpty(),
            qPrintable(misfits(QStringLiteral("GET"), QStringLiteral("/v1/submissions"), mine)
                           .join(u'\n')));
        QCOMPARE(idsOf(mine, QStringLiteral("submissions")), QStringList { submissionId });
        QCOMPARE(mine.json().value(QStringLiteral("submissions")).toArray().first().toObject(),
            submission);
        const HttpResult theirs =
            get(server, QStringLiteral("/v1/subsystem/submissions"), keyOf(server));
        QCOMPARE(theirs.status, 200);
        QVERIFY2(misfits(QStringLiteral("GET"), QStringLiteral("/v1/subsystem/submissions"), theirs)
                     .isEmpty(),
            qPrintable(
                misfits(QStringLiteral("GET"), QStringLiteral("/v1/subsystem/submissions"), theirs)
                    .join(u'\n')));
        const QJsonArray listed = theirs.json().value(QStringLiteral("submissions")).toArray();
        QCOMPARE(listed.size(), 1);
        const QJsonObject row = listed.first().toObject();
        QCOMPARE(row.value(QStringLiteral("serviceId")).toString(), QStringLiteral("leave"));
        QCOMPARE(row.value(QStringLiteral("formVersion")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("action")).toString(), QStringLiteral("send"));
        QCOMPARE(row.value(QStringLiteral("submitter")).toObject(),
            (QJsonObject { { QStringLiteral("id"), QStringLiteral("E1002") },
                { QStringLiteral("name"), QStringLiteral("Ben Okafor") } }));
        QCOMPARE(idsOf(get(server, QStringLiteral("/v1/subsystem/submissions"), keyOf(server),
                           { { QStringLiteral("serviceId"), QStringLiteral("other") } }),
                     QStringLiteral("submissions")),
            QStringList {});
        const QJsonArray events = get(server, QStringLiteral("/v1/subsystem/events"), keyOf(server))
                                      .json()
                                      .value(QStringLiteral("events"))
                                      .toArray();
        QCOMPARE(events.size(), 1);
        const QJsonObject event = events.first().toObject();
        QCOMPARE(
            event.value(QStringLiteral("type")).toString(), QStringLiteral("submission.created"));
        QCOMPARE(event.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(event.value(QStringLiteral("submissionId")).toString(), submissionId);
        QCOMPARE(event.value(QStringLiteral("serviceId")).toString(), QStringLiteral("leave"));
        QCOMPARE(event.value(QStringLiteral("inputs")).toObject(), goodInputs());
        QCOMPARE(event.value(QStringLiteral("submitter")), row.value(QStringLiteral("submitter")));
        QCOMPARE(event.value(QStringLiteral("status")).toString(), QStringLiteral("submitted"));

        // Another one on the new form: the key's list page by page, oldest first.
        const HttpResult second = submit(server, ben, id, filled(2, goodInputs()));
        QCOMPARE(second.status, 201);
        const auto page = [&](const QString &since) {
            return get(server, QStringLiteral("/v1/subsystem/submissions"), keyOf(server),
                { { QStringLiteral("since"), since },
                    { QStringLiteral("limit"), QStringLiteral("1") } });
        };
        const HttpResult first = page(QStringLiteral("0"));
        QCOMPARE(idsOf(first, QStringLiteral("submissions")), QStringList { submissionId });
        QCOMPARE(first.json().value(QStringLiteral("hasMore")).toBool(), true);
        const HttpResult next = page(first.json().value(QStringLiteral("cursor")).toString());
        QCOMPARE(idsOf(next, QStringLiteral("submissions")),
            QStringList { second.json()
                              .value(QStringLiteral("submission"))
                              .toObject()
                              .value(QStringLiteral("id"))
                              .toString() });
        QCOMPARE(next.json().value(QStringLiteral("hasMore")).toBool(), false);
        QCOMPARE(page(QStringLiteral("x")).status, 400);
        // My requests: the newest first.
        QCOMPARE(idsOf(myRequests(server, ben), QStringLiteral("submissions")).size(), 2);
        QCOMPARE(
            idsOf(myRequests(server, ben), QStringLiteral("submissions")).last(), submissionId);
    }

    void statusLifecycle_data() { addDatabaseKinds(); }
    void statusLifecycle()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString path = QStringLiteral("/v1/subsystem/submissions/{id}/status");
        const QString id =
            put(server, QStringLiteral("leave"), service(toUsers({ QStringLiteral("E1002") })))
                .json()
                .value(QStringLiteral("id"))
                .toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString submissionId = submit(server, ben, id, filled(1, goodInputs()))
                                         .json()
                                         .value(QStringLiteral("submission"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
        QVERIFY(!submissionId.isEmpty());
        const QString cursor =
            myRequests(server, ben).json().value(QStringLiteral("cursor")).toString();
        QStringList messages;
        const auto benStream = stream(server, ben, &messages);
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000); // hello

        const HttpResult received = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("received") },
                { QStringLiteral("message"), QStringLiteral("HR has it.") } });
        QCOMPARE(received.status, 200);
        QVERIFY2(misfits(QStringLiteral("POST"), path, received).isEmpty(),
            qPrintable(misfits(QStringLiteral("POST"), path, received).join(u'\n')));
        QCOMPARE(
            received.json().value(QStringLiteral("status")).toString(), QStringLiteral("received"));
        // The submitter hears of it live, and reads it by cursor.
        QTRY_COMPARE_WITH_TIMEOUT(hints(messages, QStringLiteral("submissions")).size(), 1, 10000);
        const QString hinted =
            QJsonDocument::fromJson(hints(messages, QStringLiteral("submissions")).first().toUtf8())
                .object()
                .value(QStringLiteral("cursor"))
                .toString();
        const HttpResult delta = myRequests(server, ben, cursor);
        QCOMPARE(delta.json().value(QStringLiteral("cursor")).toString(), hinted);
        const QJsonObject changed =
            delta.json().value(QStringLiteral("submissions")).toArray().first().toObject();
        QCOMPARE(changed.value(QStringLiteral("status")).toString(), QStringLiteral("received"));
        QCOMPARE(changed.value(QStringLiteral("message")).toString(), QStringLiteral("HR has it."));

        // A result card is checked like a form (links to the server's host only).
        const QJsonObject ticket { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"),
                QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                    { QStringLiteral("text"), QStringLiteral("Leave **L-42** approved") } } } } };
        QJsonObject badTicket = ticket;
        badTicket.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.OpenUrl") },
                { QStringLiteral("title"), QStringLiteral("Open") },
                { QStringLiteral("url"), QStringLiteral("http://127.0.0.1/x") } } });
        const HttpResult badCard = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("done") },
                { QStringLiteral("resultCard"), badTicket } });
        QCOMPARE(badCard.status, 422);
        QCOMPARE(errorCode(badCard), QStringLiteral("invalid_card"));
        QCOMPARE(badCard.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.resultCard.actions[0].url"));
        const HttpResult badStatus = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("submitted") } });
        QCOMPARE(errorCode(badStatus), QStringLiteral("invalid_field"));
        QCOMPARE(
            badStatus.json().value(QStringLiteral("path")).toString(), QStringLiteral("$.status"));
        const HttpResult longMessage = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("done") },
                { QStringLiteral("message"), QString(501, u'x') } });
        QCOMPARE(errorCode(longMessage), QStringLiteral("invalid_field"));

        // Another key's submission: not found.
        const QString other = newKey(server, QStringLiteral("it-desk"),
            { QStringLiteral("services:write"), QStringLiteral("submissions:read") });
        QVERIFY(!other.isEmpty());
        QCOMPARE(setStatus(server, submissionId,
                     QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } }, other)
                     .status,
            404);
        QVERIFY(idsOf(get(server, QStringLiteral("/v1/subsystem/submissions"), other),
            QStringLiteral("submissions"))
                    .isEmpty());
        QCOMPARE(setStatus(server, QStringLiteral("sub_none"),
                     QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } })
                     .status,
            404);

        const HttpResult done = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("done") },
                { QStringLiteral("resultCard"), ticket } });
        QCOMPARE(done.status, 200);
        QCOMPARE(done.json().value(QStringLiteral("resultCard")).toObject(), ticket);
        QVERIFY(done.json().value(QStringLiteral("message")).isNull());
        const HttpResult final = setStatus(server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("rejected") } });
        QCOMPARE(final.status, 409);
        QCOMPARE(errorCode(final), QStringLiteral("already_final"));
        QVERIFY2(misfits(QStringLiteral("POST"), path, final).isEmpty(),
            qPrintable(misfits(QStringLiteral("POST"), path, final).join(u'\n')));

        QTRY_COMPARE_WITH_TIMEOUT(hints(messages, QStringLiteral("submissions")).size(), 2, 10000);
        const QJsonObject mine = myRequests(server, ben)
                                     .json()
                                     .value(QStringLiteral("submissions"))
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(mine.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QCOMPARE(mine.value(QStringLiteral("resultCard")).toObject(), ticket);

        // The events: created, then each status, with the submitter.
        const QJsonArray events = get(server, QStringLiteral("/v1/subsystem/events"), keyOf(server))
                                      .json()
                                      .value(QStringLiteral("events"))
                                      .toArray();
        QStringList seen;
        for (const auto &event : events)
            seen.append(event.toObject().value(QStringLiteral("type")).toString() + u' '
                + event.toObject().value(QStringLiteral("status")).toString());
        QCOMPARE(seen,
            (QStringList { QStringLiteral("submission.created submitted"),
                QStringLiteral("submission.status received"),
                QStringLiteral("submission.status done") }));
        QCOMPARE(events.at(1).toObject().value(QStringLiteral("message")).toString(),
            QStringLiteral("HR has it."));
    }

    // Only the chosen action's inputs are checked: an outer Approve sends the outer note, a
    // Reject inside a ShowCard sends its reason too (required there), an action with
    // associatedInputs "none" sends nothing; with two actions one must be named.
    void chosenActionInputs_data() { addDatabaseKinds(); }
    void chosenActionInputs()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QJsonObject form = QJsonDocument::fromJson(R"({
            "type": "AdaptiveCard", "version": "1.5",
            "body": [{"type": "Input.Text", "id": "note", "label": "Note"}],
            "actions": [
                {"type": "Action.Submit", "id": "approve", "title": "Approve"},
                {"type": "Action.Submit", "id": "later", "title": "Later",
                 "associatedInputs": "none"},
                {"type": "Action.ShowCard", "title": "Reject", "card": {
                    "type": "AdaptiveCard",
                    "body": [{"type": "Input.Text", "id": "reason", "label": "Reason",
                              "isRequired": true}],
                    "actions": [{"type": "Action.Execute", "verb": "reject",
                                 "title": "Reject"}]}}]})")
                                     .object();
        QVERIFY(!form.isEmpty());
        const HttpResult published = put(server, QStringLiteral("approval"),
            service(QJsonObject { { QStringLiteral("everyone"), true } }, QStringLiteral("Approve"),
                form));
        QCOMPARE(published.status, 201);
        const QString id = published.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const auto body = [](const QString &action, const QJsonObject &inputs) {
            QJsonObject filled { { QStringLiteral("version"), 1 },
                { QStringLiteral("inputs"), inputs } };
            if (!action.isEmpty())
                filled.insert(QStringLiteral("action"), action);
            return filled;
        };
        const auto firstError = [](const HttpResult &result) {
            return result.json()
                .value(QStringLiteral("errors"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("input"))
                .toString();
        };
        const QJsonObject note { { QStringLiteral("note"), QStringLiteral("fine") } };

        QCOMPARE(submit(server, ben, id, body(QStringLiteral("approve"), note)).status, 201);
        QCOMPARE(submit(server, ben, id, body(QStringLiteral("approve"), {})).status, 201);
        const HttpResult rejectBare = submit(server, ben, id, body(QStringLiteral("reject"), note));
        QCOMPARE(rejectBare.status, 422);
        QCOMPARE(errorCode(rejectBare), QStringLiteral("invalid_inputs"));
        QCOMPARE(firstError(rejectBare), QStringLiteral("reason"));
        QJsonObject reasoned = note;
        reasoned.insert(QStringLiteral("reason"), QStringLiteral("too late"));
        QCOMPARE(submit(server, ben, id, body(QStringLiteral("reject"), reasoned)).status, 201);
        // Approve does not send the reason: a value for it is an unknown input.
        const HttpResult stray = submit(server, ben, id, body(QStringLiteral("approve"), reasoned));
        QCOMPARE(stray.status, 422);
        QCOMPARE(firstError(stray), QStringLiteral("reason"));
        // "none" sends nothing, and takes nothing.
        QCOMPARE(submit(server, ben, id, body(QStringLiteral("later"), {})).status, 201);
        const HttpResult noneWithNote =
            submit(server, ben, id, body(QStringLiteral("later"), note));
        QCOMPARE(noneWithNote.status, 422);
        QCOMPARE(firstError(noneWithNote), QStringLiteral("note"));
        // Three submit actions, none named: the choices are named.
        const HttpResult unnamed = submit(server, ben, id, body(QString(), note));
        QCOMPARE(unnamed.status, 422);
        QCOMPARE(errorCode(unnamed), QStringLiteral("unknown_action"));
        QCOMPARE(unnamed.json().value(QStringLiteral("actions")).toArray(),
            QJsonArray(
                { QStringLiteral("approve"), QStringLiteral("later"), QStringLiteral("reject") }));
        QVERIFY2(misfits(QStringLiteral("POST"), QStringLiteral("/v1/services/{id}/submissions"),
                     unnamed)
                     .isEmpty(),
            "unknown_action does not fit the document");
        QCOMPARE(
            myRequests(server, ben).json().value(QStringLiteral("submissions")).toArray().size(),
            4);

        // The only submit action is the default one.
        QJsonObject single = form;
        single.insert(QStringLiteral("actions"),
            QJsonArray { form.value(QStringLiteral("actions")).toArray().first() });
        QCOMPARE(put(server, QStringLiteral("approval"),
                     service(QJsonObject { { QStringLiteral("everyone"), true } },
                         QStringLiteral("Approve"), single))
                     .status,
            200);
        QJsonObject second = body(QString(), note);
        second.insert(QStringLiteral("version"), 2);
        QCOMPARE(submit(server, ben, id, second).status, 201);
    }

    void cleanupTestCase() { m_postgres.stop(); }
};

QTEST_MAIN(TestSubmissions)
#include "tst_submissions.moc"
