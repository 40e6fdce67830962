// The Tessera host extension `"tessera": {"secret": true}` on a TextBlock or a fact
// (docs/CARDS.md, "Secret text"): kept on the model, wrong types are problems with their JSON
// path, a secret TextBlock has no markdown links and keeps its text as written, and no secret is
// in the card's fallbackText or speak.
#include "cardtesting.h"

#include <QTest>

#include <algorithm>

using namespace tessera::cards;
using namespace tessera::cards::testing;

namespace {

QString problemAt(const CardParseResult &result, const QString &path)
{
    const auto found = std::find_if(result.problems.cbegin(), result.problems.cend(),
        [&](const CardProblem &problem) { return problem.path == path; });
    return found == result.problems.cend() ? QString() : found->message;
}

} // namespace

class TestCardsSecret : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void factSecret()
    {
        const CardParseResult result =
            parseBody("[{'type':'FactSet','facts':[{'title':'Network','value':'Guest'},"
                      "{'title':'Password','value':'abcd-efgh','tessera':{'secret':true}},"
                      "{'title':'Plain','value':'x','tessera':{'secret':false}},"
                      "{'title':'Empty','value':'y','tessera':{}}]}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const QList<Fact> &facts = result.card.body.at(0).facts;
        QCOMPARE(facts.size(), 4);
        QVERIFY(!facts.at(0).secret);
        QVERIFY(facts.at(1).secret);
        QCOMPARE(facts.at(1).value, QStringLiteral("abcd-efgh"));
        QVERIFY(!facts.at(2).secret);
        QVERIFY(!facts.at(3).secret);
    }

    void textBlockSecret()
    {
        const CardParseResult result =
            parseBody("[{'type':'TextBlock','text':'**pa*ss** _w0rd_','tessera':{'secret':true}},"
                      "{'type':'TextBlock','text':'**bold**'}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        const CardElement &secret = result.card.body.at(0);
        QVERIFY(secret.secret);
        QCOMPARE(secret.text, QStringLiteral("**pa*ss** _w0rd_"));
        // As written: one plain run, no markdown read into it.
        QCOMPARE(secret.markdown.size(), 1);
        QCOMPARE(secret.markdown.at(0).runs.size(), 1);
        QCOMPARE(secret.markdown.at(0).runs.at(0).text, QStringLiteral("**pa*ss** _w0rd_"));
        QVERIFY(!secret.markdown.at(0).runs.at(0).bold);
        // The extension is not "outside the subset" for a TextBlock.
        QVERIFY(!hasEntry(result, QStringLiteral("$.body[0].tessera"), CardOutcome::Ignored));
        const CardElement &plain = result.card.body.at(1);
        QVERIFY(!plain.secret);
        QVERIFY(plain.markdown.at(0).runs.at(0).bold);
    }

    void secretTextBlockRefusesLinks()
    {
        const CardParseResult result =
            parseBody("[{'type':'TextBlock','text':'see [here](https://wifi.example/p)',"
                      "'tessera':{'secret':true}}]");
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), QStringLiteral("$.body[0].text"));
        QCOMPARE(problemAt(result, QStringLiteral("$.body[0].text")),
            QStringLiteral("a secret TextBlock must not have markdown links"));
        // The same text without the flag is a valid card with a link.
        const CardParseResult open =
            parseBody("[{'type':'TextBlock','text':'see [here](https://wifi.example/p)'}]");
        QVERIFY2(open.isValid(), qPrintable(problemText(open)));
        QCOMPARE(open.card.links.size(), 1);
    }

    void wrongTypes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("TextBlock: tessera a bool")
            << QByteArray("[{'type':'TextBlock','text':'a','tessera':true}]")
            << QStringLiteral("$.body[0].tessera") << QStringLiteral("must be an object");
        QTest::newRow("TextBlock: tessera a string")
            << QByteArray("[{'type':'TextBlock','text':'a','tessera':'secret'}]")
            << QStringLiteral("$.body[0].tessera") << QStringLiteral("must be an object");
        QTest::newRow("TextBlock: secret a string")
            << QByteArray("[{'type':'TextBlock','text':'a','tessera':{'secret':'yes'}}]")
            << QStringLiteral("$.body[0].tessera.secret")
            << QStringLiteral("must be true or false");
        QTest::newRow("fact: tessera an array")
            << QByteArray("[{'type':'FactSet','facts':[{'title':'t','value':'v',"
                          "'tessera':[true]}]}]")
            << QStringLiteral("$.body[0].facts[0].tessera") << QStringLiteral("must be an object");
        QTest::newRow("fact: secret a number")
            << QByteArray("[{'type':'FactSet','facts':[{'title':'t','value':'v'},"
                          "{'title':'t','value':'v','tessera':{'secret':1}}]}]")
            << QStringLiteral("$.body[0].facts[1].tessera.secret")
            << QStringLiteral("must be true or false");
    }

    void wrongTypes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const CardParseResult result = parseBody(body.constData());
        QVERIFY(!result.isValid());
        QCOMPARE(firstProblemPath(result), path);
        QCOMPARE(problemAt(result, path), message);
    }

    // What other hosts show (fallbackText) or say (speak) instead must not give it away.
    void notInFallbackTextOrSpeak()
    {
        const CardParseResult inFallback =
            parseCard("{'type':'AdaptiveCard','version':'1.5','fallbackText':'Wi-Fi: abcd-efgh',"
                      "'body':[{'type':'FactSet','facts':[{'title':'Password','value':'abcd-efgh',"
                      "'tessera':{'secret':true}}]}]}");
        QVERIFY(!inFallback.isValid());
        QCOMPARE(firstProblemPath(inFallback), QStringLiteral("$.fallbackText"));
        const CardParseResult inSpeak =
            parseCard("{'type':'AdaptiveCard','version':'1.5','speak':'The code is 4711-9',"
                      "'body':[{'type':'TextBlock','text':'4711-9','tessera':{'secret':true}}]}");
        QVERIFY(!inSpeak.isValid());
        QCOMPARE(firstProblemPath(inSpeak), QStringLiteral("$.speak"));
        // Not secret, or not in them: valid.
        const CardParseResult open = parseCard(
            "{'type':'AdaptiveCard','version':'1.5','fallbackText':'Wi-Fi: abcd-efgh',"
            "'speak':'The office Wi-Fi','body':[{'type':'FactSet','facts':[{'title':'Password',"
            "'value':'abcd-efgh'},{'title':'Guest','value':'zzzz-yyyy','tessera':{'secret':true}}]}"
            "]}");
        QVERIFY2(open.isValid(), qPrintable(problemText(open)));
    }

    // Other properties of the extension are ignored (listed), as unknown properties are.
    void unknownExtensionProperty()
    {
        const CardParseResult result =
            parseBody("[{'type':'TextBlock','text':'a','tessera':{'secret':true,'blink':true}}]");
        QVERIFY2(result.isValid(), qPrintable(problemText(result)));
        QVERIFY(result.card.body.at(0).secret);
        QVERIFY(hasEntry(result, QStringLiteral("$.body[0].tessera.blink"), CardOutcome::Ignored));
    }
};

QTEST_GUILESS_MAIN(TestCardsSecret)
#include "tst_cards_secret.moc"
