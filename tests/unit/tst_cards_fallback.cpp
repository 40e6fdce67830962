// The spec's fallback rules: unknown elements and actions, `requires`, "drop", and an ancestor's
// fallback when an element inside it cannot render.
#include "cardtesting.h"

#include <QTest>

using namespace tessera::cards;
using namespace tessera::cards::testing;

class TestCardsFallback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unknownElementUsesItsFallback()
    {
        const CardParseResult result = parseBody("[{'type':'Carousel','pages':[],"
                                                 "'fallback':{'type':'TextBlock','text':'Old'}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.body.size(), std::size_t(1));
        QCOMPARE(result.card.body.at(0).type, ElementType::TextBlock);
        QCOMPARE(result.card.body.at(0).path, QStringLiteral("$.body[0].fallback"));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::FellBack));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].fallback"), CardOutcome::Rendered));
    }

    void dropIsDropped()
    {
        const CardParseResult result =
            parseBody("[{'type':'Carousel','fallback':'drop'},{'type':'TextBlock','text':'a'}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.body.size(), std::size_t(1));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::Dropped));
    }

    // Unknown, no fallback of its own and none above it: left out, the card still valid.
    void unknownWithoutFallbackIsDropped()
    {
        const CardParseResult result =
            parseBody("[{'type':'Container','items':[{'type':'Media','sources':[]},"
                      "{'type':'TextBlock','text':'kept'}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &container = result.card.body.at(0);
        QCOMPARE(container.items.size(), std::size_t(1));
        QCOMPARE(container.items.at(0).text, QStringLiteral("kept"));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].items[0]"), CardOutcome::Dropped));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::Rendered));
    }

    // Unknown with no fallback inside a container that has one: the container falls back, and
    // what it held is no longer listed as rendered.
    void ancestorFallsBack()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Container','fallback':{'type':'TextBlock','text':'instead'},'items':["
            "{'type':'TextBlock','text':'inner'},{'type':'ColumnSet','columns':[{'items':["
            "{'type':'Media'}]}]}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.body.size(), std::size_t(1));
        QCOMPARE(result.card.body.at(0).text, QStringLiteral("instead"));
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::FellBack));
        QVERIFY(!hasEntry(result, QStringLiteral("$.body[0].items[0]"), CardOutcome::Rendered));
    }

    // The nearest ancestor with a fallback is the one that falls back.
    void nearestAncestorFallsBack()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Container','fallback':'drop','items':[{'type':'Container','fallback':"
            "{'type':'TextBlock','text':'inner fallback'},'items':[{'type':'Media'}]}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &outer = result.card.body.at(0);
        QCOMPARE(outer.type, ElementType::Container);
        QCOMPARE(outer.items.at(0).text, QStringLiteral("inner fallback"));
    }

    void fallbackChain()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Media','fallback':{'type':'Carousel','fallback':{'type':'TextBlock',"
            "'text':'last'}}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.body.at(0).path, QStringLiteral("$.body[0].fallback.fallback"));
    }

    void requiresChecksVersionAndFeatures_data()
    {
        QTest::addColumn<QString>("needs");
        QTest::addColumn<bool>("renders");
        QTest::newRow("older version") << QStringLiteral("{'adaptiveCards':'1.2'}") << true;
        QTest::newRow("same version") << QStringLiteral("{'adaptiveCards':'1.5'}") << true;
        QTest::newRow("newer version") << QStringLiteral("{'adaptiveCards':'1.6'}") << false;
        QTest::newRow("a feature the host has") << QStringLiteral("{'tessera.mask':'1.0'}") << true;
        QTest::newRow("any version of it") << QStringLiteral("{'tessera.mask':'*'}") << true;
        QTest::newRow("a newer feature version")
            << QStringLiteral("{'tessera.mask':'2.0'}") << false;
        QTest::newRow("an unknown feature") << QStringLiteral("{'acme.thing':'1.0'}") << false;
        QTest::newRow("nothing") << QStringLiteral("{}") << true;
    }
    void requiresChecksVersionAndFeatures()
    {
        QFETCH(QString, needs);
        CardParserOptions options;
        options.features.insert(QStringLiteral("tessera.mask"), QStringLiteral("1.1"));
        const QByteArray body = "[{'type':'TextBlock','text':'new','requires':" + needs.toUtf8()
            + ",'fallback':{'type':'TextBlock','text':'old'}}]";
        const CardParseResult result = parseBody(body.constData(), options);
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QFETCH(bool, renders);
        QCOMPARE(
            result.card.body.at(0).text, renders ? QStringLiteral("new") : QStringLiteral("old"));
    }

    void requiresUnmetWithoutFallbackIsDropped()
    {
        const CardParseResult result =
            parseBody("[{'type':'TextBlock','text':'new','requires':{'adaptiveCards':'2.0'}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QVERIFY(result.card.body.empty());
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0]"), CardOutcome::Dropped));
    }

    // The report says which need the host does not meet (card check prints it).
    void requiresUnmetNamesTheNeed()
    {
        CardParserOptions options;
        options.features.insert(QStringLiteral("tessera.mask"), QStringLiteral("1.1"));
        const CardParseResult result = parseBody(
            "[{'type':'TextBlock','text':'a','requires':{'adaptiveCards':'1.6'},'fallback':'drop'},"
            "{'type':'TextBlock','text':'b','requires':{'acme.thing':'1.0'}},"
            "{'type':'ActionSet','actions':[{'type':'Action.Submit','requires':"
            "{'tessera.mask':'2.0'}}]}]",
            options);
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QStringList details;
        for (const CardReportEntry &entry : result.entries) {
            if (entry.outcome == CardOutcome::Dropped)
                details.append(entry.path + QStringLiteral(": ") + entry.detail);
        }
        QCOMPARE(details,
            QStringList(
                { QStringLiteral("$.body[0]: requires adaptiveCards 1.6, this host has 1.5"),
                    QStringLiteral("$.body[1]: requires acme.thing 1.0, which this host does not "
                                   "have, no fallback"),
                    QStringLiteral(
                        "$.body[2].actions[0]: requires tessera.mask 2.0, this host has 1.1") }));
    }

    void badFallbackAndRequires()
    {
        const CardParseResult result =
            parseBody("[{'type':'Media','fallback':3},"
                      "{'type':'TextBlock','text':'a','requires':[]},"
                      "{'type':'TextBlock','text':'a','requires':{'x':1}}]");
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.body[0].fallback"));
        QVERIFY(hasProblem(result, QStringLiteral("$.body[1].requires")));
        QVERIFY(hasProblem(result, QStringLiteral("$.body[2].requires.x")));
    }

    // A fallback not used here would be used by an older host: it is held to the same rules.
    void unusedFallbackIsChecked()
    {
        const CardParseResult result =
            parseBody("[{'type':'TextBlock','text':'a','fallback':{'type':'Image','url':'http://"
                      "x.example/'}},"
                      "{'type':'TextBlock','text':'b','fallback':true}]");
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.body[0].fallback.url"));
        QVERIFY(hasProblem(result, QStringLiteral("$.body[1].fallback")));
        QCOMPARE(result.card.body.size(), std::size_t(2));
        QVERIFY(!hasEntry(result, QStringLiteral("$.body[0].fallback"), CardOutcome::Rendered));
    }

    // A fallback commonly repeats the input it replaces: the id is not a duplicate.
    void fallbackInputKeepsItsId()
    {
        const CardParseResult result = parseBody(
            "[{'type':'Input.Rating','id':'score','fallback':{'type':'Input.Number','id':'score',"
            "'min':1,'max':5}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.inputs().size(), 1);
    }

    void actionFallback()
    {
        const CardParseResult result = parseCard(
            "{'type':'AdaptiveCard','version':'1.5','actions':["
            "{'type':'Action.Popover','fallback':{'type':'Action.Submit','title':'Send'}},"
            "{'type':'Action.Popover','fallback':'drop'},{'type':'Action.Popover'},"
            "{'type':'Action.Submit','requires':{'adaptiveCards':'9.0'},"
            "'fallback':{'type':'Action.OpenUrl','url':'https://hr.example/'}}]}");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QCOMPARE(result.card.actions.size(), std::size_t(2));
        QCOMPARE(result.card.actions.at(0).path, QStringLiteral("$.actions[0].fallback"));
        QCOMPARE(result.card.actions.at(1).type, ActionType::OpenUrl);
        QVERIFY(hasEntry(result, QStringLiteral("$.actions[0]"), CardOutcome::FellBack));
        QVERIFY(hasEntry(result, QStringLiteral("$.actions[1]"), CardOutcome::Dropped));
        QVERIFY(hasEntry(result, QStringLiteral("$.actions[2]"), CardOutcome::Dropped));
    }

    // A selectAction cannot show a card (the spec leaves ShowCard out there).
    void showCardIsNoSelectAction()
    {
        const CardParseResult result =
            parseBody("[{'type':'Container','items':[],'selectAction':{'type':'Action.ShowCard',"
                      "'card':{'type':'AdaptiveCard','body':[]}}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QVERIFY(!result.card.body.at(0).selectAction);
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].selectAction"), CardOutcome::Dropped));
    }

    void cardVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("valid");
        QTest::newRow("1.0") << QStringLiteral("'1.0'") << true;
        QTest::newRow("1.5") << QStringLiteral("'1.5'") << true;
        QTest::newRow("1.6") << QStringLiteral("'1.6'") << false;
        QTest::newRow("2.0") << QStringLiteral("'2.0'") << false;
        QTest::newRow("text") << QStringLiteral("'new'") << false;
        QTest::newRow("number") << QStringLiteral("1.5") << false;
    }
    void cardVersion()
    {
        QFETCH(QString, version);
        const QByteArray card =
            "{'type':'AdaptiveCard','version':" + version.toUtf8() + ",'body':[]}";
        const CardParseResult result = parseCard(card.constData());
        QFETCH(bool, valid);
        QCOMPARE(result.isValid(), valid);
        if (!valid)
            QCOMPARE(firstProblemPath(result), QStringLiteral("$.version"));
    }
};

QTEST_GUILESS_MAIN(TestCardsFallback)
#include "tst_cards_fallback.moc"
