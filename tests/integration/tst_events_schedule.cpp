// Events on the moved clock and under load, against the real server (SQLite and PostgreSQL; one
// server per database for the whole test case, its --clock-file moved on): 20 people answer
// "going" at once to an event for 5 (exactly 5 go, 15 wait in places 1 to 15); an answer after
// rsvpClosesAt is 409 rsvp_closed; a reminder reaches each person going exactly once, also when
// the scheduled job runs again; a notice owed but not sent (a crash after the answer's commit)
// is sent by the job exactly once; an event leaves the feed (removed) 24 h after its end.
#include "eventsfixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <set>

using namespace tessera::test;

class TestEventsSchedule : public QObject, protected EventsFixture
{
    Q_OBJECT

    // The access tokens of the people made for a kind's server.
    std::map<QString, QStringList> m_guests;

    // n new local people on the server, signed in (an admin makes each; each sets a password).
    QStringList makeGuests(const ServerProcess &server, int count)
    {
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        QStringList tokens;
        for (int i = 0; i < count; ++i) {
            const HttpResult created =
                httpRequest("POST", server.url(QStringLiteral("/v1/admin/local-users")),
                    compactJson(QJsonObject {
                        { QStringLiteral("displayName"), QStringLiteral("Guest %1").arg(i) },
                        { QStringLiteral("email"), QStringLiteral("guest%1@tessera.test").arg(i) },
                        { QStringLiteral("geo"), QStringLiteral("Pune") } }),
                    bearer(admin));
            const QString userId = created.json().value(QStringLiteral("userId")).toString();
            const HttpResult changed =
                httpRequest("POST", server.url(QStringLiteral("/v1/auth/password")),
                    compactJson(QJsonObject { { QStringLiteral("username"), userId },
                        { QStringLiteral("currentPassword"),
                            created.json().value(QStringLiteral("temporaryPassword")) },
                        { QStringLiteral("newPassword"),
                            QStringLiteral("copper kettle morning tram %1").arg(i) },
                        { QStringLiteral("device"),
                            testDevice(QStringLiteral("guest-device-%1").arg(i)) } }));
            const QString token = changed.json().value(QStringLiteral("accessToken")).toString();
            if (token.isEmpty()) {
                qWarning() << "guest" << i << created.status << changed.status << changed.body;
                return {};
            }
            tokens.append(token);
        }
        return tokens;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("events_schedule"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    // 20 people at once, each on its own connection, to an event for 5.
    void concurrentAnswers_data() { addDatabaseKinds(); }
    void concurrentAnswers()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QStringList guests = makeGuests(srv, 20);
        QCOMPARE(guests.size(), 20);
        QJsonObject body = eventBody(kind, QStringLiteral("Rooftop tour"), everyone());
        body.insert(QStringLiteral("capacity"), 5);
        const QString id = idOfEvent(srv, QStringLiteral("rooftop"), body);
        QVERIFY(!id.isEmpty());

        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        QList<QNetworkReply *> replies;
        for (const QString &token : guests) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            QNetworkRequest request(srv.url(QStringLiteral("/v1/events/%1/rsvp").arg(id)));
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            replies.append(managers.back()->put(request, QByteArray(R"({"answer":"going"})")));
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(replies.cbegin(), replies.cend(),
                    [](const QNetworkReply *reply) { return reply->isFinished(); });
            },
            60000));
        int going = 0;
        std::set<int> places;
        for (QNetworkReply *reply : replies) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
            if (answer.value(QStringLiteral("answer")).toString() == u"going")
                ++going;
            else if (answer.value(QStringLiteral("answer")).toString() == u"waiting")
                places.insert(answer.value(QStringLiteral("waitingPlace")).toInt());
            reply->deleteLater();
        }
        QCOMPARE(going, 5);
        QCOMPARE(int(places.size()), 15);
        QCOMPARE(*places.begin(), 1);
        QCOMPARE(*places.rbegin(), 15);
        const QJsonObject counts = attendees(srv, QStringLiteral("rooftop")).json();
        QCOMPARE(counts.value(QStringLiteral("going")).toInt(), 5);
        QCOMPARE(counts.value(QStringLiteral("waiting")).toInt(), 15);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = '%1' AND"
                                    " answer = 'going'")
                         .arg(id)),
            5);
        m_guests[kind] = guests;
    }

    // rsvpClosesAt an hour ahead: open until then, 409 rsvp_closed after.
    void closing_data() { addDatabaseKinds(); }
    void closing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QJsonObject body = eventBody(kind, QStringLiteral("Town hall"), everyone(), 3);
        body.insert(QStringLiteral("rsvpClosesAt"), rfc3339(serverNow(kind).addSecs(3600)));
        const QString id = idOfEvent(srv, QStringLiteral("townhall"), body);
        QCOMPARE(rsvp(srv, ben, id, QStringLiteral("maybe")).status, 200);
        QVERIFY(moveClock(kind, 3700));
        QVERIFY(QTest::qWaitFor(
            [&] { return rsvp(srv, ben, id, QStringLiteral("going")).status == 409; }, 10000));
        const HttpResult closed = rsvp(srv, ben, id, QStringLiteral("no"));
        QCOMPARE(errorCode(closed), QStringLiteral("rsvp_closed"));
        QVERIFY(closed.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("closed at")));
        QCOMPARE(detail(srv, ben, id).json().value(QStringLiteral("myAnswer")).toString(),
            QStringLiteral("maybe"));
    }

    // A reminder an hour before the start: once to each person going, never to the others,
    // and not again when the job runs again.
    void reminders_data() { addDatabaseKinds(); }
    void reminders()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QJsonObject body = eventBody(kind, QStringLiteral("Quarterly review"), everyone(), 2);
        body.insert(QStringLiteral("reminders"), QJsonArray { 60 });
        const QString id = idOfEvent(srv, QStringLiteral("review"), body);
        QCOMPARE(rsvp(srv, asha, id, QStringLiteral("going")).status, 200);
        QCOMPARE(rsvp(srv, ben, id, QStringLiteral("maybe")).status, 200);
        const auto reminded = [&](const QString &token) {
            int count = 0;
            for (const QString &title : inboxTitles(srv, token))
                count += title.startsWith(QStringLiteral("Reminder: Quarterly review at ")) ? 1 : 0;
            return count;
        };
        // Not yet: the reminder is due in an hour.
        QTest::qWait(6000);
        QCOMPARE(reminded(asha), 0);

        QVERIFY(moveClock(kind, 3660));
        QVERIFY(QTest::qWaitFor([&] { return reminded(asha) == 1; }, 20000));
        // The job runs every 5 s: wait for two more runs, still one.
        QTest::qWait(12000);
        QCOMPARE(reminded(asha), 1);
        QCOMPARE(reminded(ben), 0);
        const QStringList titles = inboxTitles(srv, asha);
        QVERIFY2(
            titles.contains(QStringLiteral("Reminder: Quarterly review at %1 (Europe/Berlin)")
                                .arg(QDateTime::fromString(
                                    body.value(QStringLiteral("start")).toString(), Qt::ISODate)
                                         .toTimeZone(QTimeZone("Europe/Berlin"))
                                         .toString(QStringLiteral("yyyy-MM-dd HH:mm")))),
            qPrintable(titles.join(u'|')));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM event_reminders_sent WHERE"
                                    " event_id = '%1'")
                         .arg(id)),
            1);
    }

    // A move up whose notice was owed but never sent (the server stopped after the commit): the
    // job sends it, once however often it runs; a cancellation owed for an event put again
    // since is only marked, nobody told.
    void owedNotices_data() { addDatabaseKinds(); }
    void owedNotices()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const auto userId = [&](const QString &name) {
            return demoAccount(srv, name).value(QStringLiteral("userId")).toString();
        };
        QJsonObject body = eventBody(kind, QStringLiteral("Pottery class"), everyone(), 5);
        body.insert(QStringLiteral("capacity"), 1);
        const QString id = idOfEvent(srv, QStringLiteral("pottery"), body);
        QVERIFY(!id.isEmpty());
        QCOMPARE(rsvp(srv, asha, id, QStringLiteral("going")).status, 200);
        const auto owe = [&](const QString &person, const QString &noticeKind) {
            return runServerSql(srv.dataDir(), stage(kind).database,
                QStringLiteral("INSERT INTO event_notices (event_id, user_id, kind, owed_at, sent)"
                               " VALUES ('%1', '%2', '%3', '2026-01-01T00:00:00Z', 0)")
                    .arg(id, person, noticeKind))
                .ok;
        };
        QVERIFY(owe(userId(QStringLiteral("Asha Rao")), QStringLiteral("movedUp")));
        QVERIFY(owe(userId(QStringLiteral("Ben Okafor")), QStringLiteral("cancelled")));
        const auto placed = [&] {
            return int(
                inboxTitles(srv, asha).count(QStringLiteral("You have a place: Pottery class")));
        };
        const auto pending = [&] {
            return sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM event_notices WHERE event_id = '%1' AND"
                               " sent = 0")
                    .arg(id));
        };
        QVERIFY(QTest::qWaitFor([&] { return placed() == 1; }, 20000));
        QVERIFY(QTest::qWaitFor([&] { return pending() == 0; }, 10000));
        // The job runs every 5 s: two more runs, still one.
        QTest::qWait(12000);
        QCOMPARE(placed(), 1);
        QCOMPARE(pending(), 0);
        for (const QString &title : inboxTitles(srv, ben))
            QVERIFY2(!title.startsWith(QStringLiteral("Cancelled: Pottery")), qPrintable(title));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM event_notices WHERE event_id = '%1' AND"
                                    " sent = 1")
                         .arg(id)),
            2);
    }

    // 24 h after its end the event is removed from the feed; the detail is 404.
    void expiry_data() { addDatabaseKinds(); }
    void expiry()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString id = idOfEvent(srv, QStringLiteral("picnic"),
            eventBody(kind, QStringLiteral("Picnic"), everyone(), 1));
        const HttpResult before = events(srv, ben);
        QVERIFY(eventIdsOf(before).contains(id));
        // After the end but within the 24 h: still there.
        QVERIFY(moveClock(kind, qint64(4) * 3600));
        QTest::qWait(3000);
        QCOMPARE(detail(srv, ben, id).status, 200);
        QVERIFY(moveClock(kind, qint64(24) * 3600));
        QTest::qWait(3000);
        ben = signIn(srv, QStringLiteral("Ben Okafor")); // a day on: the access token expired
        const bool removed = QTest::qWaitFor(
            [&] { return removedOf(events(srv, ben, cursorOf(before))).contains(id); }, 20000);
        QVERIFY2(removed, events(srv, ben, cursorOf(before)).body.constData());
        QCOMPARE(detail(srv, ben, id).status, 404);
        QVERIFY(!eventIdsOf(events(srv, ben)).contains(id));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM events WHERE id = '%1' AND expired = 1")
                         .arg(id)),
            1);
    }
};

QTEST_MAIN(TestEventsSchedule)
#include "tst_events_schedule.moc"
