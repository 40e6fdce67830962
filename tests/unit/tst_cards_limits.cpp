// What makes a card invalid, each with the JSON path of the problem: size, depth, element count,
// duplicate input ids, links (https only, allowed hosts), HTML, wrong types, bad input rules.
#include "cards/cardlimits.h"
#include "cardtesting.h"

#include <QTest>

using namespace tessera::cards;
using namespace tessera::cards::testing;

namespace {

// Containers nested `levels` deep, a TextBlock in the innermost.
QByteArray nestedContainers(int levels)
{
    QByteArray body = "{'type':'TextBlock','text':'deep'}";
    for (int i = 0; i < levels; ++i)
        body = "{'type':'Container','items':[" + body + "]}";
    return "[" + body + "]";
}

QString nestedPath(int levels)
{
    QString path = QStringLiteral("$.body[0]");
    for (int i = 0; i < levels; ++i)
        path += QStringLiteral(".items[0]");
    return path;
}

QByteArray textBlocks(int count)
{
    QByteArray body = "[";
    for (int i = 0; i < count; ++i)
        body += QByteArray(i ? "," : "") + "{'type':'TextBlock','text':'x'}";
    return body + "]";
}

} // namespace

class TestCardsLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tooLarge()
    {
        const QByteArray text(maxCardBytes, 'a');
        const QByteArray card = json("{'type':'AdaptiveCard','version':'1.5','body':[{'type':"
                                     "'TextBlock','text':'")
            + text + json("'}]}");
        const CardParseResult result = CardParser().parse(card);
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$"));
        QVERIFY(result.problems.at(0).message.contains(QStringLiteral("64 KiB")));
    }

    void notACard_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not JSON") << QByteArrayLiteral("{\"type\":");
        QTest::newRow("an array") << QByteArrayLiteral("[]");
        QTest::newRow("a string") << QByteArrayLiteral("\"card\"");
        QTest::newRow("another type") << QByteArrayLiteral("{\"type\":\"MessageCard\"}");
    }
    void notACard()
    {
        QFETCH(QByteArray, json);
        const CardParseResult result = CardParser().parse(json);
        QVERIFY(!result.isValid());
        QVERIFY(firstProblemPath(result).startsWith(QStringLiteral("$")));
    }

    void depth()
    {
        // The body is level 1: 15 containers around a TextBlock make 16 levels.
        QVERIFY(parseBody(nestedContainers(maxCardDepth - 1).constData()).isValid());
        const CardParseResult result = parseBody(nestedContainers(maxCardDepth).constData());
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), nestedPath(maxCardDepth));
        // Far deeper than that: refused the same way, without recursing all the way down.
        const CardParseResult deep = parseBody(nestedContainers(400).constData());
        QCOMPARE(firstProblemPath(deep), nestedPath(maxCardDepth));
    }

    void depthThroughShowCards()
    {
        QByteArray card = "{'type':'AdaptiveCard','body':[]}";
        for (int i = 0; i < maxCardDepth; ++i)
            card = "{'type':'AdaptiveCard','version':'1.5','actions':[{'type':'Action.ShowCard',"
                   "'card':"
                + card + "}]}";
        const CardParseResult result = parseCard(card.constData());
        QVERIFY(!result.isValid());
        // Each ShowCard is two levels: its action and its card.
        QString path = QStringLiteral("$");
        for (int level = 1; level <= maxCardDepth; level += 2)
            path += QStringLiteral(".actions[0].card");
        QCOMPARE(firstProblemPath(result), path + QStringLiteral(".actions[0]"));
        QVERIFY(result.problems.at(0).message.contains(QStringLiteral("deeper")));
    }

    void elementCount()
    {
        QVERIFY(parseBody(textBlocks(maxCardElements).constData()).isValid());
        const CardParseResult result = parseBody(textBlocks(maxCardElements + 1).constData());
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.body[500]"));
    }

    void duplicateInputIds()
    {
        const CardParseResult result = parseCard(
            "{'type':'AdaptiveCard','version':'1.5','body':[{'type':'Input.Text','id':'a'},"
            "{'type':'Container','items':[{'type':'Input.Number','id':'b'}]}],'actions':[{"
            "'type':'Action.ShowCard','card':{'type':'AdaptiveCard','body':[{'type':"
            "'Input.Toggle','id':'a','title':'t'}]}}]}");
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.actions[0].card.body[0].id"));
        QCOMPARE(result.problems.size(), 1);
    }

    void links_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("image over http")
            << QByteArray("[{'type':'Image','url':'http://m.example/a.png'}]")
            << QStringLiteral("$.body[0].url");
        QTest::newRow("image as data")
            << QByteArray("[{'type':'Image','url':'data:image/png;base64,AAAA'}]")
            << QStringLiteral("$.body[0].url");
        QTest::newRow("image without url")
            << QByteArray("[{'type':'Image'}]") << QStringLiteral("$.body[0].url");
        QTest::newRow("open url over http")
            << QByteArray("[{'type':'ActionSet','actions':[{'type':'Action.OpenUrl',"
                          "'url':'http://hr.example/'}]}]")
            << QStringLiteral("$.body[0].actions[0].url");
        QTest::newRow("select action to javascript")
            << QByteArray("[{'type':'Container','items':[],'selectAction':{'type':"
                          "'Action.OpenUrl','url':'javascript:alert(1)'}}]")
            << QStringLiteral("$.body[0].selectAction.url");
        QTest::newRow("markdown link over http")
            << QByteArray("[{'type':'TextBlock','text':'see [this](http://hr.example/) now'}]")
            << QStringLiteral("$.body[0].text");
        QTest::newRow("user info")
            << QByteArray("[{'type':'Image','url':'https://u:p@m.example/a.png'}]")
            << QStringLiteral("$.body[0].url");
        QTest::newRow("deep in columns")
            << QByteArray("[{'type':'TextBlock','text':'ok'},{'type':'Container','items':[]},"
                          "{'type':'ColumnSet','columns':[{'items':[{'type':'TextBlock','text':"
                          "'a'},{'type':'Image','url':'ftp://m.example/a'}]}]}]")
            << QStringLiteral("$.body[2].columns[0].items[1].url");
    }
    void links()
    {
        QFETCH(QByteArray, body);
        const CardParseResult result = parseBody(body.constData());
        QVERIFY(!result.isValid());
        QTEST(firstProblemPath(result), "path");
    }

    void allowedHosts()
    {
        CardParserOptions options;
        options.allowedHosts = QStringList { QStringLiteral("media.tessera.example") };
        const char *body = "[{'type':'Image','url':'https://MEDIA.tessera.example/a.png'},"
                           "{'type':'Image','url':'https://tracker.example/pixel.gif'}]";
        const CardParseResult result = parseBody(body, options);
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.body[1].url"));
        QVERIFY(result.problems.at(0).message.contains(QStringLiteral("tracker.example")));
        // Unset: any https host (the offline check).
        QVERIFY(parseBody(body).isValid());
    }

    void html_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("text block") << QByteArray("[{'type':'TextBlock','text':'<b>hi</b>'}]")
                                    << QStringLiteral("$.body[0].text");
        QTest::newRow("closing tag") << QByteArray("[{'type':'TextBlock','text':'a</p>'}]")
                                     << QStringLiteral("$.body[0].text");
        QTest::newRow("comment") << QByteArray("[{'type':'TextBlock','text':'<!-- x -->'}]")
                                 << QStringLiteral("$.body[0].text");
        QTest::newRow("text run") << QByteArray("[{'type':'RichTextBlock','inlines':[{'type':"
                                                "'TextRun','text':'<img src=x>'}]}]")
                                  << QStringLiteral("$.body[0].inlines[0].text");
        QTest::newRow("inline string")
            << QByteArray("[{'type':'RichTextBlock','inlines':['<script>']}]")
            << QStringLiteral("$.body[0].inlines[0]");
        QTest::newRow("fact") << QByteArray("[{'type':'FactSet','facts':[{'title':'a',"
                                            "'value':'<i>b</i>'}]}]")
                              << QStringLiteral("$.body[0].facts[0].value");
        QTest::newRow("label") << QByteArray("[{'type':'Input.Text','id':'a','label':'<u>x'}]")
                               << QStringLiteral("$.body[0].label");
        QTest::newRow("choice") << QByteArray("[{'type':'Input.ChoiceSet','id':'a','choices':["
                                              "{'title':'<b>x','value':'x'}]}]")
                                << QStringLiteral("$.body[0].choices[0].title");
        QTest::newRow("action title") << QByteArray("[{'type':'ActionSet','actions':[{'type':"
                                                    "'Action.Submit','title':'<a href=x>'}]}]")
                                      << QStringLiteral("$.body[0].actions[0].title");
    }
    void html()
    {
        QFETCH(QByteArray, body);
        const CardParseResult result = parseBody(body.constData());
        QVERIFY(!result.isValid());
        QTEST(firstProblemPath(result), "path");
    }

    void lessThanIsNotHtml()
    {
        QVERIFY(parseBody("[{'type':'TextBlock','text':'1 < 2 and 3 <= 4'}]").isValid());
    }

    void inputRules_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("no id") << QByteArray("[{'type':'Input.Text'}]")
                               << QStringLiteral("$.body[0].id");
        QTest::newRow("bad regex") << QByteArray("[{'type':'Input.Text','id':'a','regex':'(a'}]")
                                   << QStringLiteral("$.body[0].regex");
        // Each compiles alone but not inside the anchored group the validator matches.
        QTest::newRow("regex quoting to its end")
            << QByteArray("[{'type':'Input.Text','id':'a','regex':'\\\\Qabc'}]")
            << QStringLiteral("$.body[0].regex");
        QTest::newRow("regex commenting to its end")
            << QByteArray("[{'type':'Input.Text','id':'a','regex':'(?x)a#'}]")
            << QStringLiteral("$.body[0].regex");
        QTest::newRow("regex raising its own limit")
            << QByteArray("[{'type':'Input.Text','id':'a','regex':'(*LIMIT_MATCH=99999999)a'}]")
            << QStringLiteral("$.body[0].regex");
        QTest::newRow("long regex") << "[{'type':'Input.Text','id':'a','regex':'"
                + QByteArray(maxRegexLength + 1, 'a')
                + "'}]" << QStringLiteral("$.body[0].regex");
        QTest::newRow("number min above max")
            << QByteArray("[{'type':'Input.Number','id':'a','min':5,'max':1}]")
            << QStringLiteral("$.body[0].min");
        QTest::newRow("date in another form")
            << QByteArray("[{'type':'Input.Date','id':'a','min':'01/02/2026'}]")
            << QStringLiteral("$.body[0].min");
        QTest::newRow("no such date")
            << QByteArray("[{'type':'Input.Date','id':'a','value':'2026-02-30'}]")
            << QStringLiteral("$.body[0].value");
        QTest::newRow("time with seconds")
            << QByteArray("[{'type':'Input.Time','id':'a','max':'10:00:00'}]")
            << QStringLiteral("$.body[0].max");
        QTest::newRow("time min after max")
            << QByteArray("[{'type':'Input.Time','id':'a','min':'18:00','max':'08:00'}]")
            << QStringLiteral("$.body[0].min");
        QTest::newRow("choice without value")
            << QByteArray("[{'type':'Input.ChoiceSet','id':'a','choices':[{'title':'x'}]}]")
            << QStringLiteral("$.body[0].choices[0]");
        QTest::newRow("negative max length")
            << QByteArray("[{'type':'Input.Text','id':'a','maxLength':-1}]")
            << QStringLiteral("$.body[0].maxLength");
    }
    void inputRules()
    {
        QFETCH(QByteArray, body);
        const CardParseResult result = parseBody(body.constData());
        QVERIFY(!result.isValid());
        QTEST(firstProblemPath(result), "path");
    }

    void wrongTypes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("body") << QByteArray("{}") << QStringLiteral("$.body");
        QTest::newRow("element") << QByteArray("[3]") << QStringLiteral("$.body[0]");
        QTest::newRow("no type") << QByteArray("[{}]") << QStringLiteral("$.body[0].type");
        QTest::newRow("text") << QByteArray("[{'type':'TextBlock','text':5}]")
                              << QStringLiteral("$.body[0].text");
        QTest::newRow("wrap") << QByteArray("[{'type':'TextBlock','text':'a','wrap':'yes'}]")
                              << QStringLiteral("$.body[0].wrap");
        QTest::newRow("items") << QByteArray("[{'type':'Container','items':{}}]")
                               << QStringLiteral("$.body[0].items");
        QTest::newRow("columns") << QByteArray(
            "[{'type':'ColumnSet','columns':[{'type':'Image'}]}]")
                                 << QStringLiteral("$.body[0].columns[0].type");
        QTest::newRow("facts") << QByteArray("[{'type':'FactSet','facts':[[]]}]")
                               << QStringLiteral("$.body[0].facts[0]");
        QTest::newRow("rows") << QByteArray("[{'type':'Table','rows':[{'cells':5}]}]")
                              << QStringLiteral("$.body[0].rows[0].cells");
        QTest::newRow("actions") << QByteArray("[{'type':'ActionSet','actions':'go'}]")
                                 << QStringLiteral("$.body[0].actions");
        QTest::newRow("show card") << QByteArray("[{'type':'ActionSet','actions':[{'type':"
                                                 "'Action.ShowCard','card':[]}]}]")
                                   << QStringLiteral("$.body[0].actions[0].card");
        QTest::newRow("targets") << QByteArray("[{'type':'ActionSet','actions':[{'type':"
                                               "'Action.ToggleVisibility','targetElements':[1]}]}]")
                                 << QStringLiteral("$.body[0].actions[0].targetElements[0]");
        QTest::newRow("target visibility")
            << QByteArray("[{'type':'ActionSet','actions':[{'type':'Action.ToggleVisibility',"
                          "'targetElements':[{'elementId':'a','isVisible':'no'}]}]}]")
            << QStringLiteral("$.body[0].actions[0].targetElements[0].isVisible");
        QTest::newRow("min") << QByteArray("[{'type':'Input.Number','id':'a','min':'1'}]")
                             << QStringLiteral("$.body[0].min");
        QTest::newRow("choices") << QByteArray("[{'type':'Input.ChoiceSet','id':'a','choices':{}}]")
                                 << QStringLiteral("$.body[0].choices");
    }
    void wrongTypes()
    {
        QFETCH(QByteArray, body);
        const CardParseResult result = parseBody(body.constData());
        QVERIFY(!result.isValid());
        QTEST(firstProblemPath(result), "path");
    }

    // A required property of the wrong type is one problem (its type), not also "is required";
    // absent or null is "is required".
    void requiredTextOfAnotherType()
    {
        const CardParseResult wrong = parseBody("[{'type':'TextBlock','text':5}]");
        QCOMPARE(wrong.problems.size(), 1);
        QCOMPARE(wrong.problems.at(0).path, QStringLiteral("$.body[0].text"));
        QCOMPARE(wrong.problems.at(0).message, QStringLiteral("must be a string"));
        for (const char *body :
            { "[{'type':'TextBlock'}]", "[{'type':'TextBlock','text':null}]" }) {
            const CardParseResult missing = parseBody(body);
            QCOMPARE(missing.problems.size(), 1);
            QCOMPARE(missing.problems.at(0).path, QStringLiteral("$.body[0].text"));
            QCOMPARE(missing.problems.at(0).message, QStringLiteral("is required"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCardsLimits)
#include "tst_cards_limits.moc"
