// Events against the real server (SQLite and PostgreSQL; one server per database for the whole
// test case): a sub-system puts, replaces and cancels an event (201, 200 with the version up,
// 204 and then 404; a cancelled event stays in the feed with cancelled: true, and is new again
// when put again); every refusal is a 422 with the JSON path of the first problem or a 413 past
// 64 KiB, and stores nothing; a person outside the audience never sees the event (feed, detail,
// RSVP: the same 404 as an unknown id); answers, the waiting list, the move up with its inbox
// notice, the attendees list and counts, and the cancellation notices; one row per event.
#include "eventsfixture.h"

using namespace tessera::test;

class TestEvents : public QObject, protected EventsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("events"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void putReplaceCancel_data() { addDatabaseKinds(); }
    void putReplaceCancel()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString path = QStringLiteral("/v1/subsystem/events/{eventId}");

        QJsonObject body = eventBody(kind, QStringLiteral("Team breakfast"), everyone());
        // The server's own host: every key's links may go there.
        QUrl joinUrl = srv.url(QStringLiteral("/join"));
        joinUrl.setScheme(QStringLiteral("https"));
        body.insert(QStringLiteral("onlineUrl"), joinUrl.toString());
        body.insert(QStringLiteral("capacity"), 30);
        body.insert(QStringLiteral("reminders"), QJsonArray { 60, 1440 });
        const HttpResult created = putEvent(srv, QStringLiteral("breakfast"), body);
        QCOMPARE(created.status, 201);
        QVERIFY(fits(QStringLiteral("PUT"), path, created));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("evt_")));
        QCOMPARE(created.json().value(QStringLiteral("eventId")).toString(),
            QStringLiteral("breakfast"));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(
            created.json().value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));

        // In Ben's feed at once, as sent (times in UTC), not answered.
        const HttpResult first = events(srv, ben);
        QCOMPARE(first.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/events"), first));
        const QJsonObject shown = eventIn(first, id);
        QCOMPARE(shown.value(QStringLiteral("title")).toString(), QStringLiteral("Team breakfast"));
        QCOMPARE(shown.value(QStringLiteral("description")).toString(),
            QStringLiteral("**Bring** a mug."));
        QCOMPARE(shown.value(QStringLiteral("start")).toString(),
            body.value(QStringLiteral("start")).toString());
        QCOMPARE(shown.value(QStringLiteral("rsvpClosesAt")).toString(),
            body.value(QStringLiteral("start")).toString());
        QCOMPARE(
            shown.value(QStringLiteral("timeZone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(shown.value(QStringLiteral("place")).toObject(),
            body.value(QStringLiteral("place")).toObject());
        QCOMPARE(shown.value(QStringLiteral("onlineUrl")).toString(),
            body.value(QStringLiteral("onlineUrl")).toString());
        QCOMPARE(shown.value(QStringLiteral("capacity")).toInt(), 30);
        QCOMPARE(shown.value(QStringLiteral("cancelled")).toBool(), false);
        QCOMPARE(shown.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(shown.value(QStringLiteral("sequence")).toInt(), 0);
        QVERIFY(shown.value(QStringLiteral("myAnswer")).isNull());
        QVERIFY(shown.value(QStringLiteral("waitingPlace")).isNull());
        QCOMPARE(shown.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            demoApiKey(srv).value(QStringLiteral("subsystem")).toString());

        // Replaced: 200, the same id, version 2; the delta carries it; unlimited now.
        body.insert(QStringLiteral("title"), QStringLiteral("Team breakfast, moved"));
        body.insert(QStringLiteral("capacity"), QJsonValue());
        body.insert(QStringLiteral("place"), QJsonValue());
        const HttpResult replaced = putEvent(srv, QStringLiteral("breakfast"), body);
        QCOMPARE(replaced.status, 200);
        QVERIFY(fits(QStringLiteral("PUT"), path, replaced));
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);
        const HttpResult delta = events(srv, ben, cursorOf(first));
        QCOMPARE(eventIdsOf(delta), QStringList { id });
        QCOMPARE(eventIn(delta, id).value(QStringLiteral("title")).toString(),
            QStringLiteral("Team breakfast, moved"));
        QVERIFY(eventIn(delta, id).value(QStringLiteral("capacity")).isNull());
        QVERIFY(eventIn(delta, id).value(QStringLiteral("place")).isNull());

        // Ben answers; then it is cancelled: 204, then 404; it stays in the feed, cancelled,
        // version 3 (sequence 2); answers are closed; Ben gets the notice.
        QCOMPARE(rsvp(srv, ben, id, QStringLiteral("going")).status, 200);
        const HttpResult answered = events(srv, ben, cursorOf(delta));
        QCOMPARE(eventIn(answered, id).value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("going"));
        QCOMPARE(cancelEvent(srv, QStringLiteral("breakfast")).status, 204);
        const HttpResult again = cancelEvent(srv, QStringLiteral("breakfast"));
        QCOMPARE(again.status, 404);
        QVERIFY(fits(QStringLiteral("DELETE"), path, again));
        const HttpResult afterCancel = events(srv, ben, cursorOf(answered));
        QCOMPARE(eventIdsOf(afterCancel), QStringList { id });
        QVERIFY(removedOf(afterCancel).isEmpty());
        const QJsonObject cancelled = eventIn(afterCancel, id);
        QCOMPARE(cancelled.value(QStringLiteral("cancelled")).toBool(), true);
        QCOMPARE(cancelled.value(QStringLiteral("version")).toInt(), 3);
        QCOMPARE(cancelled.value(QStringLiteral("sequence")).toInt(), 2);
        const HttpResult closed = rsvp(srv, ben, id, QStringLiteral("maybe"));
        QCOMPARE(closed.status, 409);
        QCOMPARE(errorCode(closed), QStringLiteral("rsvp_closed"));
        QVERIFY(fits(QStringLiteral("PUT"), QStringLiteral("/v1/events/{id}/rsvp"), closed));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return inboxTitles(srv, ben).contains(
                    QStringLiteral("Cancelled: Team breakfast, moved"));
            },
            10000));

        // Put again: new (201), the same id, version 4, open again.
        const HttpResult back = putEvent(srv, QStringLiteral("breakfast"), body);
        QCOMPARE(back.status, 201);
        QCOMPARE(back.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(back.json().value(QStringLiteral("version")).toInt(), 4);
        QCOMPARE(eventIn(events(srv, ben, cursorOf(afterCancel)), id)
                     .value(QStringLiteral("cancelled"))
                     .toBool(),
            false);
        // One row for the event, whoever its audience; answers only of those who answered.
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM events WHERE id = '%1'").arg(id)), 1);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = '%1'").arg(id)),
            1);
        QCOMPARE(cancelEvent(srv, QStringLiteral("never-put")).status, 404);
        QCOMPARE(attendees(srv, QStringLiteral("never-put")).status, 404);
        QCOMPARE(httpRequest("GET", srv.url(QStringLiteral("/v1/events"))).status, 401);
    }

    // Each refusal: 422 with its path (or 413), and nothing stored.
    void refusalsStoreNothing_data() { addDatabaseKinds(); }
    void refusalsStoreNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject good = eventBody(kind, QStringLiteral("Fire drill"), everyone());
        const auto with = [&good](const QString &field, const QJsonValue &value) {
            QJsonObject body = good;
            body.insert(field, value);
            return body;
        };
        const QJsonValue start = good.value(QStringLiteral("start"));
        const QList<std::pair<QJsonObject, QString>> cases {
            { with(QStringLiteral("title"), QStringLiteral("<b>Drill</b>")),
                QStringLiteral("$.title") },
            { with(QStringLiteral("description"), QStringLiteral("<script>x</script>")),
                QStringLiteral("$.description") },
            { with(QStringLiteral("timeZone"), QStringLiteral("Mars/Olympus")),
                QStringLiteral("$.timeZone") },
            { with(QStringLiteral("end"), start), QStringLiteral("$.end") },
            { with(QStringLiteral("start"), QStringLiteral("tomorrow")),
                QStringLiteral("$.start") },
            { with(QStringLiteral("capacity"), 0), QStringLiteral("$.capacity") },
            { with(QStringLiteral("capacity"), -3), QStringLiteral("$.capacity") },
            { with(QStringLiteral("colour"), QStringLiteral("red")), QStringLiteral("$.colour") },
            { with(QStringLiteral("onlineUrl"), QStringLiteral("https://evil.example/join")),
                QStringLiteral("$.onlineUrl") },
            { with(QStringLiteral("reminders"), QJsonArray { 60, 60 }),
                QStringLiteral("$.reminders[1]") },
            { with(QStringLiteral("reminders"), QJsonArray { 1 }),
                QStringLiteral("$.reminders[0]") },
            { with(QStringLiteral("place"),
                  QJsonObject { { QStringLiteral("floor"), QStringLiteral("2") } }),
                QStringLiteral("$.place.floor") },
            { with(QStringLiteral("audience"), QJsonObject {}), QStringLiteral("$.audience") },
        };
        for (const auto &[body, expectedPath] : cases) {
            const HttpResult refused = putEvent(srv, QStringLiteral("drill"), body);
            QCOMPARE(refused.status, 422);
            QVERIFY(fits(
                QStringLiteral("PUT"), QStringLiteral("/v1/subsystem/events/{eventId}"), refused));
            QCOMPARE(refused.json().value(QStringLiteral("path")).toString(), expectedPath);
        }
        // More than 14 days; rsvpClosesAt after the end.
        QJsonObject longOne = good;
        longOne.insert(QStringLiteral("end"),
            rfc3339(QDateTime::fromString(start.toString(), Qt::ISODate).addDays(15)));
        QCOMPARE(
            putEvent(srv, QStringLiteral("drill"), longOne).json().value(QStringLiteral("path")),
            QStringLiteral("$.end"));
        QJsonObject lateClose = good;
        lateClose.insert(QStringLiteral("rsvpClosesAt"),
            rfc3339(QDateTime::fromString(start.toString(), Qt::ISODate).addDays(1)));
        QCOMPARE(
            putEvent(srv, QStringLiteral("drill"), lateClose).json().value(QStringLiteral("path")),
            QStringLiteral("$.rsvpClosesAt"));
        // Past 64 KiB: 413 before the body is read.
        const QJsonObject huge =
            with(QStringLiteral("description"), QString(qsizetype(70) * 1024, QLatin1Char('a')));
        QCOMPARE(putEvent(srv, QStringLiteral("drill"), huge).status, 413);
        QCOMPARE(
            sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM events WHERE event_id = 'drill'")),
            0);
        // The good body is taken.
        QCOMPARE(putEvent(srv, QStringLiteral("drill"), good).status, 201);
    }

    // Outside the audience: not in the feed, 404 on GET and RSVP exactly as an unknown id; its
    // id never in removed, however it changes (docs/DELTA_SYNC.md).
    void targeting_data() { addDatabaseKinds(); }
    void targeting()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        const QString benId = demoAccount(srv, QStringLiteral("Ben Okafor"))
                                  .value(QStringLiteral("userId"))
                                  .toString();
        // Ben's own event first: his cursor is past 0, so the reads from it are deltas (a first
        // sync lists nothing removed).
        QVERIFY(!idOfEvent(srv, QStringLiteral("bens-review"),
            eventBody(kind, QStringLiteral("Ben's review"), users({ benId })))
                     .isEmpty());
        const HttpResult before = events(srv, ben);
        QVERIFY(cursorOf(before).toLongLong() > 0);
        const QString id = idOfEvent(srv, QStringLiteral("one-to-one"),
            eventBody(kind, QStringLiteral("One to one"), users({ ashaId })));
        QVERIFY(!id.isEmpty());

        QVERIFY(eventIdsOf(events(srv, asha)).contains(id));
        QCOMPARE(detail(srv, asha, id).status, 200);
        QVERIFY(!eventIdsOf(events(srv, ben)).contains(id));
        const HttpResult delta = events(srv, ben, cursorOf(before));
        QVERIFY(!eventIdsOf(delta).contains(id));
        QVERIFY(!removedOf(delta).contains(id));
        const HttpResult hidden = detail(srv, ben, id);
        const HttpResult unknown = detail(srv, ben, QStringLiteral("evt_doesnotexist"));
        QCOMPARE(hidden.status, 404);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/events/{id}"), hidden));
        QCOMPARE(hidden.body, unknown.body);
        const HttpResult hiddenRsvp = rsvp(srv, ben, id, QStringLiteral("going"));
        QCOMPARE(hiddenRsvp.status, 404);
        QCOMPARE(hiddenRsvp.body,
            rsvp(srv, ben, QStringLiteral("evt_doesnotexist"), QStringLiteral("going")).body);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = '%1'").arg(id)),
            0);
        // A bad answer: 422 with its path.
        const HttpResult bad = rsvp(srv, asha, id, QStringLiteral("perhaps"));
        QCOMPARE(bad.status, 422);
        QCOMPARE(bad.json().value(QStringLiteral("path")).toString(), QStringLiteral("$.answer"));

        // Changed, then cancelled (Asha still sees it, cancelled): Ben's delta reads past both
        // changes and names the event nowhere, not even under removed.
        QCOMPARE(putEvent(srv, QStringLiteral("one-to-one"),
                     eventBody(kind, QStringLiteral("One to one, moved"), users({ ashaId })))
                     .status,
            200);
        QCOMPARE(cancelEvent(srv, QStringLiteral("one-to-one")).status, 204);
        QVERIFY(eventIn(events(srv, asha, cursorOf(before)), id)
                    .value(QStringLiteral("cancelled"))
                    .toBool());
        const HttpResult later = events(srv, ben, cursorOf(before));
        QCOMPARE(later.status, 200);
        QCOMPARE(removedOf(later), QStringList());
        QVERIFY(!later.body.contains(id.toUtf8()));
        QVERIFY(cursorOf(later).toLongLong() > cursorOf(delta).toLongLong());
    }

    // Capacity 2: the third and fourth "going" wait (places 1 and 2); one leaving moves the
    // first waiting person up (told in the inbox); the attendees list and the counts follow.
    void waitingList_data() { addDatabaseKinds(); }
    void waitingList()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QString sam = signIn(srv, QStringLiteral("Sam Guard"));
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        QJsonObject body = eventBody(kind, QStringLiteral("Barista course"), everyone());
        body.insert(QStringLiteral("capacity"), 2);
        const QString id = idOfEvent(srv, QStringLiteral("barista"), body);
        QVERIFY(!id.isEmpty());
        const QString rsvpPath = QStringLiteral("/v1/events/{id}/rsvp");

        const auto answer = [&](const QString &token, const QString &given) {
            const HttpResult result = rsvp(srv, token, id, given);
            if (result.status != 200 || !fits(QStringLiteral("PUT"), rsvpPath, result))
                qWarning() << result.status << result.body;
            const QJsonObject json = result.json();
            return std::make_pair(json.value(QStringLiteral("answer")).toString(),
                json.value(QStringLiteral("waitingPlace")).toInt());
        };
        using Answer = std::pair<QString, int>;
        QCOMPARE(answer(admin, QStringLiteral("going")), Answer(QStringLiteral("going"), 0));
        QCOMPARE(answer(sam, QStringLiteral("going")), Answer(QStringLiteral("going"), 0));
        QCOMPARE(answer(asha, QStringLiteral("going")), Answer(QStringLiteral("waiting"), 1));
        QCOMPARE(answer(ben, QStringLiteral("going")), Answer(QStringLiteral("waiting"), 2));
        // The same answer again changes nothing: Asha keeps her place.
        QCOMPARE(answer(asha, QStringLiteral("going")), Answer(QStringLiteral("waiting"), 1));
        const HttpResult full = detail(srv, ben, id);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/events/{id}"), full));
        QCOMPARE(full.json().value(QStringLiteral("going")).toInt(), 2);
        QCOMPARE(full.json().value(QStringLiteral("spotsLeft")).toInt(), 0);
        QCOMPARE(
            full.json().value(QStringLiteral("myAnswer")).toString(), QStringLiteral("waiting"));
        QCOMPARE(full.json().value(QStringLiteral("waitingPlace")).toInt(), 2);
        const HttpResult ashaBefore = events(srv, asha);
        const HttpResult benBefore = events(srv, ben);
        Stream ashaStream;
        QVERIFY(ashaStream.open(srv, asha));

        // The admin leaves: Asha moves up (her feed says going, her inbox tells her), Ben is
        // next now.
        QCOMPARE(answer(admin, QStringLiteral("no")), Answer(QStringLiteral("no"), 0));
        // Asha hears of her move up live: {"type": "events", "cursor"}.
        const auto eventsHints = [&ashaStream] {
            QStringList cursors;
            for (const QString &text : ashaStream.messages) {
                const QJsonObject hint = QJsonDocument::fromJson(text.toUtf8()).object();
                if (hint.value(QStringLiteral("type")).toString() == u"events")
                    cursors.append(hint.value(QStringLiteral("cursor")).toString());
            }
            return cursors;
        };
        QVERIFY(QTest::qWaitFor([&] { return !eventsHints().isEmpty(); }, 10000));
        const HttpResult ashaDelta = events(srv, asha, cursorOf(ashaBefore));
        QCOMPARE(eventIdsOf(ashaDelta), QStringList { id });
        QCOMPARE(eventIn(ashaDelta, id).value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("going"));
        const HttpResult benDelta = events(srv, ben, cursorOf(benBefore));
        QCOMPARE(eventIn(benDelta, id).value(QStringLiteral("waitingPlace")).toInt(), 1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return inboxTitles(srv, asha).contains(
                    QStringLiteral("You have a place: Barista course"));
            },
            10000));
        QCOMPARE(answer(sam, QStringLiteral("maybe")), Answer(QStringLiteral("maybe"), 0));
        QCOMPARE(answer(sam, QStringLiteral("going")), Answer(QStringLiteral("waiting"), 1));

        const HttpResult list = attendees(srv, QStringLiteral("barista"));
        QCOMPARE(list.status, 200);
        QVERIFY(fits(QStringLiteral("GET"),
            QStringLiteral("/v1/subsystem/events/{eventId}/attendees"), list));
        const QJsonObject counts = list.json();
        QCOMPARE(counts.value(QStringLiteral("capacity")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("going")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("waiting")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("maybe")).toInt(), 0);
        QCOMPARE(counts.value(QStringLiteral("no")).toInt(), 1);
        QStringList order;
        for (const auto &each : counts.value(QStringLiteral("attendees")).toArray())
            order.append(each.toObject().value(QStringLiteral("displayName")).toString() + u':'
                + each.toObject().value(QStringLiteral("answer")).toString());
        QCOMPARE(order.size(), 4);
        QCOMPARE(order.mid(2),
            (QStringList {
                QStringLiteral("Sam Guard:waiting"), QStringLiteral("Tessera Admin:no") }));
        QVERIFY(order.mid(0, 2).contains(QStringLiteral("Asha Rao:going")));
        QVERIFY(order.mid(0, 2).contains(QStringLiteral("Ben Okafor:going")));
        QCOMPARE(counts.value(QStringLiteral("attendees"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("waitingPlace")),
            QJsonValue(1));

        // Raising the capacity moves Sam up; cancelling tells Asha, Ben and Sam. Each notice is
        // owed in the transaction of the answer (or put, or cancellation) that makes it and
        // marked sent in its own, before the answer returns: none is left owed for the
        // events-schedule job.
        const auto owed = [&](const QString &where) {
            return sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM event_notices WHERE event_id = '%1' AND %2")
                    .arg(id, where));
        };
        QCOMPARE(owed(QStringLiteral("sent = 0")), 0);
        body.insert(QStringLiteral("capacity"), 3);
        QCOMPARE(putEvent(srv, QStringLiteral("barista"), body).status, 200);
        QCOMPARE(owed(QStringLiteral("sent = 0")), 0);
        QCOMPARE(detail(srv, sam, id).json().value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("going"));
        QCOMPARE(cancelEvent(srv, QStringLiteral("barista")).status, 204);
        QCOMPARE(owed(QStringLiteral("sent = 0")), 0);
        QCOMPARE(inboxTitles(srv, ben).count(QStringLiteral("Cancelled: Barista course")), 1);
        QCOMPARE(inboxTitles(srv, asha).count(QStringLiteral("Cancelled: Barista course")), 1);
        QCOMPARE(
            inboxTitles(srv, ben).count(QStringLiteral("You have a place: Barista course")), 1);
        // The three cancellations and the three moves up (Asha's, Ben's and Sam's, a
        // non-employee no notice reaches: marked all the same) done.
        QCOMPARE(owed(QStringLiteral("sent = 1 AND kind = 'cancelled'")), 3);
        QCOMPARE(owed(QStringLiteral("sent = 1 AND kind = 'movedUp'")), 3);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = '%1'"
                                    " AND user_id = '%2'")
                         .arg(id, ashaId)),
            1);
    }

    // A revoked key's events are taken down: a delta lists them under removed; the detail and
    // the answers are 404; a key without events:write gets 403.
    void revokedKeysEventsAreRemoved_data() { addDatabaseKinds(); }
    void revokedKeysEventsAreRemoved()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const auto makeKey = [&](const QString &scope) {
            return httpRequest("POST", srv.url(QStringLiteral("/v1/admin/api-keys")),
                compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("social") },
                    { QStringLiteral("scopes"), QJsonArray { scope } } }),
                bearer(admin))
                .json();
        };
        const QJsonObject newsOnly = makeKey(QStringLiteral("news:write"));
        QCOMPARE(putEvent(srv, QStringLiteral("quiz"),
                     eventBody(kind, QStringLiteral("Quiz night"), everyone()),
                     newsOnly.value(QStringLiteral("key")).toString())
                     .status,
            403);
        const QJsonObject made = makeKey(QStringLiteral("events:write"));
        const HttpResult put = putEvent(srv, QStringLiteral("quiz"),
            eventBody(kind, QStringLiteral("Quiz night"), everyone()),
            made.value(QStringLiteral("key")).toString());
        QCOMPARE(put.status, 201);
        const QString id = put.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const HttpResult first = events(srv, ben);
        QCOMPARE(eventIn(first, id)
                     .value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("social"));

        QCOMPARE(httpRequest("POST",
                     srv.url(QStringLiteral("/v1/admin/api-keys/%1/revoke")
                                 .arg(made.value(QStringLiteral("id")).toString())),
                     {}, bearer(admin))
                     .status,
            200);
        QCOMPARE(removedOf(events(srv, ben, cursorOf(first))), QStringList { id });
        QVERIFY(!eventIdsOf(events(srv, ben)).contains(id));
        QCOMPARE(detail(srv, ben, id).status, 404);
        QCOMPARE(rsvp(srv, ben, id, QStringLiteral("going")).status, 404);
    }

    // With an Idempotency-Key (the app's outbox), a retry answers the first answer again.
    void idempotentAnswer_data() { addDatabaseKinds(); }
    void idempotentAnswer()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString id = idOfEvent(
            srv, QStringLiteral("yoga"), eventBody(kind, QStringLiteral("Yoga"), everyone()));
        const QUrl url = srv.url(QStringLiteral("/v1/events/%1/rsvp").arg(id));
        const QByteArray body = R"({"answer":"maybe"})";
        const HttpResult first = httpRequest("PUT", url, body, bearer(asha, "rsvp-yoga-1"));
        QCOMPARE(first.status, 200);
        const HttpResult retry = httpRequest("PUT", url, body, bearer(asha, "rsvp-yoga-1"));
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(retry.json(), first.json());
        QCOMPARE(
            httpRequest("PUT", url, R"({"answer":"no"})", bearer(asha, "rsvp-yoga-1")).status, 422);
    }
};

QTEST_MAIN(TestEvents)
#include "tst_events.moc"
