// CardForm (the app's side of a card's inputs): initial values from the card, values to submit
// without the empty ones, errors in the words of core's SubmissionValidator (the server's), for
// some inputs or all, cleared once a value passes, the server's invalid_inputs shown the same
// way, and a card that does not parse.
#include "cards/cardform.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "cardtesting.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using tessera::CardForm;
using namespace tessera::cards;
using namespace tessera::cards::testing;

namespace {

// A leave form with every kind of input, some with initial values.
const char *leaveCard = "{'type':'AdaptiveCard','version':'1.5','body':["
                        "{'type':'Input.ChoiceSet','id':'type','label':'Type','isRequired':true,"
                        " 'choices':[{'title':'Annual','value':'annual'},"
                        " {'title':'Sick','value':'sick'}]},"
                        "{'type':'Input.ChoiceSet','id':'tags','isMultiSelect':true,'value':'a',"
                        " 'choices':[{'title':'A','value':'a'},{'title':'B','value':'b'}]},"
                        "{'type':'Input.Date','id':'from','label':'From','isRequired':true,"
                        " 'min':'2026-01-01','max':'2026-12-31','value':'2026-06-01'},"
                        "{'type':'Input.Time','id':'at','min':'08:00','max':'18:00'},"
                        "{'type':'Input.Number','id':'days','label':'Days','min':0.5,'max':30,"
                        " 'value':2},"
                        "{'type':'Input.Toggle','id':'half','title':'Half day',"
                        " 'valueOn':'yes','valueOff':'no'},"
                        "{'type':'Input.Toggle','id':'agree','title':'I agree','isRequired':true},"
                        "{'type':'Input.Text','id':'ref','regex':'[A-Z]{2}-\\\\d{3}',"
                        " 'errorMessage':'A reference looks like AB-123'},"
                        "{'type':'Input.Text','id':'reason','label':'Reason','maxLength':5,"
                        " 'isMultiline':true,'value':'rest'}"
                        "],'actions':[{'type':'Action.ShowCard','title':'More','card':"
                        "{'type':'AdaptiveCard','body':[{'type':'Input.Text','id':'note'}]}}]}";

QString text(const char *value)
{
    return QString::fromUtf8(value);
}

QString errorOf(const CardForm &form, const char *id)
{
    return form.errors().value(text(id)).toString();
}

// What the server answers for these values of the leave card (core's validator at submit).
QList<InputError> serverErrors(const QVariantMap &values)
{
    const CardParseResult parsed = CardParser().parse(json(leaveCard));
    return SubmissionValidator::validate(parsed.card, QJsonObject::fromVariantMap(values));
}

} // namespace

class TestCardForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_form = std::make_unique<CardForm>();
        m_form->setJson(QString::fromUtf8(json(leaveCard)));
        QVERIFY2(m_form->isValid(), qPrintable(m_form->problem()));
    }

    void initialValuesComeFromTheCard()
    {
        CardForm &form = *m_form;
        QCOMPARE(form.inputIds(),
            QStringList({ text("type"), text("tags"), text("from"), text("at"), text("days"),
                text("half"), text("agree"), text("ref"), text("reason"), text("note") }));
        QCOMPARE(form.value(text("tags")), text("a"));
        QCOMPARE(form.value(text("from")), text("2026-06-01"));
        QCOMPARE(form.value(text("days")), text("2"));
        QCOMPARE(form.value(text("half")), text("no")); // a toggle starts at valueOff
        QCOMPARE(form.value(text("agree")), text("false"));
        QCOMPARE(form.value(text("reason")), text("rest"));
        QCOMPARE(form.value(text("type")), QString());
        QCOMPARE(form.value(text("nothing")), QString());
        QVERIFY(form.errors().isEmpty());
    }

    void valuesLeaveOutTheEmptyOnes()
    {
        CardForm &form = *m_form;
        form.setValue(text("ref"), text("AB-123"));
        form.setValue(text("reason"), QString());
        form.setValue(text("note"), text("in the sub-card"));
        form.setValue(text("unknown"), text("ignored"));
        const QVariantMap all = form.values();
        QCOMPARE(all.value(text("ref")).toString(), text("AB-123"));
        QCOMPARE(all.value(text("note")).toString(), text("in the sub-card"));
        QVERIFY(!all.contains(text("reason")));
        QVERIFY(!all.contains(text("type")));
        QVERIFY(!all.contains(text("unknown")));
        QCOMPARE(all.size(), 7); // tags, from, days, half, agree, ref, note
        const QVariantMap some =
            form.values({ text("ref"), text("reason"), text("unknown"), text("ref") });
        QCOMPARE(some, QVariantMap({ { text("ref"), text("AB-123") } }));
    }

    void setValueSaysWhatChanged()
    {
        CardForm &form = *m_form;
        QSignalSpy changed(&form, &CardForm::valueChanged);
        form.setValue(text("ref"), text("AB"));
        form.setValue(text("ref"), text("AB")); // the same: no signal
        form.setValue(text("unknown"), text("x"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), text("ref"));
        QCOMPARE(form.value(text("ref")), text("AB"));
    }

    // Each rule, in the validator's words (the server's), beside its input.
    void validateShowsTheServersMessages()
    {
        CardForm &form = *m_form;
        form.setValue(text("tags"), text("a,c"));
        form.setValue(text("from"), text("2027-01-01"));
        form.setValue(text("at"), text("7:00"));
        form.setValue(text("days"), text("31"));
        form.setValue(text("half"), text("maybe"));
        form.setValue(text("ref"), text("ab-123"));
        form.setValue(text("reason"), text("too long"));
        QSignalSpy errorsChanged(&form, &CardForm::errorsChanged);
        QVERIFY(!form.validate());
        QCOMPARE(errorsChanged.size(), 1);
        QCOMPARE(errorOf(form, "type"), text("Type is required"));
        QCOMPARE(errorOf(form, "tags"), text("tags is not one of the choices offered"));
        QCOMPARE(errorOf(form, "from"), text("From must not be after 2026-12-31"));
        QCOMPARE(errorOf(form, "at"), text("at must be a time (HH:MM)"));
        QCOMPARE(errorOf(form, "days"), text("Days must be at most 30"));
        QCOMPARE(errorOf(form, "half"), text("half must be yes or no"));
        QCOMPARE(errorOf(form, "agree"), text("agree must be switched on"));
        QCOMPARE(errorOf(form, "ref"), text("A reference looks like AB-123"));
        QCOMPARE(errorOf(form, "reason"), text("Reason must be at most 5 characters"));
        QVERIFY(!form.errors().contains(text("note")));
        // Exactly what the server's validator answers for the same values.
        const QList<InputError> server = serverErrors(form.values());
        QCOMPARE(server.size(), form.errors().size());
        for (const InputError &error : server)
            QCOMPARE(form.errors().value(error.inputId).toString(), error.message);
    }

    void validatePassesAValidForm()
    {
        CardForm &form = *m_form;
        form.setValue(text("type"), text("sick"));
        form.setValue(text("tags"), text("a,b"));
        form.setValue(text("at"), text("08:00"));
        form.setValue(text("days"), text("0.5"));
        form.setValue(text("half"), text("yes"));
        form.setValue(text("agree"), text("true"));
        form.setValue(text("ref"), text("AB-123"));
        QVERIFY(form.validate());
        QVERIFY(form.errors().isEmpty());
        QVERIFY(serverErrors(form.values()).isEmpty());
    }

    // Only the inputs named are checked, and only their errors change.
    void validateSomeInputs()
    {
        CardForm &form = *m_form;
        QVERIFY(!form.validate({ text("type") }));
        QCOMPARE(form.errors().keys(), QStringList({ text("type") }));
        QVERIFY(form.validate({ text("from"), text("unknown") }));
        QCOMPARE(form.errors().keys(), QStringList({ text("type") }));
        form.setValue(text("days"), text("0"));
        QVERIFY(!form.validate({ text("days"), text("reason") }));
        QCOMPARE(form.errors().keys(), QStringList({ text("days"), text("type") }));
        QCOMPARE(errorOf(form, "days"), text("Days must be at least 0.5"));
        QVERIFY(form.validate({ text("unknown") })); // nothing to check
    }

    // An error goes once the value passes; a value with another problem shows that one.
    void anErrorClearsWhenTheValuePasses()
    {
        CardForm &form = *m_form;
        QVERIFY(form.validate({ text("days"), text("ref") }));
        QVERIFY(form.errors().isEmpty());
        form.setValue(text("days"), text("40"));
        QVERIFY(!form.validate({ text("days") }));
        QSignalSpy errorsChanged(&form, &CardForm::errorsChanged);
        form.setValue(text("days"), text("abc"));
        QCOMPARE(errorOf(form, "days"), text("Days must be a number"));
        form.setValue(text("days"), text("3"));
        QVERIFY(!form.errors().contains(text("days")));
        QCOMPARE(errorsChanged.size(), 2);
        // An input without an error is not checked as it is typed.
        form.setValue(text("ref"), text("x"));
        QVERIFY(form.errors().isEmpty());
        QCOMPARE(errorsChanged.size(), 2);
    }

    void requiredInputsAndChoices()
    {
        CardForm &form = *m_form;
        form.setValue(text("from"), QString());
        form.setValue(text("type"), text("holiday"));
        QVERIFY(!form.validate({ text("from"), text("type") }));
        QCOMPARE(errorOf(form, "from"), text("From is required"));
        QCOMPARE(errorOf(form, "type"), text("Type is not one of the choices offered"));
        form.setValue(text("type"), text("annual"));
        form.setValue(text("from"), text("2025-12-31"));
        QCOMPARE(errorOf(form, "from"), text("From must not be before 2026-01-01"));
        QVERIFY(!form.errors().contains(text("type")));
        form.setValue(text("from"), text("2026-02-30"));
        QCOMPARE(errorOf(form, "from"), text("From must be a date (YYYY-MM-DD)"));
        form.setValue(text("from"), text("2026-02-28"));
        QVERIFY(form.errors().isEmpty());
    }

    // The server's 422 invalid_inputs replace the errors shown; ids of no input are left out.
    void serverErrorsAreShownTheSameWay()
    {
        CardForm &form = *m_form;
        QVERIFY(!form.validate({ text("type") }));
        QSignalSpy errorsChanged(&form, &CardForm::errorsChanged);
        form.setServerErrors({
            QVariantMap { { text("input"), text("reason") },
                { text("message"), text("Reason must be at most 5 characters") } },
            QVariantMap { { text("input"), text("from") },
                { text("message"), text("No leave left for that day") } },
            QVariantMap { { text("input"), text("gone") }, { text("message"), text("x") } },
            QVariant(text("not an object")),
        });
        QCOMPARE(errorsChanged.size(), 1);
        QCOMPARE(form.errors().keys(), QStringList({ text("from"), text("reason") }));
        QCOMPARE(errorOf(form, "from"), text("No leave left for that day"));
        // The value changes to one the validator takes: the server's error goes.
        form.setValue(text("from"), text("2026-06-02"));
        QVERIFY(!form.errors().contains(text("from")));
        form.setValue(text("reason"), text("much too long"));
        QCOMPARE(errorOf(form, "reason"), text("Reason must be at most 5 characters"));
        form.setServerErrors({});
        QVERIFY(form.errors().isEmpty());
    }

    // A card that does not parse: nothing to fill, every validate() false, and why.
    void anInvalidCard()
    {
        CardForm form;
        QVERIFY(!form.isValid());
        QVERIFY(!form.validate());
        QVERIFY(!form.problem().isEmpty());
        QSignalSpy jsonChanged(&form, &CardForm::jsonChanged);
        form.setJson(text("{\"type\":\"AdaptiveCard\",\"version\":\"1.5\",\"body\":"
                          "[{\"type\":\"Input.Text\",\"id\":\"a\"},"
                          "{\"type\":\"Input.Text\",\"id\":\"a\"}]}"));
        QCOMPARE(jsonChanged.size(), 1);
        QVERIFY(!form.isValid());
        QVERIFY2(form.problem().contains(text("$.body[1].id")), qPrintable(form.problem()));
        QVERIFY(form.inputIds().isEmpty());
        QVERIFY(!form.validate());
        QVERIFY(!form.validate({ text("a") }));
        form.setValue(text("a"), text("x"));
        QVERIFY(form.values().isEmpty());
        form.setJson(text("not json"));
        QVERIFY(!form.isValid());
        QVERIFY(form.problem().contains(text("(at $)")));
        form.setJson(QVariant(42));
        QVERIFY(!form.isValid());
    }

    // The card as an object (a JS object from QML); a new card starts over.
    void aNewCardStartsOver()
    {
        CardForm &form = *m_form;
        form.setValue(text("ref"), text("AB-123"));
        QVERIFY(!form.validate());
        QSignalSpy changed(&form, &CardForm::valueChanged);
        const QVariantMap card =
            QJsonDocument::fromJson(json("{'type':'AdaptiveCard','version':'1.5','body':"
                                         "[{'type':'Input.Text','id':'ref','value':'XY-999'}]}"))
                .object()
                .toVariantMap();
        form.setJson(card);
        QVERIFY2(form.isValid(), qPrintable(form.problem()));
        QVERIFY(form.errors().isEmpty());
        QCOMPARE(form.inputIds(), QStringList({ text("ref") }));
        QCOMPARE(form.value(text("ref")), text("XY-999"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(form.values(), QVariantMap({ { text("ref"), text("XY-999") } }));
        // The same card again changes nothing.
        form.setValue(text("ref"), text("AB-123"));
        form.setJson(card);
        QCOMPARE(form.value(text("ref")), text("AB-123"));
    }

private:
    std::unique_ptr<CardForm> m_form;
};

QTEST_GUILESS_MAIN(TestCardForm)

#include "tst_cardform.moc"
