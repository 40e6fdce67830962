// An anonymous survey against the real server (SQLite and PostgreSQL): seven people answer, then
// the test reads the tables with its own SQL as a database reader would (DESIGN.md decision 10,
// the surveys wire contract's "Anonymous storage"):
// - no column of any surveys table holds a person's id except the marks table, whose columns
//   are the survey and the person only (no time);
// - at most 4 answers wait unmixed (pending), and free-text rows carry a random key and a day;
// - on PostgreSQL no counter or text row was written by the transaction of a person's mark,
//   except the mixing answer's (the 5th): those rows then hold that answer together with the 4
//   before it, so the link is to a batch of k >= 5 answers, never to one (the k >= 5 bound);
//   the closing job's mixing is linked to no one's mark;
// - no idempotency row was written and the access log names no one for those answers (the
//   same people's feed reads are logged with them: the check is not vacuous);
// - texts are hidden with 4 answers and shown from 5; a second answer is 409 already_answered
//   and changes no count.
#include "surveysfixture.h"

#include <QRegularExpression>
#include <QSet>

using namespace tessera::test;

class TestSurveysAnonymous : public QObject, protected SurveysFixture
{
    Q_OBJECT

    int count(const QString &kind, const QString &table, const QString &id)
    {
        return sqlInt(
            kind, QStringLiteral("SELECT COUNT(*) FROM %1 WHERE survey = '%2'").arg(table, id));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("surveys_anonymous"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void unlinkable_data() { addDatabaseKinds(); }
    void unlinkable()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QList<Person> people = makePeople(srv, kind);
        QCOMPARE(people.size(), 7);
        QStringList ids;
        for (const Person &person : people)
            ids.append(person.id);
        // Addressed by department: an audience of user ids would name the people in the survey's
        // own row (who was asked, not who answered), which the scan below would find.
        QJsonObject body = survey(kind, QStringLiteral("How is it going?"),
            QJsonObject {
                { QStringLiteral("departments"), QJsonArray { QStringLiteral("Pulse") } } },
            true);
        body.insert(QStringLiteral("closesAt"), rfc3339(serverNow(kind).addSecs(3600)));
        const QString id = idOfSurvey(srv, QStringLiteral("pulse"), body);
        QVERIFY(id.startsWith(QStringLiteral("srv_")));
        QCOMPARE(surveyIn(surveys(srv, people.at(0).token), id)
                     .value(QStringLiteral("anonymous"))
                     .toBool(),
            true);

        const QStringList moods { QStringLiteral("good"), QStringLiteral("ok"),
            QStringLiteral("bad"), QStringLiteral("good"), QStringLiteral("good"),
            QStringLiteral("ok"), QStringLiteral("bad") };
        QString cursor0 = cursorOf(surveys(srv, people.at(0).token));
        for (int i = 0; i < 7; ++i) {
            if (i == 4) {
                // 4 answers: counted as answered, nothing mixed yet, texts hidden.
                const HttpResult four = results(srv, QStringLiteral("pulse"));
                QVERIFY(fits(QStringLiteral("GET"),
                    QStringLiteral("/v1/subsystem/surveys/{surveyId}/results"), four));
                QCOMPARE(four.json().value(QStringLiteral("answered")).toInt(), 4);
                const QJsonObject comment = inputOf(four, QStringLiteral("comment"));
                QCOMPARE(comment.value(QStringLiteral("textsHidden")).toBool(), true);
                QVERIFY(comment.value(QStringLiteral("texts")).isNull());
                QCOMPARE(count(kind, QStringLiteral("survey_texts"), id), 0);
            }
            const HttpResult answered = answer(srv, people.at(i).token, id,
                inputs(
                    moods.at(i), QString::number(i % 5 + 1), QStringLiteral("Comment %1").arg(i)));
            QCOMPARE(answered.status, 200);
            QVERIFY(
                fits(QStringLiteral("PUT"), QStringLiteral("/v1/surveys/{id}/answer"), answered));
            QVERIFY(count(kind, QStringLiteral("survey_pending"), id) <= 4);
        }
        // Mixed at the 5th; the 6th and 7th wait.
        QCOMPARE(count(kind, QStringLiteral("survey_pending"), id), 2);
        QCOMPARE(count(kind, QStringLiteral("survey_marks"), id), 7);

        // The person's own change: the survey comes again, answered, without the answer.
        const QJsonObject again = surveyIn(surveys(srv, people.at(0).token, cursor0), id);
        QCOMPARE(again.value(QStringLiteral("answered")).toBool(), true);
        QVERIFY(again.value(QStringLiteral("myAnswer")).isNull());

        // 5 mixed: texts shown (in no order of arrival), counts of the mixed answers only.
        const HttpResult seven = results(srv, QStringLiteral("pulse"));
        QCOMPARE(seven.json().value(QStringLiteral("answered")).toInt(), 7);
        const QJsonObject comment = inputOf(seven, QStringLiteral("comment"));
        QCOMPARE(comment.value(QStringLiteral("textsHidden")).toBool(), false);
        QCOMPARE(strings(comment.value(QStringLiteral("texts"))).size(), 5);
        qint64 mixed = 0;
        const QJsonObject moodCounts =
            inputOf(seven, QStringLiteral("mood")).value(QStringLiteral("counts")).toObject();
        for (auto it = moodCounts.begin(); it != moodCounts.end(); ++it)
            mixed += it.value().toInt();
        QCOMPARE(mixed, 5);

        // A second answer: 409 already_answered, and no count changes.
        const HttpResult second =
            answer(srv, people.at(0).token, id, inputs(QStringLiteral("bad"), {}, {}));
        QCOMPARE(second.status, 409);
        QCOMPARE(second.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("already_answered"));
        QCOMPARE(results(srv, QStringLiteral("pulse")).json(), seven.json());
        QCOMPARE(count(kind, QStringLiteral("survey_pending"), id), 2);

        // What a database reader sees: no person's id outside the marks table.
        const QStringList tables = surveyTables(kind);
        QVERIFY(tables.contains(QStringLiteral("survey_marks")));
        QVERIFY(tables.contains(QStringLiteral("survey_pending")));
        for (const QString &table : tables) {
            if (table == u"survey_marks")
                continue;
            for (const QString &col : columnsOf(kind, table)) {
                for (const QString &person : ids) {
                    const int found = sqlInt(kind,
                        QStringLiteral("SELECT COUNT(*) FROM %1 WHERE CAST(%2 AS TEXT) LIKE '%%3%'")
                            .arg(table, col, person));
                    QVERIFY2(found == 0, qPrintable(table + u'.' + col + u' ' + person));
                }
            }
        }
        // The marks: the survey and the person, no time.
        QCOMPARE(columnsOf(kind, QStringLiteral("survey_marks")),
            (QStringList { QStringLiteral("survey"), QStringLiteral("user_id") }));
        // batch: the key of the batch a mixing tagged them with, on their way to a survey with
        // a callbackUrl (tst_survey_webhooks); none here.
        QCOMPARE(columnsOf(kind, QStringLiteral("survey_pending")),
            (QStringList { QStringLiteral("batch"), QStringLiteral("inputs"),
                QStringLiteral("pending_key"), QStringLiteral("survey") }));
        QCOMPARE(columnsOf(kind, QStringLiteral("survey_batches")),
            (QStringList {
                QStringLiteral("batch_key"), QStringLiteral("final"), QStringLiteral("survey") }));
        // Free text: a random key and only a day.
        const QRegularExpression day(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        for (const QVariantList &row : rows(kind,
                 QStringLiteral("SELECT text_key, day FROM survey_texts WHERE survey = '%1'")
                     .arg(id))) {
            QVERIFY(row.at(0).toString().size() >= 20);
            QVERIFY2(day.match(row.at(1).toString()).hasMatch(), qPrintable(row.at(1).toString()));
        }
        QCOMPARE(columnsOf(kind, QStringLiteral("survey_texts")),
            (QStringList { QStringLiteral("day"), QStringLiteral("input_id"),
                QStringLiteral("survey"), QStringLiteral("text"), QStringLiteral("text_key") }));

        if (kind == u"postgresql") {
            // Which transaction wrote each row: only the 5th mark's shares one with results rows.
            const auto xmins = [&](const QString &table, const QString &where) {
                const QStringList values = column(kind,
                    QStringLiteral("SELECT xmin::text FROM %1 WHERE survey = '%2'%3")
                        .arg(table, id, where));
                return QSet<QString>(values.cbegin(), values.cend());
            };
            const QSet<QString> resultRows = xmins(QStringLiteral("survey_counts"), {})
                + xmins(QStringLiteral("survey_texts"), {});
            QVERIFY(!resultRows.isEmpty());
            const QSet<QString> fifth = xmins(QStringLiteral("survey_marks"),
                QStringLiteral(" AND user_id = '%1'").arg(ids.at(4)));
            const QSet<QString> others = xmins(QStringLiteral("survey_marks"),
                QStringLiteral(" AND user_id <> '%1'").arg(ids.at(4)));
            QCOMPARE(others.size(), 6);
            QVERIFY(!resultRows.intersects(others));
            QCOMPARE(resultRows, fifth);
        }

        // No idempotency row for those answers, though each came with an Idempotency-Key.
        for (const QString &person : ids)
            QCOMPARE(
                sqlInt(kind,
                    QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE scope = 'user:%1'")
                        .arg(person)),
                0);
        // The access log: the answers (8 requests) name no one; the same people's reads do.
        const QString endpoint = QStringLiteral("/v1/surveys/{id}/answer");
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral(
                    "SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE endpoint = '%1'")
                    .arg(endpoint)),
            8, 10000);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint = '%1' AND"
                               " (user_id IS NOT NULL OR device_id IS NOT NULL OR client_ip <> '')")
                    .arg(endpoint)),
            0);
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint ="
                               " '/v1/surveys' AND user_id = '%1'")
                    .arg(ids.at(0)))
                > 0,
            10000);

        // Closing mixes the 2 still waiting, in a transaction of no one's answer.
        QVERIFY(moveClock(kind, qint64(2) * 3600));
        QTRY_COMPARE_WITH_TIMEOUT(count(kind, QStringLiteral("survey_pending"), id), 0, 20000);
        const HttpResult closed = results(srv, QStringLiteral("pulse"));
        QCOMPARE(closed.json().value(QStringLiteral("closed")).toBool(), true);
        QCOMPARE(strings(inputOf(closed, QStringLiteral("comment")).value(QStringLiteral("texts")))
                     .size(),
            7);
        const HttpResult csv = results(srv, QStringLiteral("pulse"), true);
        QCOMPARE(csv.status, 200);
        const QString text = QString::fromUtf8(csv.body);
        QVERIFY(text.startsWith(QStringLiteral("input,value,count\r\n")));
        QVERIFY(text.contains(QStringLiteral("\r\ninput,text\r\n")));
        for (const QString &person : ids)
            QVERIFY(!text.contains(person));
        if (kind == u"postgresql") {
            const QStringList marks = column(kind,
                QStringLiteral("SELECT xmin::text FROM survey_marks WHERE survey = '%1'").arg(id));
            const QStringList texts = column(kind,
                QStringLiteral("SELECT xmin::text FROM survey_texts WHERE survey = '%1'").arg(id));
            const QSet<QString> markSet(marks.cbegin(), marks.cend());
            int linked = 0;
            for (const QString &xmin : texts)
                linked += markSet.contains(xmin) ? 1 : 0;
            QCOMPARE(linked, 5); // the 5th's batch only; the closing's 2 are linked to no mark
        }
    }
};

QTEST_GUILESS_MAIN(TestSurveysAnonymous)
#include "tst_surveys_anonymous.moc"
