// A survey as the wire contract gives it (GET /v1/surveys): every field checked, the card parsed
// by CardParser and required to be a form, anonymous never editable and never with an answer,
// HTML in a title kept as text.
#include "surveysfixture.h"

#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestSurveyItem : public QObject
{
    Q_OBJECT

    static QString refusal(const QJsonObject &json)
    {
        QString problem;
        const std::optional<Survey> parsed = Survey::fromJson(json, &problem);
        return parsed ? QString() : problem;
    }

private Q_SLOTS:
    void readsEveryField()
    {
        QJsonObject json = wireSurvey(
            QStringLiteral("srv_a1"), QStringLiteral("2026-12-10T17:00:00+01:00"), false, true);
        json.insert(QStringLiteral("answered"), true);
        json.insert(QStringLiteral("myAnswer"),
            QJsonObject { { QStringLiteral("mood"), QStringLiteral("good") },
                { QStringLiteral("score"), 7 } });
        json.insert(QStringLiteral("title"), QStringLiteral("<b>Week</b> 49"));
        json.insert(QStringLiteral("unknown"), 1); // ignored
        QString problem;
        const std::optional<Survey> parsed = Survey::fromJson(json, &problem);
        QVERIFY2(parsed, qPrintable(problem));
        QCOMPARE(parsed->id, QStringLiteral("srv_a1"));
        QCOMPARE(parsed->title, QStringLiteral("<b>Week</b> 49")); // text, never markup
        QCOMPARE(parsed->closesAt, QDateTime(QDate(2026, 12, 10), QTime(16, 0), Qt::UTC));
        QVERIFY(parsed->editable && !parsed->anonymous && parsed->answered && !parsed->closed);
        QCOMPARE(parsed->myAnswer.value(QStringLiteral("mood")).toString(), QStringLiteral("good"));
        QCOMPARE(parsed->source, QStringLiteral("People team"));
        QCOMPARE(parsed->card, surveyCard());
        // toJson gives what fromJson reads.
        const std::optional<Survey> again = Survey::fromJson(parsed->toJson(), &problem);
        QVERIFY2(again, qPrintable(problem));
        QCOMPARE(again->toJson(), parsed->toJson());
    }

    void opensAndCloses()
    {
        const QDateTime before(QDate(2026, 12, 10), QTime(15, 59), Qt::UTC);
        const QDateTime after(QDate(2026, 12, 10), QTime(16, 0), Qt::UTC);
        Survey open =
            survey(wireSurvey(QStringLiteral("srv_a"), QStringLiteral("2026-12-10T16:00:00Z")));
        QVERIFY(!open.isClosedAt(before) && open.canAnswerAt(before));
        QVERIFY(open.isClosedAt(after) && !open.canAnswerAt(after));
        open.answered = true;
        QVERIFY(!open.canAnswerAt(before)); // not editable
        open.editable = true;
        QVERIFY(open.canAnswerAt(before));
        Survey closed = survey(wireSurvey(QStringLiteral("srv_b"),
            QStringLiteral("2026-12-10T16:00:00Z"), false, false, false, true));
        QVERIFY(closed.isClosedAt(before)); // the server closed it early
    }

    void refusesWhatTheContractDoesNotAllow_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("expected");
        const QJsonObject good =
            wireSurvey(QStringLiteral("srv_x"), QStringLiteral("2026-12-10T16:00:00Z"));
        const auto with = [&good](const char *key, const QJsonValue &value) {
            QJsonObject json = good;
            json.insert(QLatin1StringView(key), value);
            return json;
        };
        QTest::newRow("id without prefix") << with("id", QStringLiteral("abc")) << "no valid id";
        QTest::newRow("id with a slash") << with("id", QStringLiteral("srv_a/b")) << "no valid id";
        QTest::newRow("id too long")
            << with("id", QStringLiteral("srv_%1").arg(QString(130, u'a'))) << "no valid id";
        QTest::newRow("empty title") << with("title", QString()) << "title";
        QTest::newRow("long title") << with("title", QString(201, u'x')) << "title";
        QTest::newRow("title a number") << with("title", 5) << "title";
        QTest::newRow("closed text") << with("closed", QStringLiteral("no")) << "true or false";
        QTest::newRow("anonymous missing") << [&good] {
            QJsonObject json = good;
            json.remove(QStringLiteral("anonymous"));
            return json;
        }() << "true or false";
        QTest::newRow("version zero") << with("version", 0) << "version";
        QTest::newRow("version fraction") << with("version", 1.5) << "version";
        QTest::newRow("closesAt not a time")
            << with("closesAt", QStringLiteral("tomorrow")) << "closesAt";
        QTest::newRow("no source") << with("source", QJsonValue()) << "source";
        QTest::newRow("myAnswer a list") << with("myAnswer", QJsonArray { 1 }) << "myAnswer";
        QTest::newRow("myAnswer nested")
            << with("myAnswer", QJsonObject { { QStringLiteral("mood"), QJsonObject {} } })
            << "myAnswer";
        QTest::newRow("card missing") << with("card", QJsonValue()) << "card";
        QTest::newRow("card not a card")
            << with("card", QJsonObject { { QStringLiteral("type"), QStringLiteral("Nope") } })
            << "does not parse";
        QJsonObject noInputs = surveyCard();
        noInputs.insert(QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("Hello") } } });
        QTest::newRow("card without inputs") << with("card", noInputs) << "not a form";
        QJsonObject noSubmit = surveyCard();
        noSubmit.remove(QStringLiteral("actions"));
        QTest::newRow("card without submit") << with("card", noSubmit) << "not a form";
        QJsonObject both = with("anonymous", true);
        both.insert(QStringLiteral("editable"), true);
        QTest::newRow("anonymous and editable") << both << "anonymous and editable";
        QJsonObject anonymousAnswer = with("anonymous", true);
        anonymousAnswer.insert(QStringLiteral("myAnswer"),
            QJsonObject { { QStringLiteral("mood"), QStringLiteral("good") } });
        QTest::newRow("anonymous with an answer") << anonymousAnswer << "carries an answer";
    }

    void refusesWhatTheContractDoesNotAllow()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, expected);
        const QString problem = refusal(json);
        QVERIFY2(problem.contains(expected), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestSurveyItem)
#include "tst_survey_item.moc"
