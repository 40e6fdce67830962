// The card model: every element, action and property of the Adaptive Cards subset, read from JSON.
#include "cards/submissionvalidator.h"
#include "cardtesting.h"

#include <QTest>

using namespace tessera::cards;
using namespace tessera::cards::testing;

class TestCards : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textBlock()
    {
        const CardParseResult result = parseBody(
            "[{'type':'TextBlock','id':'t',"
            "'text':'**Leave** left: [policy](https://hr.example/policy) now','size':'Large',"
            "'weight':'bolder','color':'attention','fontType':'monospace','isSubtle':true,"
            "'wrap':true,'maxLines':3,'horizontalAlignment':'center','style':'heading',"
            "'isVisible':false,'separator':true,'spacing':'extraLarge','height':'stretch'}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &text = result.card.body.at(0);
        QCOMPARE(text.type, ElementType::TextBlock);
        QCOMPARE(text.path, QStringLiteral("$.body[0]"));
        QCOMPARE(text.id, QStringLiteral("t"));
        QCOMPARE(text.size, QStringLiteral("large"));
        QCOMPARE(text.weight, QStringLiteral("bolder"));
        QCOMPARE(text.color, QStringLiteral("attention"));
        QCOMPARE(text.fontType, QStringLiteral("monospace"));
        QVERIFY(text.isSubtle);
        QVERIFY(text.wrap);
        QCOMPARE(text.maxLines, 3);
        QCOMPARE(text.horizontalAlignment, QStringLiteral("center"));
        QCOMPARE(text.style, QStringLiteral("heading"));
        QVERIFY(!text.isVisible);
        QVERIFY(text.separator);
        QCOMPARE(text.spacing, QStringLiteral("extraLarge"));
        QCOMPARE(text.height, QStringLiteral("stretch"));
        QCOMPARE(text.markdown.size(), 1);
        const QList<MarkdownRun> &runs = text.markdown.at(0).runs;
        QCOMPARE(runs.size(), 4);
        QVERIFY(runs.at(0).bold);
        QCOMPARE(runs.at(2).text, QStringLiteral("policy"));
        QCOMPARE(
            result.card.links.value(runs.at(2).link), QStringLiteral("https://hr.example/policy"));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::Rendered));
    }

    void richTextBlock()
    {
        const CardParseResult result = parseBody(
            "[{'type':'RichTextBlock',"
            "'horizontalAlignment':'right','inlines':['plain ',{'type':'TextRun','text':'run',"
            "'size':'small','weight':'lighter','color':'good','fontType':'monospace',"
            "'isSubtle':true,'italic':true,'strikethrough':true,'underline':true,'highlight':true,"
            "'selectAction':{'type':'Action.OpenUrl','url':'https://it.example/t/1'}}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &rich = result.card.body.at(0);
        QCOMPARE(rich.horizontalAlignment, QStringLiteral("right"));
        QCOMPARE(rich.inlines.size(), 2);
        QCOMPARE(rich.inlines.at(0).text, QStringLiteral("plain "));
        const TextRun &run = rich.inlines.at(1);
        QCOMPARE(run.text, QStringLiteral("run"));
        QCOMPARE(run.size, QStringLiteral("small"));
        QCOMPARE(run.weight, QStringLiteral("lighter"));
        QCOMPARE(run.color, QStringLiteral("good"));
        QCOMPARE(run.fontType, QStringLiteral("monospace"));
        QVERIFY(run.isSubtle && run.italic && run.strikethrough && run.underline && run.highlight);
        QVERIFY(run.selectAction);
        QCOMPARE(result.card.links.value(run.selectAction->url),
            QStringLiteral("https://it.example/t/1"));
    }

    void imageAndImageSet()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Image','url':'https://m.example/a.png',"
            "'altText':'A','size':'medium','style':'person','width':'40px','height':'30px',"
            "'horizontalAlignment':'center','selectAction':{'type':'Action.Submit','data':'x'}},"
            "{'type':'ImageSet','imageSize':'small','images':[{'type':'Image',"
            "'url':'https://m.example/b.png'},{'url':'https://m.example/c.png'}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &image = result.card.body.at(0);
        QCOMPARE(result.card.links.value(image.url), QStringLiteral("https://m.example/a.png"));
        QCOMPARE(image.altText, QStringLiteral("A"));
        QCOMPARE(image.imageSize, QStringLiteral("medium"));
        QCOMPARE(image.imageStyle, QStringLiteral("person"));
        QCOMPARE(image.width, QStringLiteral("40px"));
        QCOMPARE(image.height, QStringLiteral("30px"));
        QCOMPARE(image.horizontalAlignment, QStringLiteral("center"));
        QCOMPARE(image.selectAction->type, ActionType::Submit);
        QCOMPARE(image.selectAction->data, QByteArrayLiteral("\"x\""));
        const CardElement &set = result.card.body.at(1);
        QCOMPARE(set.imageSize, QStringLiteral("small"));
        QCOMPARE(set.items.size(), std::size_t(2));
        QCOMPARE(set.items.at(1).type, ElementType::Image);
        QCOMPARE(result.card.links.value(set.items.at(1).url),
            QStringLiteral("https://m.example/c.png"));
    }

    void containerColumnsAndFacts()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Container','style':'emphasis',"
            "'verticalContentAlignment':'bottom','bleed':true,'selectAction':{'type':"
            "'Action.ToggleVisibility','targetElements':['f']},'items':[{'type':'ColumnSet',"
            "'style':'good','columns':[{'type':'Column','width':'auto','items':[]},"
            "{'width':'stretch'},{'width':2},{'width':'50px','style':'accent',"
            "'verticalContentAlignment':'center','items':[{'type':'FactSet','id':'f',"
            "'facts':[{'title':'Annual','value':'12 days'},{'title':'Sick','value':'5 days'}]}]},"
            "{'width':'wide'}]}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &container = result.card.body.at(0);
        QCOMPARE(container.style, QStringLiteral("emphasis"));
        QCOMPARE(container.verticalContentAlignment, QStringLiteral("bottom"));
        QVERIFY(container.bleed);
        QCOMPARE(container.selectAction->type, ActionType::ToggleVisibility);
        const CardElement &set = container.items.at(0);
        QCOMPARE(set.type, ElementType::ColumnSet);
        QCOMPARE(set.style, QStringLiteral("good"));
        QCOMPARE(set.items.size(), std::size_t(5));
        QCOMPARE(set.items.at(0).width, QStringLiteral("auto"));
        QCOMPARE(set.items.at(1).width, QStringLiteral("stretch"));
        QCOMPARE(set.items.at(2).width, QStringLiteral("2"));
        QCOMPARE(set.items.at(3).width, QStringLiteral("50px"));
        QCOMPARE(set.items.at(3).style, QStringLiteral("accent"));
        QCOMPARE(set.items.at(4).width, QString());
        QVERIFY(hasEntry(
            result, QStringLiteral("$.body[0].items[0].columns[4].width"), CardOutcome::Ignored));
        const CardElement &facts = set.items.at(3).items.at(0);
        QCOMPARE(facts.path, QStringLiteral("$.body[0].items[0].columns[3].items[0]"));
        QCOMPARE(facts.facts.size(), 2);
        QCOMPARE(facts.facts.at(1).title, QStringLiteral("Sick"));
        QCOMPARE(facts.facts.at(1).value, QStringLiteral("5 days"));
    }

    void table()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Table','firstRowAsHeader':false,"
            "'showGridLines':false,'gridStyle':'accent','columns':[{'width':1},{'width':'80px'}],"
            "'rows':[{'type':'TableRow','style':'good','cells':[{'type':'TableCell','items':["
            "{'type':'TextBlock','text':'a'}]},{'items':[],'style':'warning'}]}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &table = result.card.body.at(0);
        QVERIFY(!table.firstRowAsHeader);
        QVERIFY(!table.showGridLines);
        QCOMPARE(table.style, QStringLiteral("accent"));
        QCOMPARE(table.tableColumns.size(), 2);
        QCOMPARE(table.tableColumns.at(0).width, QStringLiteral("1"));
        QCOMPARE(table.tableColumns.at(1).width, QStringLiteral("80px"));
        const CardElement &row = table.items.at(0);
        QCOMPARE(row.type, ElementType::TableRow);
        QCOMPARE(row.style, QStringLiteral("good"));
        QCOMPARE(row.items.at(1).type, ElementType::TableCell);
        QCOMPARE(row.items.at(1).style, QStringLiteral("warning"));
        QCOMPARE(row.items.at(0).items.at(0).path,
            QStringLiteral("$.body[0].rows[0].cells[0].items[0]"));
    }

    void actions()
    {
        const CardParseResult result = parseBody(
            "[{'type':'ActionSet','actions':["
            "{'type':'Action.Submit','id':'s','title':'Send','style':'positive','tooltip':'t',"
            "'isEnabled':false,'mode':'secondary','data':{'k':1},'associatedInputs':'none'},"
            "{'type':'Action.OpenUrl','title':'Open','url':'https://hr.example/'},"
            "{'type':'Action.ShowCard','title':'More','card':{'type':'AdaptiveCard',"
            "'body':[{'type':'Input.Text','id':'why'}]}},"
            "{'type':'Action.ToggleVisibility','targetElements':['a',{'elementId':'b',"
            "'isVisible':false}]},"
            "{'type':'Action.Execute','verb':'approve','data':{'d':2},'style':'destructive'}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const std::vector<CardAction> &actions = result.card.body.at(0).actions;
        QCOMPARE(actions.size(), std::size_t(5));
        const CardAction &submit = actions.at(0);
        QCOMPARE(submit.id, QStringLiteral("s"));
        QCOMPARE(submit.title, QStringLiteral("Send"));
        QCOMPARE(submit.style, QStringLiteral("positive"));
        QCOMPARE(submit.tooltip, QStringLiteral("t"));
        QVERIFY(!submit.isEnabled);
        QCOMPARE(submit.mode, QStringLiteral("secondary"));
        QCOMPARE(submit.data, QByteArrayLiteral("{\"k\":1}"));
        QCOMPARE(submit.associatedInputs, QStringLiteral("none"));
        QCOMPARE(result.card.links.value(actions.at(1).url), QStringLiteral("https://hr.example/"));
        QVERIFY(actions.at(2).card);
        QCOMPARE(actions.at(2).card->body.at(0).path,
            QStringLiteral("$.body[0].actions[2].card.body[0]"));
        QCOMPARE(actions.at(3).targetElements.size(), 2);
        QVERIFY(!actions.at(3).targetElements.at(0).isVisible.has_value());
        QCOMPARE(actions.at(3).targetElements.at(1).elementId, QStringLiteral("b"));
        QCOMPARE(actions.at(3).targetElements.at(1).isVisible, std::optional<bool>(false));
        QCOMPARE(actions.at(4).type, ActionType::Execute);
        QCOMPARE(actions.at(4).verb, QStringLiteral("approve"));
        QCOMPARE(actions.at(4).data, QByteArrayLiteral("{\"d\":2}"));
        QCOMPARE(actions.at(4).style, QStringLiteral("destructive"));
        // The ShowCard's input is one of the card's inputs.
        QCOMPARE(result.card.inputs().size(), 1);
        QCOMPARE(result.card.inputs().at(0)->id, QStringLiteral("why"));
    }

    void inputs()
    {
        const CardParseResult result = parseBody(
            "["
            "{'type':'Input.Text','id':'reason','label':'Reason','placeholder':'Why',"
            "'isMultiline':true,'maxLength':200,'regex':'[a-z ]+','style':'email',"
            "'isRequired':true,'errorMessage':'Say why','value':'rest'},"
            "{'type':'Input.Number','id':'days','min':0.5,'max':30,'value':1},"
            "{'type':'Input.Date','id':'from','min':'2026-01-01','max':'2026-12-31',"
            "'value':'2026-06-01'},"
            "{'type':'Input.Time','id':'at','min':'08:00','max':'18:00','value':'09:30'},"
            "{'type':'Input.Toggle','id':'half','title':'Half day','valueOn':'yes',"
            "'valueOff':'no','value':'yes'},"
            "{'type':'Input.ChoiceSet','id':'kind','style':'filtered','isMultiSelect':true,"
            "'value':'annual','choices':[{'title':'Annual','value':'annual'},"
            "{'title':'Sick','value':'sick'}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const QList<const CardElement *> inputs = result.card.inputs();
        QCOMPARE(inputs.size(), 6);
        const InputSpec &text = inputs.at(0)->input;
        QCOMPARE(text.label, QStringLiteral("Reason"));
        QCOMPARE(text.placeholder, QStringLiteral("Why"));
        QVERIFY(text.isMultiline);
        QCOMPARE(text.maxLength, 200);
        QCOMPARE(text.regex, QStringLiteral("[a-z ]+"));
        QCOMPARE(text.textStyle, QStringLiteral("email"));
        QVERIFY(text.isRequired);
        QCOMPARE(text.errorMessage, QStringLiteral("Say why"));
        QCOMPARE(text.value, QStringLiteral("rest"));
        const InputSpec &number = inputs.at(1)->input;
        QCOMPARE(number.minNumber, std::optional<double>(0.5));
        QCOMPARE(number.maxNumber, std::optional<double>(30));
        QCOMPARE(number.value, QStringLiteral("1"));
        QCOMPARE(inputs.at(2)->input.minText, QStringLiteral("2026-01-01"));
        QCOMPARE(inputs.at(2)->input.maxText, QStringLiteral("2026-12-31"));
        QCOMPARE(inputs.at(2)->input.value, QStringLiteral("2026-06-01"));
        QCOMPARE(inputs.at(3)->input.minText, QStringLiteral("08:00"));
        QCOMPARE(inputs.at(3)->input.value, QStringLiteral("09:30"));
        const InputSpec &toggle = inputs.at(4)->input;
        QCOMPARE(toggle.title, QStringLiteral("Half day"));
        QCOMPARE(toggle.valueOn, QStringLiteral("yes"));
        QCOMPARE(toggle.valueOff, QStringLiteral("no"));
        QCOMPARE(toggle.value, QStringLiteral("yes"));
        const InputSpec &choices = inputs.at(5)->input;
        QCOMPARE(choices.choiceStyle, QStringLiteral("filtered"));
        QVERIFY(choices.isMultiSelect);
        QCOMPARE(choices.choices.size(), 2);
        QCOMPARE(choices.choices.at(1).title, QStringLiteral("Sick"));
        QCOMPARE(choices.choices.at(1).value, QStringLiteral("sick"));
    }

    // A number input's value is kept as the form writes numbers: a whole number of up to 15
    // digits stays plain (it was "1.23457e+06", which the validator then refused as no number).
    void numberValuesStayPlain()
    {
        const CardParseResult result =
            parseBody("[{'type':'Input.Number','id':'a','value':1234567},"
                      "{'type':'Input.Number','id':'b','value':-2.5},"
                      "{'type':'Input.Number','id':'c','value':123456789012345}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const QList<const CardElement *> inputs = result.card.inputs();
        QCOMPARE(inputs.at(0)->input.value, QStringLiteral("1234567"));
        QCOMPARE(inputs.at(1)->input.value, QStringLiteral("-2.5"));
        QCOMPARE(inputs.at(2)->input.value, QStringLiteral("123456789012345"));
        for (const CardElement *input : inputs)
            QVERIFY2(!SubmissionValidator::checkValue(*input, input->input.value),
                qPrintable(input->input.value));
    }

    void cardProperties()
    {
        const CardParseResult result = parseCard(
            "{'type':'AdaptiveCard','version':'1.5',"
            "'$schema':'http://adaptivecards.io/schemas/adaptive-card.json','fallbackText':'Old',"
            "'speak':'Hello','lang':'en','minHeight':'100px','verticalContentAlignment':'center',"
            "'selectAction':{'type':'Action.OpenUrl','url':'https://hr.example/'},'body':[],"
            "'actions':[{'type':'Action.Submit','title':'Go'}]}");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.version, QStringLiteral("1.5"));
        QCOMPARE(result.card.fallbackText, QStringLiteral("Old"));
        QCOMPARE(result.card.speak, QStringLiteral("Hello"));
        QCOMPARE(result.card.lang, QStringLiteral("en"));
        QCOMPARE(result.card.minHeight, QStringLiteral("100px"));
        QCOMPARE(result.card.verticalContentAlignment, QStringLiteral("center"));
        QVERIFY(result.card.selectAction);
        QCOMPARE(result.card.actions.size(), std::size_t(1));
        QCOMPARE(result.card.actions.at(0).path, QStringLiteral("$.actions[0]"));
    }

    // Properties outside the subset and enum values the host does not know are ignored, and
    // listed as such; the card stays valid.
    void ignoredProperties()
    {
        const CardParseResult result = parseBody(
            "[{'type':'TextBlock','text':'a',"
            "'targetWidth':'wide','size':'huge'},{'type':'Image','url':'https://m.example/a',"
            "'backgroundColor':'#fff'}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].targetWidth"), CardOutcome::Ignored));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].size"), CardOutcome::Ignored));
        QVERIFY(
            hasEntry(result, QStringLiteral("$.body[1].backgroundColor"), CardOutcome::Ignored));
        QCOMPARE(result.card.body.at(0).size, QString());
        QVERIFY(hasEntry(result, QStringLiteral("$.body[1]"), CardOutcome::Rendered));
        // An unknown enum value is named in the entry's detail (card check prints it).
        const auto size = std::find_if(
            result.entries.cbegin(), result.entries.cend(), [](const CardReportEntry &entry) {
                return entry.path == QLatin1String("$.body[0].size");
            });
        QVERIFY(size != result.entries.cend());
        QVERIFY2(size->detail.startsWith(QStringLiteral("\"huge\" is not one of ")),
            qPrintable(size->detail));
    }

    void outcomeNames()
    {
        QCOMPARE(CardParseResult::outcomeName(CardOutcome::Rendered), QStringLiteral("renders"));
        QCOMPARE(CardParseResult::outcomeName(CardOutcome::FellBack), QStringLiteral("falls back"));
        QCOMPARE(CardParseResult::outcomeName(CardOutcome::Dropped), QStringLiteral("dropped"));
        QCOMPARE(CardParseResult::outcomeName(CardOutcome::Ignored), QStringLiteral("ignored"));
    }
};

QTEST_GUILESS_MAIN(TestCards)
#include "tst_cards.moc"
