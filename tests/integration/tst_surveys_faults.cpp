// Survey answers and RSVPs exactly once under cut connections, on SQLite and
// PostgreSQL: signed-in client stacks (Surveys and Events) reach the real server through a seeded
// FaultyProxy that cuts requests and answers at random points.
// - Ben answers named surveys, anonymous ones and an editable one (edits replacing an answer that
//   still waits, and an edit after delivery) until his outbox is empty: each answer is counted
//   once (the results' answered and response rate, one answers row, one idempotency row for a
//   named answer, none for an anonymous one: decision 10), the editable survey holds the last
//   edit, and the anonymous tables hold no one's id (one mark, one unmixed answer each).
// - Ben and Asha answer going / maybe / no several times to an event with capacity 1: the
//   server's final state is the last answers once (one place, the waiting list moved up, one
//   row a person, one move-up notice), and both devices show it.
// Seeds are fixed; a failure names the seed and how many connections were cut. The cuts fall at
// random, so the two kinds of resending they cause are also tested one by one:
// - a survey answer whose first attempt arrived is sent again: a named one with its key (the
//   server replays its reply), an anonymous one without (409 already_answered: its own first
//   attempt); delivered on the device, counted once;
// - an RSVP whose reply was lost is sent again after the person moved up from the waiting list:
//   the replayed reply ("waiting") must not undo the move up on the device.
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "storage/database.h"
#include "surveys/survey.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveystore.h"
#include "surveysfaultsfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestSurveysFaults : public QObject, protected SurveysFaultsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("surveys_faults"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void surveyAnswersOnce_data() { addDatabaseKinds(); }
    void surveyAnswersOnce()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = userId(kind, QStringLiteral("Ben Okafor"));
        const QString asha = userId(kind, QStringLiteral("Asha Rao"));
        QVERIFY(!ben.isEmpty() && !asha.isEmpty());
        const QJsonObject both = users({ ben, asha });
        constexpr int each = 4;
        QStringList named;
        QStringList anonymous;
        for (int i = 1; i <= each; ++i) {
            named.append(idOfSurvey(srv, QStringLiteral("named-%1").arg(i),
                openSurvey(kind, QStringLiteral("Named %1").arg(i), both, false, false)));
            anonymous.append(idOfSurvey(srv, QStringLiteral("anonymous-%1").arg(i),
                openSurvey(kind, QStringLiteral("Anonymous %1").arg(i), both, true, false)));
        }
        const QString editable = idOfSurvey(srv, QStringLiteral("editable"),
            openSurvey(kind, QStringLiteral("Editable"), both, false, true));
        QVERIFY(
            !named.contains(QString()) && !anonymous.contains(QString()) && !editable.isEmpty());

        const quint32 seed = kind == u"sqlite" ? 16001 : 16002;
        FaultyProxy proxy(seed);
        QVERIFY(proxy.listen());
        proxy.setTarget(quint16(srv.url().port()));
        ProxiedDevice device(srv.url(), proxy.port(), newDatabase(kind, QStringLiteral("surveys")),
            QStringLiteral("faults-surveys-") + kind, m_deviceInfo);
        QVERIFY(signInDevice(kind, device, QStringLiteral("Ben Okafor")));
        SurveyStore *store = device.part<SurveyStore>();
        SurveyAnswerOutbox *outbox = device.part<SurveyAnswerOutbox>();
        QVERIFY(store && outbox);
        QTRY_COMPARE_WITH_TIMEOUT(store->surveys().size(), 2 * each + 1, kWait);

        proxy.setCutProbability(0.8, 1200);
        proxy.cutAll(); // the connections made so far were never to be cut
        // Often: the answers go in a burst of a few hundred milliseconds.
        const RandomCutter cutter(proxy, seed, 10, 110);
        QStringList refused;
        connect(outbox, &SurveyAnswerOutbox::answerFailed, this,
            [&](const QString &id, const QString &message) {
                refused.append(id + u' ' + message);
            });
        int deferred = 0; // attempts cut before their answer arrived
        connect(outbox, &SurveyAnswerOutbox::answerDeferred, this, [&] { ++deferred; });
        int delivered = 0;
        connect(outbox, &SurveyAnswerOutbox::answerDelivered, this, [&] { ++delivered; });
        const auto sent = [&](const QString &id, const QJsonObject &values) {
            const SurveyAnswerOutbox::SubmitResult result = outbox->submit(id, values);
            if (!result.queued())
                qWarning() << "not queued:" << id << result.errors.size()
                           << (result.refusal ? result.refusal->code : QString());
            return result.queued();
        };
        const auto namedAnswer = [](int i) {
            return inputs(QStringLiteral("good"), QStringLiteral("4"),
                QStringLiteral("named answer %1").arg(i));
        };
        for (int i = 0; i < each; ++i) {
            QVERIFY(sent(named.at(i), namedAnswer(i)));
            QVERIFY(sent(anonymous.at(i),
                inputs(QStringLiteral("ok"), QStringLiteral("3"),
                    QStringLiteral("anonymous answer %1").arg(i))));
        }
        // Edits that replace one another while they wait, then one more after delivery.
        for (const QString &mood : { QStringLiteral("bad"), QStringLiteral("ok") })
            QVERIFY(sent(editable, inputs(mood, QStringLiteral("1"), QStringLiteral("first"))));
        const auto why = [&] {
            return QStringLiteral("seed %1: %2 of %3 connections cut, %4 attempts; refused: %5")
                .arg(seed)
                .arg(proxy.cutCount())
                .arg(proxy.connectionCount())
                .arg(deferred)
                .arg(refused.join(QStringLiteral("; ")))
                .toUtf8();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(outbox->pendingCount() == 0, why().constData(), kWait);
        QTRY_VERIFY2_WITH_TIMEOUT(store->survey(editable)->answered, why().constData(), kWait);
        const QJsonObject lastEdit =
            inputs(QStringLiteral("good"), QStringLiteral("5"), QStringLiteral("final"));
        QVERIFY(sent(editable, lastEdit));
        QTRY_VERIFY2_WITH_TIMEOUT(outbox->pendingCount() == 0, why().constData(), kWait);
        qInfo("%s", why().constData());
        QVERIFY2(refused.isEmpty() && store->answers(QStringLiteral("failed")).isEmpty(),
            why().constData());
        const QString endpoint = QStringLiteral("/v1/surveys/{id}/answer");
        QTRY_VERIFY_WITH_TIMEOUT(served(kind, endpoint) >= delivered, kWait);
        qInfo("%d answer requests served, %d of them 409, for %d answers delivered",
            served(kind, endpoint), served(kind, endpoint, 409), delivered);

        // On the device: each answered; a named one keeps its answer, an anonymous one none.
        for (int i = 0; i < each; ++i) {
            QVERIFY(store->survey(named.at(i))->answered);
            QCOMPARE(store->survey(named.at(i))->myAnswer, namedAnswer(i));
            QVERIFY(store->survey(anonymous.at(i))->answered);
            QVERIFY(store->survey(anonymous.at(i))->myAnswer.isEmpty());
        }
        QCOMPARE(store->survey(editable)->myAnswer, lastEdit);

        // On the server: each answer counted once.
        const auto where = [](const QString &id) {
            return QStringLiteral(" WHERE survey = '%1'").arg(id);
        };
        const auto answeredOnce = [&](const QString &surveyId) {
            const QJsonObject result = results(srv, surveyId).json();
            return result.value(QStringLiteral("answered")).toInt() == 1
                && result.value(QStringLiteral("audience")).toInt() == 2
                && result.value(QStringLiteral("responseRate")).toDouble() == 0.5;
        };
        for (int i = 1; i <= each; ++i) {
            const QString &id = named.at(i - 1);
            QVERIFY2(answeredOnce(QStringLiteral("named-%1").arg(i)), why().constData());
            QCOMPARE(
                inputOf(results(srv, QStringLiteral("named-%1").arg(i)), QStringLiteral("mood"))
                    .value(QStringLiteral("counts"))
                    .toObject(),
                (QJsonObject { { QStringLiteral("good"), 1 } }));
            QCOMPARE(
                count(kind, QStringLiteral("SELECT COUNT(*) FROM survey_answers") + where(id)), 1);
            // The first arrival's answer, replayed to every retry: one idempotency row.
            QVERIFY2(count(kind,
                         QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE scope ="
                                        " 'user:%1' AND response LIKE '%%2%'")
                             .arg(ben, id))
                    == 1,
                why().constData());
        }
        QVERIFY2(answeredOnce(QStringLiteral("editable")), why().constData());
        QCOMPARE(
            QJsonDocument::fromJson(
                scalar(kind, QStringLiteral("SELECT inputs FROM survey_answers") + where(editable))
                    .toUtf8())
                .object(),
            lastEdit);
        for (int i = 1; i <= each; ++i) {
            const QString &id = anonymous.at(i - 1);
            QVERIFY2(answeredOnce(QStringLiteral("anonymous-%1").arg(i)), why().constData());
            QCOMPARE(
                count(kind, QStringLiteral("SELECT COUNT(*) FROM survey_marks") + where(id)), 1);
            QVERIFY2(
                count(kind, QStringLiteral("SELECT COUNT(*) FROM survey_pending") + where(id)) == 1,
                why().constData());
            QCOMPARE(
                count(kind, QStringLiteral("SELECT COUNT(*) FROM survey_counts") + where(id)), 0);
            // Decision 10: no idempotency row, and no one's id beside the answer.
            QCOMPARE(count(kind,
                         QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE response LIKE"
                                        " '%%1%'")
                             .arg(id)),
                0);
            for (const QString &table :
                { QStringLiteral("survey_pending WHERE pending_key || inputs"),
                    QStringLiteral("survey_counts WHERE input_id || value"),
                    QStringLiteral("survey_texts WHERE text_key || input_id || text || day") })
                QCOMPARE(count(kind,
                             QStringLiteral("SELECT COUNT(*) FROM %1 LIKE '%%2%'").arg(table, ben)),
                    0);
        }
    }

    // Answers whose first attempt arrived but whose reply was lost, sent again by the outbox (as
    // after a cut or a restart): a named one with its key (the server replays its first reply),
    // an anonymous one without (409 already_answered: its own first attempt). Each is delivered
    // on the device and counted once on the server.
    void surveyAnswerSentAgain_data() { addDatabaseKinds(); }
    void surveyAnswerSentAgain()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString benId = userId(kind, QStringLiteral("Ben Okafor"));
        const QString ashaId = userId(kind, QStringLiteral("Asha Rao"));
        const QJsonObject both = users({ benId, ashaId });
        const QString named = idOfSurvey(srv, QStringLiteral("again-named"),
            openSurvey(kind, QStringLiteral("Again"), both, false, false));
        const QString anonymous = idOfSurvey(srv, QStringLiteral("again-anonymous"),
            openSurvey(kind, QStringLiteral("Again, anonymous"), both, true, false));
        QVERIFY(!named.isEmpty() && !anonymous.isEmpty());
        ProxiedDevice device(srv.url(), quint16(srv.url().port()),
            newDatabase(kind, QStringLiteral("again")), QStringLiteral("faults-again-") + kind,
            m_deviceInfo);
        QVERIFY(signInDevice(kind, device, QStringLiteral("Ben Okafor")));
        SurveyStore *store = device.part<SurveyStore>();
        SurveyAnswerOutbox *outbox = device.part<SurveyAnswerOutbox>();
        QTRY_VERIFY_WITH_TIMEOUT(store->survey(named) && store->survey(anonymous), kWait);

        // The first attempts, as the outbox sends them, taken by the server.
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QJsonObject values =
            inputs(QStringLiteral("bad"), QStringLiteral("2"), QStringLiteral("sent twice"));
        const QByteArray key = "lost-answer-" + kind.toLatin1();
        QCOMPARE(answer(srv, ben, named, values, key).status, 200);
        QCOMPARE(httpRequest("PUT", srv.url(QStringLiteral("/v1/surveys/%1/answer").arg(anonymous)),
                     compactJson(QJsonObject { { QStringLiteral("inputs"), values } }), bearer(ben))
                     .status,
            200);
        // Still waiting in the device's outbox: sent again.
        {
            const auto database = device.session->scope().database();
            for (const QString &id : { named, anonymous }) {
                SqlStatement waiting = database->prepare(
                    "INSERT INTO surveys_outbox (survey_id, anonymous, inputs, idempotency_key,"
                    " attempts, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)");
                waiting.bindText(1, id);
                waiting.bindBool(2, id == anonymous);
                waiting.bindUtf8(3, QJsonDocument(values).toJson(QJsonDocument::Compact));
                if (id == anonymous)
                    waiting.bindNull(4);
                else
                    waiting.bindText(4, QString::fromLatin1(key));
                waiting.bindInt64(5, QDateTime::currentMSecsSinceEpoch());
                QVERIFY(waiting.exec());
            }
        }
        QSignalSpy delivered(outbox, &SurveyAnswerOutbox::answerDelivered);
        outbox->sendNow();
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, kWait);
        QCOMPARE(outbox->pendingCount(), 0);
        QVERIFY(store->answers(QStringLiteral("failed")).isEmpty());
        QVERIFY(store->survey(named)->answered && store->survey(anonymous)->answered);
        QCOMPARE(store->survey(named)->myAnswer, values);
        QVERIFY(store->survey(anonymous)->myAnswer.isEmpty());
        for (const QString &surveyId :
            { QStringLiteral("again-named"), QStringLiteral("again-anonymous") })
            QCOMPARE(results(srv, surveyId).json().value(QStringLiteral("answered")).toInt(), 1);
        QCOMPARE(count(kind,
                     QStringLiteral("SELECT COUNT(*) FROM survey_answers WHERE survey = '%1'")
                         .arg(named)),
            1);
        QCOMPARE(count(kind,
                     QStringLiteral("SELECT COUNT(*) FROM survey_pending WHERE survey = '%1'")
                         .arg(anonymous)),
            1);
    }

    void rsvpsOnce_data() { addDatabaseKinds(); }
    void rsvpsOnce()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString benId = userId(kind, QStringLiteral("Ben Okafor"));
        const QString ashaId = userId(kind, QStringLiteral("Asha Rao"));
        const QString id = putEvent(srv, QStringLiteral("cut-party"), users({ benId, ashaId }));
        QVERIFY(!id.isEmpty());

        const quint32 seed = kind == u"sqlite" ? 16101 : 16102;
        FaultyProxy proxy(seed);
        QVERIFY(proxy.listen());
        proxy.setTarget(quint16(srv.url().port()));
        ProxiedDevice ben(srv.url(), proxy.port(), newDatabase(kind, QStringLiteral("ben")),
            QStringLiteral("faults-ben-") + kind, m_deviceInfo);
        ProxiedDevice asha(srv.url(), proxy.port(), newDatabase(kind, QStringLiteral("asha")),
            QStringLiteral("faults-asha-") + kind, m_deviceInfo);
        QVERIFY(signInDevice(kind, ben, QStringLiteral("Ben Okafor")));
        QVERIFY(signInDevice(kind, asha, QStringLiteral("Asha Rao")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.part<EventStore>()->find(id), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(asha.part<EventStore>()->find(id), kWait);

        proxy.setCutProbability(0.8, 1200);
        proxy.cutAll();
        // Less often: each answer waits for the one before (and its backoff after a cut).
        const RandomCutter cutter(proxy, seed, 50, 450);
        QStringList refused;
        int deferred = 0;
        for (ProxiedDevice *device : { &ben, &asha }) {
            connect(device->part<EventRsvpOutbox>(), &EventRsvpOutbox::rsvpRefused, this,
                [&](const QString &, const QString &reason) { refused.append(reason); });
            connect(device->part<EventRsvpOutbox>(), &EventRsvpOutbox::rsvpDeferred, this,
                [&] { ++deferred; });
        }
        const auto why = [&] {
            return QStringLiteral(
                "seed %1: %2 of %3 connections cut, %4 attempts; refused: %5; server: %6")
                .arg(seed)
                .arg(proxy.cutCount())
                .arg(proxy.connectionCount())
                .arg(deferred)
                .arg(refused.join(QStringLiteral("; ")),
                    QString::fromUtf8(QJsonDocument(attendees(srv, QStringLiteral("cut-party")))
                                          .toJson(QJsonDocument::Compact)))
                .toUtf8();
        };
        // Each answer queued on device, then (when told) sent before the next: a run of answers
        // replaces one another in the outbox while they wait.
        const auto answer = [&](ProxiedDevice &device, const QStringList &answers, bool oneByOne) {
            for (const QString &each : answers) {
                const QString problem = device.part<EventsModel>()->rsvp(id, each);
                if (!problem.isEmpty()) {
                    qWarning() << each << problem;
                    return false;
                }
                if (oneByOne
                    && !QTest::qWaitFor(
                        [&] { return device.part<EventStore>()->pendingRsvpCount() == 0; }, kWait))
                    return false;
            }
            return QTest::qWaitFor(
                [&] { return device.part<EventStore>()->pendingRsvpCount() == 0; }, kWait);
        };
        const QString going = QStringLiteral("going");
        const QString maybe = QStringLiteral("maybe");
        const QString no = QStringLiteral("no");

        // Ben takes the place, after changing his mind (each answer at the server in turn).
        QVERIFY2(answer(ben, { going, maybe, no, going }, true), why().constData());
        QJsonObject list = attendees(srv, QStringLiteral("cut-party"));
        QVERIFY2(
            answerOf(list, benId) == going && list.value(going).toInt() == 1, why().constData());
        // Asha: maybe, then going: the event is full, she waits at place 1.
        QVERIFY2(answer(asha, { maybe, going }, true), why().constData());
        QCOMPARE(asha.answer(id), QStringLiteral("waiting"));
        QCOMPARE(asha.part<EventStore>()->find(id)->item.waitingPlace, 1);
        list = attendees(srv, QStringLiteral("cut-party"));
        QVERIFY2(
            list.value(going).toInt() == 1 && list.value(QStringLiteral("waiting")).toInt() == 1,
            why().constData());
        // Ben leaves, comes back (behind Asha, who moved up), hesitates and leaves: answers sent
        // one by one, then a run that replaces itself.
        QVERIFY2(answer(ben, { no, going }, true), why().constData());
        list = attendees(srv, QStringLiteral("cut-party"));
        QVERIFY2(answerOf(list, ashaId) == going
                && answerOf(list, benId) == QStringLiteral("waiting")
                && list.value(going).toInt() == 1,
            why().constData());
        QCOMPARE(ben.answer(id), QStringLiteral("waiting"));
        QCOMPARE(ben.part<EventStore>()->find(id)->item.waitingPlace, 1);
        QVERIFY2(answer(ben, { maybe, going, no }, false), why().constData());
        qInfo("%s", why().constData());
        QVERIFY2(refused.isEmpty(), why().constData());

        // The server: the last answers, once; Asha has the place and was told once.
        list = attendees(srv, QStringLiteral("cut-party"));
        QVERIFY2(answerOf(list, ashaId) == going && answerOf(list, benId) == no
                && list.value(going).toInt() == 1
                && list.value(QStringLiteral("waiting")).toInt() == 0
                && list.value(maybe).toInt() == 0 && list.value(no).toInt() == 1
                && list.value(QStringLiteral("attendees")).toArray().size() == 2,
            why().constData());
        QCOMPARE(
            count(kind,
                QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = '%1'").arg(id)),
            2);
        QCOMPARE(count(kind,
                     QStringLiteral("SELECT COUNT(*) FROM event_notices WHERE event_id = '%1' AND"
                                    " user_id = '%2'")
                         .arg(id, ashaId)),
            1);
        // The devices: Ben's last answer, and Asha's move up (live or by the next sync).
        QCOMPARE(ben.answer(id), no);
        asha.part<EventSync>()->syncNow();
        QTRY_VERIFY2_WITH_TIMEOUT(asha.answer(id) == going, why().constData(), kWait);
        QCOMPARE(asha.part<EventStore>()->find(id)->item.waitingPlace, 0);
    }

    // An answer whose reply was lost (cut after the server took it) and that is sent again with
    // its key after the person moved up from the waiting list meanwhile: the server replays the
    // first reply ("waiting", place 1), which is older than what the device has synced since;
    // the device must still show the person going.
    void rsvpReplayedAfterAMoveUp_data() { addDatabaseKinds(); }
    void rsvpReplayedAfterAMoveUp()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString benId = userId(kind, QStringLiteral("Ben Okafor"));
        const QString ashaId = userId(kind, QStringLiteral("Asha Rao"));
        const QString eventId = QStringLiteral("replay-party");
        const QString id = putEvent(srv, eventId, users({ benId, ashaId }));
        QVERIFY(!id.isEmpty());
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString ashaToken = signIn(srv, QStringLiteral("Asha Rao"));
        const auto rsvp = [&](const QString &token, const QString &answer, const QByteArray &key) {
            return httpRequest("PUT", srv.url(QStringLiteral("/v1/events/%1/rsvp").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("answer"), answer } }),
                bearer(token, key));
        };

        ProxiedDevice asha(srv.url(), quint16(srv.url().port()),
            newDatabase(kind, QStringLiteral("asha-replay")),
            QStringLiteral("faults-asha-replay-") + kind, m_deviceInfo);
        QVERIFY(signInDevice(kind, asha, QStringLiteral("Asha Rao")));
        QTRY_VERIFY_WITH_TIMEOUT(asha.part<EventStore>()->find(id), kWait);
        QCOMPARE(rsvp(ben, QStringLiteral("going"), {}).status, 200);
        // What Asha's outbox sent: taken (she waits at place 1), the reply lost on the way.
        const QByteArray key = "lost-reply-" + kind.toLatin1();
        const HttpResult first = rsvp(ashaToken, QStringLiteral("going"), key);
        QCOMPARE(
            first.json().value(QStringLiteral("answer")).toString(), QStringLiteral("waiting"));
        // Ben leaves: Asha moves up, and her device hears it.
        QCOMPARE(rsvp(ben, QStringLiteral("no"), {}).status, 200);
        asha.part<EventSync>()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(asha.answer(id), QStringLiteral("going"), kWait);
        // The answer still waits in her outbox (as after a cut): sent again with its key.
        {
            const auto database = asha.session->scope().database();
            SqlStatement lost = database->prepare(
                "INSERT INTO events_rsvp_outbox (id, answer, idempotencyKey, state, reason,"
                " queuedAt, attempts, nextAttemptAt) VALUES (?1, 'going', ?2, 'pending', NULL, ?3,"
                " 1, NULL)");
            lost.bindText(1, id);
            lost.bindText(2, QString::fromLatin1(key));
            lost.bindInt64(3, QDateTime::currentMSecsSinceEpoch());
            QVERIFY(lost.exec());
        }
        QSignalSpy answered(asha.part<EventRsvpOutbox>(), &EventRsvpOutbox::rsvpAnswered);
        asha.part<EventRsvpOutbox>()->sendNow();
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, kWait);
        QCOMPARE(asha.part<EventStore>()->pendingRsvpCount(), 0);
        QCOMPARE(answerOf(attendees(srv, eventId), ashaId), QStringLiteral("going"));
        // Her device: still going, no place on a waiting list.
        QCOMPARE(asha.answer(id), QStringLiteral("going"));
        QCOMPARE(asha.part<EventStore>()->find(id)->item.waitingPlace, 0);
    }
};

QTEST_GUILESS_MAIN(TestSurveysFaults)
#include "tst_surveys_faults.moc"
