// CardDocument: the maps the QML card view reads (qml/src/cards/carddocument.h) for every element
// and action of the subset, the inputs an "auto" Submit sends (its card's and its parents'), the
// links as indexes, what an invalid card answers, and the JSON given as text, bytes or an object.

#include "cards/carddocument.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using tessera::CardDocument;

namespace {

QByteArray cardFile(const char *name)
{
    QFile file(QStringLiteral(TESSERA_CARDS_DIR "/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the sample card %s", name);
    return file.readAll();
}

QByteArray card(const char *body, const char *actions = "[]")
{
    return QByteArrayLiteral(R"({"type":"AdaptiveCard","version":"1.5","body":)") + QByteArray(body)
        + QByteArrayLiteral(R"(,"actions":)") + QByteArray(actions) + '}';
}

QVariantMap find(const QVariantList &elements, const QString &id)
{
    for (const QVariant &value : elements) {
        QVariantMap element = value.toMap();
        if (element.value(QStringLiteral("id")).toString() == id)
            return element;
        QVariantMap inner = find(element.value(QStringLiteral("items")).toList(), id);
        if (!inner.isEmpty())
            return inner;
    }
    return {};
}

} // namespace

class TestCardDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayCard()
    {
        CardDocument document;
        QSignalSpy changed(&document, &CardDocument::changed);
        document.setJson(cardFile("display.json"));
        QCOMPARE(changed.count(), 1);
        QVERIFY2(document.isValid(), qPrintable(QVariant(document.problems()).toString()));
        QVERIFY(document.problems().isEmpty());
        const QVariantList body = document.body();

        const QVariantMap title = body.at(0).toMap();
        QCOMPARE(title.value(QStringLiteral("type")).toString(), QStringLiteral("TextBlock"));
        QCOMPARE(title.value(QStringLiteral("style")).toString(), QStringLiteral("heading"));
        QCOMPARE(title.value(QStringLiteral("isVisible")).toBool(), true);
        QCOMPARE(title.value(QStringLiteral("spacing")).toString(), QStringLiteral("default"));
        QCOMPARE(title.value(QStringLiteral("wrap")).toBool(), true);

        // Markdown as blocks of runs; the link is an index into links, not a URL.
        const QVariantList blocks =
            find(body, QStringLiteral("intro")).value(QStringLiteral("blocks")).toList();
        QCOMPARE(blocks.size(), 5);
        const QVariantMap first = blocks.at(0).toMap();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("paragraph"));
        const QVariantList runs = first.value(QStringLiteral("runs")).toList();
        QCOMPARE(
            runs.at(1).toMap().value(QStringLiteral("text")).toString(), QStringLiteral("12 days"));
        QCOMPARE(runs.at(1).toMap().value(QStringLiteral("bold")).toBool(), true);
        QCOMPARE(runs.at(3).toMap().value(QStringLiteral("italic")).toBool(), true);
        bool sawLink = false;
        for (const QVariant &run : runs) {
            const int link = run.toMap().value(QStringLiteral("link")).toInt();
            if (link >= 0) {
                sawLink = true;
                QCOMPARE(
                    document.links().value(link), QStringLiteral("https://hr.example.com/policy"));
                QCOMPARE(run.toMap().value(QStringLiteral("text")).toString(),
                    QStringLiteral("leave policy"));
                QCOMPARE(document.linkHost(link), QStringLiteral("hr.example.com"));
            }
        }
        QVERIFY(sawLink);
        QCOMPARE(blocks.at(1).toMap().value(QStringLiteral("kind")).toString(),
            QStringLiteral("bullet"));
        QCOMPARE(blocks.at(3).toMap().value(QStringLiteral("kind")).toString(),
            QStringLiteral("numbered"));
        QCOMPARE(blocks.at(4).toMap().value(QStringLiteral("number")).toInt(), 2);
        QCOMPARE(document.linkHost(99), QString());

        // RichTextBlock runs, with a selectAction as an action map.
        const QVariantList inlines =
            find(body, QStringLiteral("rich")).value(QStringLiteral("inlines")).toList();
        QCOMPARE(inlines.at(1).toMap().value(QStringLiteral("weight")).toString(),
            QStringLiteral("bolder"));
        const QVariantMap toggle =
            inlines.constLast().toMap().value(QStringLiteral("selectAction")).toMap();
        QCOMPARE(toggle.value(QStringLiteral("type")).toString(),
            QStringLiteral("Action.ToggleVisibility"));
        const QVariantMap target =
            toggle.value(QStringLiteral("targetElements")).toList().at(0).toMap();
        QCOMPARE(target.value(QStringLiteral("elementId")).toString(), QStringLiteral("details"));
        QVERIFY(!target.value(QStringLiteral("isVisible")).isValid()); // toggle

        // A hidden container with its items.
        const QVariantMap details = find(body, QStringLiteral("details"));
        QCOMPARE(details.value(QStringLiteral("type")).toString(), QStringLiteral("Container"));
        QCOMPARE(details.value(QStringLiteral("isVisible")).toBool(), false);
        QCOMPARE(details.value(QStringLiteral("style")).toString(), QStringLiteral("emphasis"));
        QCOMPARE(details.value(QStringLiteral("items")).toList().size(), 1);

        // A ColumnSet's columns under items, with their widths; an Image's url as a link.
        const QVariantList columns =
            find(body, QStringLiteral("columns")).value(QStringLiteral("items")).toList();
        QCOMPARE(columns.size(), 3);
        QCOMPARE(columns.at(0).toMap().value(QStringLiteral("type")).toString(),
            QStringLiteral("Column"));
        QCOMPARE(columns.at(0).toMap().value(QStringLiteral("width")).toString(),
            QStringLiteral("auto"));
        QCOMPARE(columns.at(2).toMap().value(QStringLiteral("width")).toString(),
            QStringLiteral("80px"));
        const QVariantMap avatar =
            columns.at(0).toMap().value(QStringLiteral("items")).toList().at(0).toMap();
        QCOMPARE(avatar.value(QStringLiteral("type")).toString(), QStringLiteral("Image"));
        QCOMPARE(avatar.value(QStringLiteral("style")).toString(), QStringLiteral("person"));
        QCOMPARE(avatar.value(QStringLiteral("size")).toString(), QStringLiteral("small"));
        QCOMPARE(document.links().value(avatar.value(QStringLiteral("url")).toInt()),
            QStringLiteral("https://hr.example.com/avatar.png"));

        const QVariantList facts =
            find(body, QStringLiteral("facts")).value(QStringLiteral("facts")).toList();
        QCOMPARE(facts.size(), 3);
        QCOMPARE(facts.at(0).toMap().value(QStringLiteral("title")).toString(),
            QStringLiteral("Annual"));

        const QVariantMap table = find(body, QStringLiteral("table"));
        QCOMPARE(table.value(QStringLiteral("gridStyle")).toString(), QStringLiteral("accent"));
        QCOMPARE(table.value(QStringLiteral("columns"))
                     .toList()
                     .at(2)
                     .toMap()
                     .value(QStringLiteral("width"))
                     .toString(),
            QStringLiteral("60px"));
        const QVariantList rows = table.value(QStringLiteral("items")).toList();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).toMap().value(QStringLiteral("type")).toString(),
            QStringLiteral("TableRow"));
        QCOMPARE(rows.at(0)
                     .toMap()
                     .value(QStringLiteral("items"))
                     .toList()
                     .at(0)
                     .toMap()
                     .value(QStringLiteral("type"))
                     .toString(),
            QStringLiteral("TableCell"));

        // The unknown Media fell back to its TextBlock; the Carousel without one is left out.
        QVERIFY(!find(body, QStringLiteral("fallbackText")).isEmpty());
        for (const QVariant &element : body)
            QVERIFY(element.toMap().value(QStringLiteral("type")).toString() != u"Carousel");

        // The card's actions.
        const QVariantList actions = document.actions();
        QCOMPARE(actions.size(), 5);
        const QVariantMap submit = actions.at(0).toMap();
        QCOMPARE(submit.value(QStringLiteral("type")).toString(), QStringLiteral("Action.Submit"));
        QCOMPARE(submit.value(QStringLiteral("style")).toString(), QStringLiteral("positive"));
        QCOMPARE(
            submit.value(QStringLiteral("data")).toMap().value(QStringLiteral("kind")).toString(),
            QStringLiteral("refresh"));
        QCOMPARE(actions.at(1).toMap().value(QStringLiteral("verb")).toString(),
            QStringLiteral("askHr"));
        QCOMPARE(document.links().value(actions.at(2).toMap().value(QStringLiteral("url")).toInt()),
            QStringLiteral("https://hr.example.com/policy"));
        const QVariantMap showCard = actions.at(3).toMap().value(QStringLiteral("card")).toMap();
        QCOMPARE(showCard.value(QStringLiteral("body"))
                     .toList()
                     .at(0)
                     .toMap()
                     .value(QStringLiteral("id"))
                     .toString(),
            QStringLiteral("shownText"));
        QCOMPARE(showCard.value(QStringLiteral("actions"))
                     .toList()
                     .at(0)
                     .toMap()
                     .value(QStringLiteral("data"))
                     .toString(),
            QStringLiteral("inner"));
        QCOMPARE(actions.at(4).toMap().value(QStringLiteral("isEnabled")).toBool(), false);
    }

    void inputsAndTheirSubmits()
    {
        CardDocument document;
        document.setJson(
            card(R"([{"type":"Input.Text","id":"reason","label":"Reason","isRequired":true,
                "maxLength":5,"isMultiline":true,"placeholder":"Why","errorMessage":"Say why","style":"email"},
            {"type":"Input.Number","id":"days","min":1,"max":10,"value":2},
            {"type":"Input.Date","id":"from","min":"2026-01-01","max":"2026-12-31"},
            {"type":"Input.Toggle","id":"half","title":"Half day","valueOn":"yes","valueOff":"no"},
            {"type":"Input.ChoiceSet","id":"kind","isMultiSelect":true,"style":"expanded",
                "choices":[{"title":"Annual","value":"annual"},{"title":"Sick","value":"sick"}]},
            {"type":"ActionSet","actions":[{"type":"Action.ShowCard","title":"More","card":{"type":"AdaptiveCard",
                "body":[{"type":"Input.Text","id":"note"}],
                "actions":[{"type":"Action.Submit","id":"inner"},{"type":"Action.Submit","id":"none","associatedInputs":"none"}]}}]}])",
                R"([{"type":"Action.Execute","id":"send","verb":"apply"}])"));
        QVERIFY2(document.isValid(), qPrintable(QVariant(document.problems()).toString()));
        const QVariantMap reason = find(document.body(), QStringLiteral("reason"));
        QCOMPARE(reason.value(QStringLiteral("type")).toString(), QStringLiteral("Input.Text"));
        const QVariantMap input = reason.value(QStringLiteral("input")).toMap();
        QCOMPARE(input.value(QStringLiteral("label")).toString(), QStringLiteral("Reason"));
        QCOMPARE(input.value(QStringLiteral("placeholder")).toString(), QStringLiteral("Why"));
        QCOMPARE(input.value(QStringLiteral("errorMessage")).toString(), QStringLiteral("Say why"));
        QCOMPARE(input.value(QStringLiteral("isRequired")).toBool(), true);
        QCOMPARE(input.value(QStringLiteral("isMultiline")).toBool(), true);
        QCOMPARE(input.value(QStringLiteral("maxLength")).toInt(), 5);
        QCOMPARE(input.value(QStringLiteral("textStyle")).toString(), QStringLiteral("email"));
        const QVariantMap days =
            find(document.body(), QStringLiteral("days")).value(QStringLiteral("input")).toMap();
        QCOMPARE(days.value(QStringLiteral("minNumber")).toDouble(), 1.0);
        QCOMPARE(days.value(QStringLiteral("maxNumber")).toDouble(), 10.0);
        QCOMPARE(days.value(QStringLiteral("value")).toString(), QStringLiteral("2"));
        QVERIFY(!input.value(QStringLiteral("minNumber")).isValid());
        const QVariantMap from =
            find(document.body(), QStringLiteral("from")).value(QStringLiteral("input")).toMap();
        QCOMPARE(from.value(QStringLiteral("minText")).toString(), QStringLiteral("2026-01-01"));
        QCOMPARE(from.value(QStringLiteral("maxText")).toString(), QStringLiteral("2026-12-31"));
        const QVariantMap half =
            find(document.body(), QStringLiteral("half")).value(QStringLiteral("input")).toMap();
        QCOMPARE(half.value(QStringLiteral("title")).toString(), QStringLiteral("Half day"));
        QCOMPARE(half.value(QStringLiteral("valueOn")).toString(), QStringLiteral("yes"));
        QCOMPARE(half.value(QStringLiteral("valueOff")).toString(), QStringLiteral("no"));
        const QVariantMap kind =
            find(document.body(), QStringLiteral("kind")).value(QStringLiteral("input")).toMap();
        QCOMPARE(kind.value(QStringLiteral("isMultiSelect")).toBool(), true);
        QCOMPARE(kind.value(QStringLiteral("choiceStyle")).toString(), QStringLiteral("expanded"));
        QCOMPARE(kind.value(QStringLiteral("choices"))
                     .toList()
                     .at(1)
                     .toMap()
                     .value(QStringLiteral("value"))
                     .toString(),
            QStringLiteral("sick"));

        // The card's Execute sends the card's inputs, not the ShowCard's; the ShowCard's Submit
        // sends its own and its parent's; associatedInputs "none" sends none.
        const QStringList outer = { QStringLiteral("reason"), QStringLiteral("days"),
            QStringLiteral("from"), QStringLiteral("half"), QStringLiteral("kind") };
        const QVariantMap send = document.actions().at(0).toMap();
        QCOMPARE(send.value(QStringLiteral("inputIds")).toStringList(), outer);
        QCOMPARE(send.value(QStringLiteral("verb")).toString(), QStringLiteral("apply"));
        const QVariantMap showCard = document.body()
                                         .constLast()
                                         .toMap()
                                         .value(QStringLiteral("actions"))
                                         .toList()
                                         .at(0)
                                         .toMap()
                                         .value(QStringLiteral("card"))
                                         .toMap();
        const QVariantList inner = showCard.value(QStringLiteral("actions")).toList();
        QCOMPARE(inner.at(0).toMap().value(QStringLiteral("inputIds")).toStringList(),
            outer + QStringList { QStringLiteral("note") });
        QCOMPARE(
            inner.at(1).toMap().value(QStringLiteral("inputIds")).toStringList(), QStringList());
        QVERIFY(!inner.at(0).toMap().value(QStringLiteral("data")).isValid());
    }

    void invalidCardShowsNothing()
    {
        CardDocument document;
        document.setJson(card(R"([{"type":"TextBlock","text":"<b>x</b>"}])"));
        QVERIFY(!document.isValid());
        QCOMPARE(document.problems().size(), 1);
        QCOMPARE(document.problems().at(0).toMap().value(QStringLiteral("path")).toString(),
            QStringLiteral("$.body[0].text"));
        QVERIFY(document.body().isEmpty());
        QVERIFY(document.actions().isEmpty());
        document.setJson(QStringLiteral("not json"));
        QVERIFY(!document.isValid());
        QCOMPARE(document.problems().at(0).toMap().value(QStringLiteral("path")).toString(),
            QStringLiteral("$"));
        document.setJson(QVariant());
        QVERIFY(!document.isValid());
    }

    void jsonAsTextOrObject()
    {
        const QByteArray json = card(R"([{"type":"TextBlock","id":"t","text":"Hi"}])");
        CardDocument fromText;
        fromText.setJson(QString::fromUtf8(json));
        QVERIFY(fromText.isValid());
        CardDocument fromObject;
        fromObject.setJson(QVariantMap { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"),
                QVariantList {
                    QVariantMap { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                        { QStringLiteral("id"), QStringLiteral("t") },
                        { QStringLiteral("text"), QStringLiteral("Hi") } } } } });
        QVERIFY(fromObject.isValid());
        QCOMPARE(fromObject.body(), fromText.body());
    }
};

QTEST_GUILESS_MAIN(TestCardDocument)

#include "tst_carddocument.moc"
