// Surveys against the real server (SQLite and PostgreSQL; one server per database for the whole
// test case): a sub-system puts, replaces and deletes a survey; every refusal is a 422 with the
// JSON path of the problem (or 413) and stores nothing; a survey with answers keeps its card
// (409 has_answers); a person outside the audience sees nothing (feed, answer, hint); named
// answers are validated against the stored card, taken once under an Idempotency-Key, refused a
// second time unless editable, refused after closing; the results and their CSV count them; a
// survey is removed (with its answers) 7 days after closing.
#include "surveysfixture.h"

using namespace tessera::test;

class TestSurveys : public QObject, protected SurveysFixture
{
    Q_OBJECT

    int surveysNamed(const QString &kind, const QString &surveyId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM surveys WHERE survey_id = '%1'").arg(surveyId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("surveys"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void putReplaceDelete_data() { addDatabaseKinds(); }
    void putReplaceDelete()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString path = QStringLiteral("/v1/subsystem/surveys/{surveyId}");
        QJsonObject body = survey(kind, QStringLiteral("Canteen survey"), everyone());

        const HttpResult created = putSurvey(srv, QStringLiteral("canteen"), body);
        QCOMPARE(created.status, 201);
        QVERIFY(fits(QStringLiteral("PUT"), path, created));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("srv_")));
        QCOMPARE(created.json().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(created.json().value(QStringLiteral("state")).toString(), QStringLiteral("open"));

        const HttpResult first = surveys(srv, ben);
        QCOMPARE(first.status, 200);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/surveys"), first));
        const QJsonObject shown = surveyIn(first, id);
        QCOMPARE(shown.value(QStringLiteral("title")).toString(), QStringLiteral("Canteen survey"));
        QCOMPARE(shown.value(QStringLiteral("card")).toObject(), form());
        QCOMPARE(shown.value(QStringLiteral("answered")).toBool(), false);
        QVERIFY(shown.value(QStringLiteral("myAnswer")).isNull());
        QCOMPARE(shown.value(QStringLiteral("closed")).toBool(), false);
        QCOMPARE(shown.value(QStringLiteral("closesAt")).toString(),
            body.value(QStringLiteral("closesAt")).toString());
        QCOMPARE(shown.value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            demoApiKey(srv).value(QStringLiteral("subsystem")).toString());

        body.insert(QStringLiteral("title"), QStringLiteral("Canteen survey, week 2"));
        const HttpResult replaced = putSurvey(srv, QStringLiteral("canteen"), body);
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.json().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 2);
        const HttpResult delta = surveys(srv, ben, cursorOf(first));
        QCOMPARE(surveyIn(delta, id).value(QStringLiteral("title")).toString(),
            QStringLiteral("Canteen survey, week 2"));
        QCOMPARE(surveysNamed(kind, QStringLiteral("canteen")), 1);

        QCOMPARE(deleteSurvey(srv, QStringLiteral("canteen")).status, 204);
        const HttpResult after = surveys(srv, ben, cursorOf(delta));
        QVERIFY(removedOf(after).contains(id));
        QVERIFY(surveyIn(after, id).isEmpty());
        QVERIFY(surveyIn(surveys(srv, ben), id).isEmpty());
        QCOMPARE(deleteSurvey(srv, QStringLiteral("canteen")).status, 404);
        QCOMPARE(results(srv, QStringLiteral("canteen")).status, 404);
    }

    void refusalsStoreNothing_data() { addDatabaseKinds(); }
    void refusalsStoreNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject good = survey(kind, QStringLiteral("Parking"), everyone());
        const auto refusedAt = [&](const QJsonObject &body, const QString &path) {
            const HttpResult result = putSurvey(srv, QStringLiteral("refused"), body);
            if (result.status != 422
                || result.json().value(QStringLiteral("path")).toString() != path) {
                qWarning() << "expected 422 at" << path << "got" << result.status << result.body;
                return false;
            }
            return fits(
                QStringLiteral("PUT"), QStringLiteral("/v1/subsystem/surveys/{surveyId}"), result);
        };
        QJsonObject noForm = good;
        noForm.insert(QStringLiteral("card"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
                { QStringLiteral("version"), QStringLiteral("1.5") },
                { QStringLiteral("body"),
                    QJsonArray {
                        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                            { QStringLiteral("text"), QStringLiteral("No inputs") } } } } });
        QVERIFY(refusedAt(noForm, QStringLiteral("$.card")));
        QJsonObject html = good;
        html.insert(QStringLiteral("title"), QStringLiteral("<b>Parking</b>"));
        QVERIFY(refusedAt(html, QStringLiteral("$.title")));
        QJsonObject past = good;
        past.insert(QStringLiteral("closesAt"), rfc3339(serverNow(kind).addSecs(-60)));
        QVERIFY(refusedAt(past, QStringLiteral("$.closesAt")));
        QJsonObject both = good;
        both.insert(QStringLiteral("anonymous"), true);
        both.insert(QStringLiteral("editable"), true);
        QVERIFY(refusedAt(both, QStringLiteral("$.editable")));
        QJsonObject unknown = good;
        unknown.insert(QStringLiteral("color"), QStringLiteral("red"));
        QVERIFY(refusedAt(unknown, QStringLiteral("$.color")));
        QJsonObject noAudience = good;
        noAudience.remove(QStringLiteral("audience"));
        QVERIFY(refusedAt(noAudience, QStringLiteral("$.audience")));
        QJsonObject large = good;
        large.insert(QStringLiteral("title"), QString(qsizetype(70) * 1024, QLatin1Char('x')));
        QCOMPARE(putSurvey(srv, QStringLiteral("refused"), large).status, 413);
        QCOMPARE(surveysNamed(kind, QStringLiteral("refused")), 0);
    }

    void answeredSurveyKeepsItsCard_data() { addDatabaseKinds(); }
    void answeredSurveyKeepsItsCard()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QJsonObject body = survey(kind, QStringLiteral("Lunch"), everyone());
        const QString id = idOfSurvey(srv, QStringLiteral("lunch"), body);
        // Unanswered: anything may change.
        QJsonObject changed = body;
        changed.insert(QStringLiteral("card"), form(true));
        QCOMPARE(putSurvey(srv, QStringLiteral("lunch"), changed).status, 200);
        QCOMPARE(answer(srv, ben, id, inputs(QStringLiteral("good,ok"), {}, {})).status, 200);
        // Answered: the card and anonymous stay; the rest may change.
        const HttpResult refused = putSurvey(srv, QStringLiteral("lunch"), body);
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("has_answers"));
        QJsonObject anonymous = changed;
        anonymous.insert(QStringLiteral("anonymous"), true);
        QCOMPARE(putSurvey(srv, QStringLiteral("lunch"), anonymous).status, 409);
        changed.insert(QStringLiteral("title"), QStringLiteral("Lunch, again"));
        changed.insert(QStringLiteral("editable"), true);
        const HttpResult replaced = putSurvey(srv, QStringLiteral("lunch"), changed);
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.json().value(QStringLiteral("version")).toInt(), 3);
        QCOMPARE(deleteSurvey(srv, QStringLiteral("lunch")).status, 204);
        // Its answers went with it.
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM survey_answers WHERE survey = '%1'").arg(id)),
            0);
    }

    void outsideTheAudienceSeesNothing_data() { addDatabaseKinds(); }
    void outsideTheAudienceSeesNothing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ashaId =
            demoAccount(srv, QStringLiteral("Asha Rao")).value(QStringLiteral("userId")).toString();
        Stream benStream;
        Stream ashaStream;
        QVERIFY(benStream.open(srv, ben));
        QVERIFY(ashaStream.open(srv, asha));
        const QString benCursor = cursorOf(surveys(srv, ben));
        const QString id = idOfSurvey(srv, QStringLiteral("asha-only"),
            survey(kind, QStringLiteral("For Asha"), users({ ashaId })));
        QVERIFY(!surveyIn(surveys(srv, asha), id).isEmpty());
        const auto hints = [](const Stream &stream) {
            int count = 0;
            for (const QString &text : stream.messages)
                count += text.contains(QStringLiteral("\"surveys\"")) ? 1 : 0;
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(hints(ashaStream) > 0, 10000);
        QCOMPARE(hints(benStream), 0);
        QVERIFY(surveyIn(surveys(srv, ben), id).isEmpty());
        const HttpResult delta = surveys(srv, ben, benCursor);
        QVERIFY(surveyIn(delta, id).isEmpty());
        const HttpResult refused = answer(srv, ben, id, inputs(QStringLiteral("good"), {}, {}));
        QCOMPARE(refused.status, 404);
        QCOMPARE(
            answer(srv, ben, QStringLiteral("srv_unknown"), inputs(QStringLiteral("good"), {}, {}))
                .status,
            404);
        QCOMPARE(deleteSurvey(srv, QStringLiteral("asha-only")).status, 204);
    }

    void namedAnswers_data() { addDatabaseKinds(); }
    void namedAnswers()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString benId = demoAccount(srv, QStringLiteral("Ben Okafor"))
                                  .value(QStringLiteral("userId"))
                                  .toString();
        const QString id = idOfSurvey(
            srv, QStringLiteral("named"), survey(kind, QStringLiteral("Named"), everyone()));
        const QString path = QStringLiteral("/v1/surveys/{id}/answer");

        // Validated against the stored card: the first bad input's path.
        const HttpResult invalid = answer(srv, ben, id, inputs(QStringLiteral("great"), {}, {}));
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.inputs.mood"));
        QVERIFY(fits(QStringLiteral("PUT"), path, invalid));
        const HttpResult unknownInput = answer(srv, ben, id,
            QJsonObject { { QStringLiteral("mood"), QStringLiteral("ok") },
                { QStringLiteral("colour"), QStringLiteral("red") } });
        QCOMPARE(unknownInput.status, 422);
        QCOMPARE(unknownInput.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.inputs.colour"));
        const HttpResult outOfRange =
            answer(srv, ben, id, inputs(QStringLiteral("ok"), QStringLiteral("9"), {}));
        QCOMPARE(outOfRange.json().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.inputs.score"));

        // Exactly once under one Idempotency-Key: the retry replays the first answer.
        const HttpResult before = surveys(srv, ben);
        const QJsonObject mine =
            inputs(QStringLiteral("ok"), QStringLiteral("4"), QStringLiteral("Fine"));
        const HttpResult first = answer(srv, ben, id, mine, "named-answer-1");
        QCOMPARE(first.status, 200);
        QVERIFY(fits(QStringLiteral("PUT"), path, first));
        QCOMPARE(first.json().value(QStringLiteral("answered")).toBool(), true);
        const HttpResult replay = answer(srv, ben, id, mine, "named-answer-1");
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.body, first.body);
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM survey_answers WHERE survey = '%1'").arg(id)),
            1);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE scope = 'user:%1'"
                                    " AND idem_key = 'named-answer-1'")
                         .arg(benId)),
            1);
        // The person's own change: the survey comes again, answered, with the answer.
        const QJsonObject again = surveyIn(surveys(srv, ben, cursorOf(before)), id);
        QCOMPARE(again.value(QStringLiteral("answered")).toBool(), true);
        QCOMPARE(again.value(QStringLiteral("myAnswer")).toObject(), mine);

        // Not editable: a second answer is refused and changes nothing.
        const HttpResult second = answer(srv, ben, id, inputs(QStringLiteral("bad"), {}, {}));
        QCOMPARE(second.status, 409);
        QCOMPARE(second.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("already_answered"));
        QCOMPARE(
            surveyIn(surveys(srv, ben), id).value(QStringLiteral("myAnswer")).toObject(), mine);

        // Editable: replaced until closing, then 409 survey_closed (the clock moved past it).
        QJsonObject editable = survey(kind, QStringLiteral("Editable"), everyone(), false, true, 0);
        editable.insert(QStringLiteral("closesAt"), rfc3339(serverNow(kind).addSecs(3600)));
        const QString editId = idOfSurvey(srv, QStringLiteral("editable"), editable);
        QCOMPARE(answer(srv, ben, editId, inputs(QStringLiteral("good"), {}, {})).status, 200);
        const QJsonObject changed = inputs(QStringLiteral("bad"), QStringLiteral("2"), {});
        QCOMPARE(answer(srv, ben, editId, changed).status, 200);
        QCOMPARE(surveyIn(surveys(srv, ben), editId).value(QStringLiteral("myAnswer")).toObject(),
            changed);
        const QString cursor = cursorOf(surveys(srv, ben));
        QVERIFY(moveClock(kind, qint64(2) * 3600));
        QTRY_VERIFY_WITH_TIMEOUT(
            answer(srv, ben, editId, inputs(QStringLiteral("ok"), {}, {})).status == 409, 10000);
        const HttpResult closed = answer(srv, ben, editId, inputs(QStringLiteral("ok"), {}, {}));
        QCOMPARE(closed.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("survey_closed"));
        // The scheduled job's closing is a change for the audience.
        QTRY_VERIFY_WITH_TIMEOUT(
            surveyIn(surveys(srv, ben, cursor), editId).value(QStringLiteral("closed")).toBool(),
            20000);
        QVERIFY(results(srv, QStringLiteral("editable"))
                    .json()
                    .value(QStringLiteral("closed"))
                    .toBool());
    }

    void resultsAndCsv_data() { addDatabaseKinds(); }
    void resultsAndCsv()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        QStringList ids;
        for (const QString &name : { QStringLiteral("Asha Rao"), QStringLiteral("Ben Okafor"),
                 QStringLiteral("Tessera Admin") })
            ids.append(demoAccount(srv, name).value(QStringLiteral("userId")).toString());
        QJsonObject body = survey(kind, QStringLiteral("Results"), users(ids));
        body.insert(QStringLiteral("card"), form(true));
        const QString id = idOfSurvey(srv, QStringLiteral("results"), body);
        const QString asha = signIn(srv, QStringLiteral("Asha Rao"));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QCOMPARE(answer(srv, asha, id,
                     inputs(QStringLiteral("good,ok"), QStringLiteral("5"),
                         QStringLiteral("=HYPERLINK(\"x\")")))
                     .status,
            200);
        QCOMPARE(
            answer(srv, ben, id,
                inputs(QStringLiteral("ok"), QStringLiteral("2"), QStringLiteral("More, \"soup\"")))
                .status,
            200);

        const HttpResult result = results(srv, QStringLiteral("results"));
        QCOMPARE(result.status, 200);
        QVERIFY(fits(QStringLiteral("GET"),
            QStringLiteral("/v1/subsystem/surveys/{surveyId}/results"), result));
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("audience")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("answered")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("responseRate")).toDouble(), 2.0 / 3.0);
        QCOMPARE(json.value(QStringLiteral("anonymous")).toBool(), false);
        const QJsonObject mood = inputOf(result, QStringLiteral("mood"));
        QCOMPARE(mood.value(QStringLiteral("type")).toString(), QStringLiteral("choice"));
        QCOMPARE(mood.value(QStringLiteral("counts")).toObject(),
            (QJsonObject { { QStringLiteral("good"), 1 }, { QStringLiteral("ok"), 2 } }));
        const QJsonObject score = inputOf(result, QStringLiteral("score"));
        QCOMPARE(score.value(QStringLiteral("type")).toString(), QStringLiteral("rating"));
        QCOMPARE(score.value(QStringLiteral("average")).toDouble(), 3.5);
        QCOMPARE(score.value(QStringLiteral("distribution")).toObject(),
            (QJsonObject { { QStringLiteral("5"), 1 }, { QStringLiteral("2"), 1 } }));
        const QJsonObject comment = inputOf(result, QStringLiteral("comment"));
        QCOMPARE(comment.value(QStringLiteral("type")).toString(), QStringLiteral("text"));
        QCOMPARE(comment.value(QStringLiteral("textsHidden")).toBool(), false);
        QCOMPARE(strings(comment.value(QStringLiteral("texts"))).size(), 2);

        // The CSV, parsed back (RFC 4180): a header and a row per answer; a formula is defused.
        const HttpResult csv = results(srv, QStringLiteral("results"), true);
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.header("Content-Type").startsWith("text/csv"));
        const QList<QStringList> table = parseCsv(QString::fromUtf8(csv.body));
        QCOMPARE(table.size(), 3);
        QCOMPARE(table.at(0),
            (QStringList { QStringLiteral("userId"), QStringLiteral("displayName"),
                QStringLiteral("answeredAt"), QStringLiteral("mood"), QStringLiteral("score"),
                QStringLiteral("comment") }));
        QStringList texts;
        for (qsizetype i = 1; i < table.size(); ++i) {
            QCOMPARE(table.at(i).size(), 6);
            QVERIFY(ids.contains(table.at(i).at(0)));
            texts.append(table.at(i).at(5));
        }
        QVERIFY(texts.contains(QStringLiteral("'=HYPERLINK(\"x\")")));
        QVERIFY(texts.contains(QStringLiteral("More, \"soup\"")));
        QCOMPARE(results(srv, QStringLiteral("nothing"), true).status, 404);
    }

    // Last (it moves the clock a week on): 7 days after closing, the scheduled job removes a
    // survey from every feed, with its answers.
    void removedSevenDaysAfterClosing_data() { addDatabaseKinds(); }
    void removedSevenDaysAfterClosing()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        QJsonObject body = survey(kind, QStringLiteral("Short"), everyone());
        body.insert(QStringLiteral("closesAt"), rfc3339(serverNow(kind).addSecs(3600)));
        const QString id = idOfSurvey(srv, QStringLiteral("short"), body);
        QCOMPARE(answer(srv, ben, id, inputs(QStringLiteral("ok"), {}, {})).status, 200);
        const QString cursor = cursorOf(surveys(srv, ben));
        QVERIFY(moveClock(kind, qint64(2) * 3600));
        QTRY_VERIFY_WITH_TIMEOUT(
            results(srv, QStringLiteral("short")).json().value(QStringLiteral("closed")).toBool(),
            20000);
        // Closed, still shown (with the person's answer) for a week.
        QTRY_VERIFY_WITH_TIMEOUT(
            surveyIn(surveys(srv, ben, cursor), id).value(QStringLiteral("closed")).toBool(),
            20000);
        QCOMPARE(surveyIn(surveys(srv, ben), id).value(QStringLiteral("answered")).toBool(), true);
        QVERIFY(moveClock(kind, qint64(7) * 24 * 3600));
        // Signed in again: the week also ended the first access token.
        const QString later =
            signIn(srv, QStringLiteral("Ben Okafor"), QStringLiteral("surveys-test-later"));
        QVERIFY(!later.isEmpty());
        QCOMPARE(surveys(srv, later, cursor).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(removedOf(surveys(srv, later, cursor)).contains(id), 20000);
        QVERIFY(surveyIn(surveys(srv, later), id).isEmpty());
        QCOMPARE(
            sqlInt(kind,
                QStringLiteral("SELECT COUNT(*) FROM survey_answers WHERE survey = '%1'").arg(id)),
            0);
        QCOMPARE(results(srv, QStringLiteral("short")).status, 404);
    }

private:
    // RFC 4180: fields separated by commas, quoted with "" for a quote, rows by CRLF.
    static QList<QStringList> parseCsv(const QString &text)
    {
        QList<QStringList> rows;
        QStringList row;
        QString field;
        bool quoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted) {
                if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else if (c == u'"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == u'"') {
                quoted = true;
            } else if (c == u',') {
                row.append(field);
                field.clear();
            } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                row.append(field);
                rows.append(row);
                row.clear();
                field.clear();
                ++i;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
};

QTEST_GUILESS_MAIN(TestSurveys)
#include "tst_surveys.moc"
