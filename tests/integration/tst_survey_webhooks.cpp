// Survey answers delivered to the sub-system by webhook against the real server (SQLite and
// PostgreSQL) with a real local receiver (DESIGN.md: a submission reaches its sub-system as a
// signed webhook with a type and a version; decision 9: built when sent; decision 10: anonymous
// answers in batches of at least 5 or at closing):
// - named: each answer and each edit arrives signed with the key's secret, event survey.answer
//   version 1, with the person, the inputs and the time; the delivery row holds no body and no
//   person (built when sent); a callbackUrl outside the key's prefixes is 422 $.callbackUrl;
// - an answer whose survey was withdrawn before its retry is not sent: dead-lettered unsent, with
//   a delivery.failed event in the key's feed;
// - anonymous: 4 answers deliver nothing; the 5th delivers one batch (survey.answers) of those
//   5, with no person, device or time; the batch refused once and the server restarted before
//   its retry arrives once, whole; closing delivers the other 2 as the final batch; across the
//   batches each answer arrives once; no table (the surveys', the deliveries') holds a person's
//   id but the marks.
#include "surveysfixture.h"
#include "webhookreceiver.h"

#include <algorithm>

using namespace tessera::test;

class TestSurveyWebhooks : public QObject, protected SurveysFixture
{
    Q_OBJECT

    QByteArray secret(const QString &kind)
    {
        return demoApiKey(server(kind)).value(QStringLiteral("webhookSecret")).toString().toUtf8();
    }

    static QJsonObject bodyOf(const WebhookReceiver::Delivery &delivery)
    {
        return QJsonDocument::fromJson(delivery.body).object();
    }

    // The same server again on its data (and clock), after a stop.
    bool restart(const QString &kind)
    {
        Stage &s = stage(kind);
        ServerProcess::Options options;
        options.now = kStart;
        options.database = s.database;
        options.dataDir = s.server.dataDir();
        options.extraArguments << QStringLiteral("--clock-file") << s.clockFile;
        if (!s.server.stop())
            qWarning() << "the server did not stop cleanly";
        return s.server.start(options);
    }

    // The moods of a batch's answers, sorted.
    static QStringList moodsOf(const QJsonObject &batch)
    {
        QStringList moods;
        for (const auto &each : batch.value(QStringLiteral("answers")).toArray())
            moods.append(each.toObject().value(QStringLiteral("mood")).toString());
        std::sort(moods.begin(), moods.end());
        return moods;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("survey_webhooks"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void namedAnswerAndEdit_data() { addDatabaseKinds(); }
    void namedAnswerAndEdit()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());

        // Outside the key's prefixes (http://127.0.0.1): 422, nothing stored.
        QJsonObject body = survey(kind, QStringLiteral("Lunch"), everyone(), false, true);
        body.insert(QStringLiteral("callbackUrl"), QStringLiteral("https://elsewhere.example/h"));
        const HttpResult refused = putSurvey(srv, QStringLiteral("lunch"), body);
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.callbackUrl"));
        QCOMPARE(sqlInt(kind, QStringLiteral("SELECT COUNT(*) FROM surveys")), 0);

        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()));
        const QString id = idOfSurvey(srv, QStringLiteral("lunch"), body);
        QVERIFY(id.startsWith(QStringLiteral("srv_")));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QJsonObject first = inputs(QStringLiteral("good"), QStringLiteral("4"), {});
        QCOMPARE(answer(srv, ben, id, first).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.distinctDeliveries().size(), 1, 15000);
        const QString benId = column(
            kind, QStringLiteral("SELECT user_id FROM survey_answers WHERE survey = '%1'").arg(id))
                                  .value(0);
        QVERIFY(!benId.isEmpty());

        const WebhookReceiver::Delivery delivered = receiver.distinctDeliveries().constFirst();
        QVERIFY(WebhookReceiver::hasValidSignature(delivered, secret(kind)));
        QVERIFY(!WebhookReceiver::hasValidSignature(delivered, "whsec_not_the_secret"));
        QCOMPARE(delivered.headers.value("tessera-event-type"), QByteArrayLiteral("survey.answer"));
        const QJsonObject event = bodyOf(delivered);
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("survey.answer"));
        QCOMPARE(event.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(event.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(event.value(QStringLiteral("surveyId")).toString(), QStringLiteral("lunch"));
        QCOMPARE(event.value(QStringLiteral("userId")).toString(), benId);
        QCOMPARE(event.value(QStringLiteral("inputs")).toObject(), first);
        QVERIFY(event.value(QStringLiteral("answeredAt")).toString().startsWith(u'2'));
        QCOMPARE(event.value(QStringLiteral("deliveryId")).toString().toUtf8(),
            delivered.headers.value("tessera-delivery-id"));

        // An edit: delivered again, with the new inputs.
        const QJsonObject edited = inputs(QStringLiteral("bad"), QStringLiteral("2"), {});
        QCOMPARE(answer(srv, ben, id, edited).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.distinctDeliveries().size(), 2, 15000);
        const QJsonObject again = bodyOf(receiver.distinctDeliveries().at(1));
        QCOMPARE(again.value(QStringLiteral("inputs")).toObject(), edited);
        QCOMPARE(again.value(QStringLiteral("userId")).toString(), benId);
        QVERIFY(
            again.value(QStringLiteral("deliveryId")) != event.value(QStringLiteral("deliveryId")));

        // Built when sent: the deliveries hold neither the answer nor the person.
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE event ="
                               " 'survey.answer' AND state = 'delivered'")),
            2, 10000);
        // The key's delivery list names their type.
        const HttpResult listed = httpRequest(
            "GET", srv.url(QStringLiteral("/v1/subsystem/deliveries")), {}, bearer(demoKey(srv)));
        QCOMPARE(listed.status, 200);
        int surveyDeliveries = 0;
        for (const auto &each : listed.json().value(QStringLiteral("deliveries")).toArray()) {
            const QJsonObject row = each.toObject();
            if (row.value(QStringLiteral("event")).toString() == u"survey.answer") {
                QCOMPARE(row.value(QStringLiteral("eventType")).toString(),
                    QStringLiteral("survey.answer"));
                QCOMPARE(
                    row.value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
                ++surveyDeliveries;
            }
        }
        QCOMPARE(surveyDeliveries, 2);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE survey_ref IS"
                                    " NOT NULL AND (body <> '' OR survey_ref LIKE '%%1%')")
                         .arg(benId)),
            0);
    }

    // Built when sent: an answer withdrawn with its survey before its retry is not sent; the
    // delivery is dead-lettered unsent, and the sub-system hears of it (delivery.failed).
    void withdrawnBeforeSentIsDeadLettered_data() { addDatabaseKinds(); }
    void withdrawnBeforeSentIsDeadLettered()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        QJsonObject body = survey(kind, QStringLiteral("Parking"), everyone());
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()));
        const QString id = idOfSurvey(srv, QStringLiteral("parking"), body);
        QVERIFY(id.startsWith(QStringLiteral("srv_")));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QCOMPARE(answer(srv, ben, id, inputs(QStringLiteral("ok"), {}, {})).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 15000);
        QCOMPARE(deleteSurvey(srv, QStringLiteral("parking")).status, 204);
        receiver.setStatus(200);

        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_deliveries d"
                               " ON d.id = a.delivery_id WHERE d.event = 'survey.answer' AND"
                               " d.state = 'dead' AND a.error = 'not sent: what it tells of is"
                               " gone'")),
            1, 60000);
        QCOMPARE(receiver.deliveries().size(), 1);
        const QString deliveryId = QString::fromUtf8(
            receiver.deliveries().constFirst().headers.value("tessera-delivery-id"));
        bool told = false;
        QString cursor = QStringLiteral("0");
        for (bool more = true; more;) {
            QUrl url = srv.url(QStringLiteral("/v1/subsystem/events"));
            url.setQuery(QStringLiteral("limit=100&since=") + cursor);
            const HttpResult events = httpRequest("GET", url, {}, bearer(demoKey(srv)));
            QCOMPARE(events.status, 200);
            for (const auto &each : events.json().value(QStringLiteral("events")).toArray()) {
                const QJsonObject event = each.toObject();
                told = told
                    || (event.value(QStringLiteral("type")).toString() == u"delivery.failed"
                        && event.value(QStringLiteral("deliveryId")).toString() == deliveryId);
            }
            cursor = events.json().value(QStringLiteral("cursor")).toString();
            more = events.json().value(QStringLiteral("hasMore")).toBool();
        }
        QVERIFY(told);
    }

    void anonymousBatches_data() { addDatabaseKinds(); }
    void anonymousBatches()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QList<Person> people = makePeople(server(kind), kind);
        QCOMPARE(people.size(), 7);
        QJsonObject body = survey(kind, QStringLiteral("Pulse"),
            QJsonObject {
                { QStringLiteral("departments"), QJsonArray { QStringLiteral("Pulse") } } },
            true);
        body.insert(QStringLiteral("closesAt"), rfc3339(serverNow(kind).addSecs(3600)));
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()));
        const QString id = idOfSurvey(server(kind), QStringLiteral("pulse"), body);
        QVERIFY(id.startsWith(QStringLiteral("srv_")));
        const QStringList moods { QStringLiteral("good"), QStringLiteral("ok"),
            QStringLiteral("bad"), QStringLiteral("good"), QStringLiteral("ok"),
            QStringLiteral("bad"), QStringLiteral("bad") };
        const auto answerOf = [&](int i) {
            return answer(server(kind), people.at(i).token, id,
                inputs(moods.at(i), QString::number(i % 5 + 1), QStringLiteral("Text %1").arg(i)));
        };

        // 4 answers: nothing is sent (the dispatcher polls every 2 s).
        for (int i = 0; i < 4; ++i)
            QCOMPARE(answerOf(i).status, 200);
        QTest::qWait(4000);
        QCOMPARE(receiver.deliveries().size(), 0);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE event ="
                                    " 'survey.answers'")),
            0);

        // The 5th: one batch of the 5. The receiver refuses it once; the server stops before the
        // retry and starts again: it arrives once more, the same batch, and no other.
        receiver.setStatus(500);
        QCOMPARE(answerOf(4).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 15000);
        // Stopped once the failure is recorded (a lease of one on the wire would only delay it).
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_deliveries d"
                               " ON d.id = a.delivery_id WHERE d.event = 'survey.answers'")),
            1, 10000);
        QVERIFY(restart(kind));
        receiver.setStatus(200);
        // The retry comes 5 s after the failure (longer on a loaded machine).
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, 90000);
        QCOMPARE(receiver.distinctDeliveries().size(), 1);
        const WebhookReceiver::Delivery batch = receiver.deliveries().at(1);
        QCOMPARE(batch.body, receiver.deliveries().at(0).body);
        QVERIFY(WebhookReceiver::hasValidSignature(batch, secret(kind)));
        QCOMPARE(batch.headers.value("tessera-event-type"), QByteArrayLiteral("survey.answers"));
        const QJsonObject five = bodyOf(batch);
        QCOMPARE(five.value(QStringLiteral("type")).toString(), QStringLiteral("survey.answers"));
        QCOMPARE(five.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(five.value(QStringLiteral("surveyId")).toString(), QStringLiteral("pulse"));
        QCOMPARE(five.value(QStringLiteral("final")).toBool(), false);
        QStringList sent = moods.mid(0, 5);
        std::sort(sent.begin(), sent.end());
        QCOMPARE(moodsOf(five), sent);
        // No person, device or time in it.
        for (const char *field : { "userId", "answeredAt", "createdAt", "device" })
            QVERIFY2(!five.contains(QLatin1String(field)), field);
        for (const Person &person : people)
            QVERIFY(!batch.body.contains(person.id.toUtf8()));
        for (const auto &each : five.value(QStringLiteral("answers")).toArray())
            QCOMPARE(each.toObject().keys(),
                (QStringList {
                    QStringLiteral("comment"), QStringLiteral("mood"), QStringLiteral("score") }));
        // Delivered: its answers leave the pending table (they are counted already).
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM survey_pending WHERE survey = '%1'").arg(id)),
            0, 10000);

        // Two more wait; what a database reader sees links no person to an answer, in the
        // surveys' tables nor in the deliveries.
        QCOMPARE(answerOf(5).status, 200);
        QCOMPARE(answerOf(6).status, 200);
        QStringList tables = surveyTables(kind);
        QVERIFY(tables.contains(QStringLiteral("survey_batches")));
        QVERIFY(tables.contains(QStringLiteral("survey_hooks")));
        tables << QStringLiteral("webhook_deliveries") << QStringLiteral("webhook_attempts");
        for (const QString &table : std::as_const(tables)) {
            if (table == u"survey_marks")
                continue;
            // One statement a table: each column's rows holding each person's id.
            const QStringList columns = columnsOf(kind, table);
            QStringList terms;
            for (const QString &col : columns)
                for (const Person &person : people)
                    terms.append(
                        QStringLiteral("COUNT(CASE WHEN CAST(%1 AS TEXT) LIKE '%%2%' THEN 1 END)")
                            .arg(col, person.id));
            const QVariantList found =
                rows(kind, QStringLiteral("SELECT %1 FROM %2").arg(terms.join(u','), table))
                    .value(0);
            QCOMPARE(found.size(), terms.size());
            for (qsizetype i = 0; i < found.size(); ++i)
                QVERIFY2(found.at(i).toInt() == 0,
                    qPrintable(table + u'.' + columns.at(i / people.size()) + u' '
                        + people.at(i % people.size()).id));
        }

        // Closing: the 2 in the final batch; each answer arrived once in all.
        QVERIFY(moveClock(kind, qint64(2) * 3600));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.distinctDeliveries().size(), 2, 30000);
        const QJsonObject last = bodyOf(receiver.distinctDeliveries().at(1));
        QCOMPARE(last.value(QStringLiteral("final")).toBool(), true);
        QStringList rest = moods.mid(5);
        std::sort(rest.begin(), rest.end());
        QCOMPARE(moodsOf(last), rest);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM survey_batches WHERE survey = '%1'").arg(id)),
            0, 10000);
        QTest::qWait(3000);
        QCOMPARE(receiver.distinctDeliveries().size(), 2);
        // The results still count all 7.
        const HttpResult closed = results(server(kind), QStringLiteral("pulse"));
        QCOMPARE(strings(inputOf(closed, QStringLiteral("comment")).value(QStringLiteral("texts")))
                     .size(),
            7);
    }
};

QTEST_GUILESS_MAIN(TestSurveyWebhooks)
#include "tst_survey_webhooks.moc"
