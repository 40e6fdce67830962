// Submissions checked against the card: unknown and missing inputs, regex, length, ranges, date
// and time forms, toggles and choices; the card's errorMessage when it has one.
#include "cards/cardlimits.h"
#include "cards/submissionvalidator.h"
#include "cardtesting.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace tessera::cards;
using namespace tessera::cards::testing;

namespace {

// The leave form of the demo, more or less.
const char *leaveForm =
    "["
    "{'type':'Input.ChoiceSet','id':'type','label':'Type','isRequired':true,"
    " 'choices':[{'title':'Annual','value':'annual'},"
    " {'title':'Sick','value':'sick'}]},"
    "{'type':'Input.ChoiceSet','id':'tags','isMultiSelect':true,"
    " 'choices':[{'title':'A','value':'a'},{'title':'B','value':'b'}]},"
    "{'type':'Input.Date','id':'from','label':'From','isRequired':true,"
    " 'min':'2026-01-01','max':'2026-12-31'},"
    "{'type':'Input.Time','id':'at','min':'08:00','max':'18:00'},"
    "{'type':'Input.Number','id':'days','min':0.5,'max':30,"
    " 'errorMessage':'Between half a day and 30 days'},"
    "{'type':'Input.Toggle','id':'half','title':'Half day',"
    " 'valueOn':'yes','valueOff':'no'},"
    "{'type':'Input.Toggle','id':'agree','title':'I agree','isRequired':true},"
    "{'type':'Input.Text','id':'ref','regex':'[A-Z]{2}-\\\\d{3}','maxLength':7},"
    "{'type':'Input.Text','id':'reason','label':'Reason','maxLength':5,"
    " 'isMultiline':true},"
    "{'type':'Input.Text','id':'line'}"
    "]";

QJsonObject values(const char *text)
{
    return QJsonDocument::fromJson(json(text)).object();
}

const QJsonObject validValues()
{
    return values("{'type':'annual','from':'2026-03-02','agree':'true'}");
}

} // namespace

class TestCardsSubmission : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const CardParseResult result = parseBody(leaveForm);
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        m_card = result.card;
    }

    void valid_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("choice") << QStringLiteral("type") << QJsonValue(QStringLiteral("sick"));
        QTest::newRow("multi") << QStringLiteral("tags") << QJsonValue(QStringLiteral("a,b"));
        QTest::newRow("multi one") << QStringLiteral("tags") << QJsonValue(QStringLiteral("b"));
        QTest::newRow("date at min")
            << QStringLiteral("from") << QJsonValue(QStringLiteral("2026-01-01"));
        QTest::newRow("time at max") << QStringLiteral("at") << QJsonValue(QStringLiteral("18:00"));
        QTest::newRow("number text") << QStringLiteral("days") << QJsonValue(QStringLiteral("2.5"));
        QTest::newRow("number") << QStringLiteral("days") << QJsonValue(30);
        QTest::newRow("toggle off") << QStringLiteral("half") << QJsonValue(QStringLiteral("no"));
        QTest::newRow("regex") << QStringLiteral("ref") << QJsonValue(QStringLiteral("AB-123"));
        QTest::newRow("multiline")
            << QStringLiteral("reason") << QJsonValue(QStringLiteral("a\nb"));
        QTest::newRow("max length in characters")
            << QStringLiteral("reason") << QJsonValue(QStringLiteral("\U0001F600\U0001F600abc"));
        QTest::newRow("optional left empty") << QStringLiteral("line") << QJsonValue(QString());
        QTest::newRow("null is no value") << QStringLiteral("line") << QJsonValue();
    }
    void valid()
    {
        QFETCH(QString, input);
        QFETCH(QJsonValue, value);
        QJsonObject submitted = validValues();
        submitted.insert(input, value);
        const QList<InputError> errors = SubmissionValidator::validate(m_card, submitted);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("required missing") << QStringLiteral("type") << QJsonValue(QString())
                                          << QStringLiteral("Type is required");
        QTest::newRow("choice not offered")
            << QStringLiteral("type") << QJsonValue(QStringLiteral("unpaid"))
            << QStringLiteral("Type is not one of the choices offered");
        QTest::newRow("two choices in a single select")
            << QStringLiteral("type") << QJsonValue(QStringLiteral("annual,sick"))
            << QStringLiteral("Type is not one of the choices offered");
        QTest::newRow("multi with one not offered")
            << QStringLiteral("tags") << QJsonValue(QStringLiteral("a,c"))
            << QStringLiteral("tags is not one of the choices offered");
        QTest::newRow("date form")
            << QStringLiteral("from") << QJsonValue(QStringLiteral("2/3/2026"))
            << QStringLiteral("From must be a date (YYYY-MM-DD)");
        QTest::newRow("no such date")
            << QStringLiteral("from") << QJsonValue(QStringLiteral("2026-02-29"))
            << QStringLiteral("From must be a date (YYYY-MM-DD)");
        QTest::newRow("date before min")
            << QStringLiteral("from") << QJsonValue(QStringLiteral("2025-12-31"))
            << QStringLiteral("From must not be before 2026-01-01");
        QTest::newRow("date after max")
            << QStringLiteral("from") << QJsonValue(QStringLiteral("2027-01-01"))
            << QStringLiteral("From must not be after 2026-12-31");
        QTest::newRow("time form") << QStringLiteral("at") << QJsonValue(QStringLiteral("9:30"))
                                   << QStringLiteral("at must be a time (HH:MM)");
        QTest::newRow("no such time") << QStringLiteral("at") << QJsonValue(QStringLiteral("24:10"))
                                      << QStringLiteral("at must be a time (HH:MM)");
        QTest::newRow("time before min")
            << QStringLiteral("at") << QJsonValue(QStringLiteral("07:59"))
            << QStringLiteral("at must not be before 08:00");
        QTest::newRow("number below min") << QStringLiteral("days") << QJsonValue(0.25)
                                          << QStringLiteral("Between half a day and 30 days");
        QTest::newRow("number above max")
            << QStringLiteral("days") << QJsonValue(QStringLiteral("31"))
            << QStringLiteral("Between half a day and 30 days");
        QTest::newRow("not a number") << QStringLiteral("days") << QJsonValue(QStringLiteral("1e3"))
                                      << QStringLiteral("Between half a day and 30 days");
        QTest::newRow("toggle value")
            << QStringLiteral("half") << QJsonValue(QStringLiteral("true"))
            << QStringLiteral("half must be yes or no");
        QTest::newRow("required toggle off")
            << QStringLiteral("agree") << QJsonValue(QStringLiteral("false"))
            << QStringLiteral("agree must be switched on");
        QTest::newRow("regex on part of the value")
            << QStringLiteral("ref") << QJsonValue(QStringLiteral("xAB-123"))
            << QStringLiteral("ref is not in the expected form");
        QTest::newRow("regex") << QStringLiteral("ref") << QJsonValue(QStringLiteral("AB-12"))
                               << QStringLiteral("ref is not in the expected form");
        QTest::newRow("max length")
            << QStringLiteral("reason") << QJsonValue(QStringLiteral("abcdef"))
            << QStringLiteral("Reason must be at most 5 characters");
        QTest::newRow("newline in a single line")
            << QStringLiteral("line") << QJsonValue(QStringLiteral("a\nb"))
            << QStringLiteral("line must be a single line");
        QTest::newRow("too long") << QStringLiteral("line")
                                  << QJsonValue(QString(maxValueLength + 1, QLatin1Char('a')))
                                  << QStringLiteral("line is too long");
        QTest::newRow("not text") << QStringLiteral("line") << QJsonValue(true)
                                  << QStringLiteral("line must be given as text");
        QTest::newRow("number for a text") << QStringLiteral("line") << QJsonValue(3)
                                           << QStringLiteral("line must be given as text");
        QTest::newRow("unknown input")
            << QStringLiteral("salary") << QJsonValue(QStringLiteral("1"))
            << QStringLiteral("the card has no input salary");
    }
    void invalid()
    {
        QFETCH(QString, input);
        QFETCH(QJsonValue, value);
        QJsonObject submitted = validValues();
        submitted.insert(input, value);
        const QList<InputError> errors = SubmissionValidator::validate(m_card, submitted);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).inputId, input);
        QTEST(errors.at(0).message, "message");
    }

    void missingRequiredInputs()
    {
        const QList<InputError> errors = SubmissionValidator::validate(m_card, QJsonObject());
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors.at(0).inputId, QStringLiteral("type"));
        QCOMPARE(errors.at(1).inputId, QStringLiteral("from"));
        QCOMPARE(errors.at(2).inputId, QStringLiteral("agree"));
    }

    // An input of a ShowCard is one of the card's inputs.
    void showCardInputs()
    {
        const CardParseResult result =
            parseCard("{'type':'AdaptiveCard','version':'1.5','actions':[{'type':'Action.ShowCard',"
                      "'card':{'type':'AdaptiveCard','body':[{'type':'Input.Text','id':'note',"
                      "'isRequired':true,'errorMessage':'Add a note'}]}}]}");
        QVERIFY(result.isValid());
        const QList<InputError> errors = SubmissionValidator::validate(result.card, QJsonObject());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).message, QStringLiteral("Add a note"));
    }

    // A pattern that backtracks badly ends at the match limit with an error of its own: the value
    // is neither taken as valid nor called malformed.
    void hostileRegexEnds()
    {
        const CardParseResult result =
            parseBody("[{'type':'Input.Text','id':'a','regex':'(a+)+$','label':'A'}]");
        QVERIFY(result.isValid());
        QJsonObject submitted;
        submitted.insert(
            QStringLiteral("a"), QString(QString(4000, QLatin1Char('a')) + QLatin1Char('b')));
        const QList<InputError> errors = SubmissionValidator::validate(result.card, submitted);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(
            errors.at(0).message, QStringLiteral("A could not be checked against its pattern"));
        // Without backtracking the same pattern answers.
        submitted.insert(QStringLiteral("a"), QString(maxValueLength, QLatin1Char('a')));
        QVERIFY(SubmissionValidator::validate(result.card, submitted).isEmpty());
        submitted.insert(QStringLiteral("a"), QStringLiteral("ab"));
        QCOMPARE(SubmissionValidator::validate(result.card, submitted).at(0).message,
            QStringLiteral("A is not in the expected form"));
    }

    // The limit is the card's, not PCRE2's default of ten million steps: about 2^19 steps of
    // backtracking are below the default yet above maxRegexMatchSteps.
    void matchLimitIsTheCards()
    {
        const QString value = QString(19, QLatin1Char('a')) + QLatin1Char('b');
        const QRegularExpression unlimited(
            QRegularExpression::anchoredPattern(QStringLiteral("(a+)+$")));
        const QRegularExpressionMatch plain = unlimited.match(value);
        QVERIFY(plain.isValid());
        QVERIFY(!plain.hasMatch());
        const QRegularExpression limited =
            SubmissionValidator::inputPattern(QStringLiteral("(a+)+$"));
        QVERIFY(limited.isValid());
        QVERIFY(!limited.match(value).isValid());
        // The pattern is still the regex, anchored.
        QVERIFY(limited.match(QStringLiteral("aaa")).hasMatch());
        QVERIFY(!limited.match(QStringLiteral("baaa")).hasMatch());
    }

    // The parsed card carries its inputs' patterns compiled, once, with the limits.
    void parsedCardCarriesThePattern()
    {
        const CardParseResult result =
            parseBody("[{'type':'Input.Text','id':'a','regex':'[a-z]+'}]");
        QVERIFY(result.isValid());
        const CardElement *input = result.card.inputs().constFirst();
        QCOMPARE(input->input.compiledRegex.pattern(),
            SubmissionValidator::inputPattern(QStringLiteral("[a-z]+")).pattern());
        QVERIFY(input->input.compiledRegex.isValid());
    }

    // Which inputs each submit action sends: the card's own and those of the cards it is shown
    // in, nothing with associatedInputs "none"; select actions and action sets count too. The
    // validator then checks only those, and any other value is unknown.
    void actionsSendTheirInputs()
    {
        const CardParseResult result = parseCard(
            "{'type':'AdaptiveCard','version':'1.5',"
            "'body':[{'type':'Input.Text','id':'note'},"
            " {'type':'Container','items':[{'type':'Input.Text','id':'inner'}],"
            "  'selectAction':{'type':'Action.Submit','id':'tap'}},"
            " {'type':'ActionSet','actions':[{'type':'Action.ShowCard','title':'More','card':"
            "  {'type':'AdaptiveCard','body':[{'type':'Input.Text','id':'extra'}],"
            "   'actions':[{'type':'Action.Submit','id':'more'}]}}]}],"
            "'actions':[{'type':'Action.Submit','id':'approve'},"
            " {'type':'Action.Submit','id':'later','associatedInputs':'none'},"
            " {'type':'Action.ShowCard','title':'Reject','card':{'type':'AdaptiveCard',"
            "  'body':[{'type':'Input.Text','id':'reason','isRequired':true}],"
            "  'actions':[{'type':'Action.Execute','verb':'reject'}]}}]}");
        QVERIFY(result.isValid());
        const QList<SubmitAction> actions = SubmissionValidator::submitActions(result.card);
        QStringList names;
        for (const SubmitAction &each : actions)
            names.append(each.action->id.isEmpty() ? each.action->verb : each.action->id);
        QCOMPARE(names,
            QStringList({ QStringLiteral("tap"), QStringLiteral("more"), QStringLiteral("approve"),
                QStringLiteral("later"), QStringLiteral("reject") }));
        const QStringList own { QStringLiteral("note"), QStringLiteral("inner") };
        QCOMPARE(actions.at(0).inputIds, own);
        QCOMPARE(actions.at(1).inputIds, own + QStringList { QStringLiteral("extra") });
        QCOMPARE(actions.at(2).inputIds, own);
        QVERIFY(actions.at(3).inputIds.isEmpty());
        QCOMPARE(actions.at(4).inputIds, own + QStringList { QStringLiteral("reason") });
        QCOMPARE(SubmissionValidator::cardInputIds(result.card.body), own);

        // Approve: the required reason of Reject is not asked for, and not taken.
        QVERIFY(SubmissionValidator::validate(result.card, actions.at(2).inputIds, QJsonObject())
                    .isEmpty());
        QList<InputError> errors = SubmissionValidator::validate(
            result.card, actions.at(2).inputIds, values("{'reason':'no'}"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).inputId, QStringLiteral("reason"));
        QVERIFY(errors.at(0).message.contains(QLatin1String("no input")));
        // Reject: the reason is required.
        errors = SubmissionValidator::validate(result.card, actions.at(4).inputIds, QJsonObject());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0).inputId, QStringLiteral("reason"));
        QVERIFY(SubmissionValidator::validate(
            result.card, actions.at(4).inputIds, values("{'reason':'late','note':'x'}"))
                    .isEmpty());
        // None: nothing sent, nothing taken.
        QCOMPARE(SubmissionValidator::validate(
                     result.card, actions.at(3).inputIds, values("{'note':'x'}"))
                     .size(),
            1);
    }

private:
    Card m_card;
};

QTEST_GUILESS_MAIN(TestCardsSubmission)
#include "tst_cards_submission.moc"
