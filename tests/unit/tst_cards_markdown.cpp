// The Adaptive Cards markdown subset as runs: bold, italic, links as indexes, lists; the rest is
// plain text.
#include "cards/cardmarkdown.h"

#include <QTest>

using namespace tessera::cards;

namespace {

MarkdownRun run(const char *text, bool bold = false, bool italic = false, int link = -1)
{
    return MarkdownRun { QString::fromUtf8(text), bold, italic, link };
}

QList<MarkdownRun> runsOf(const char *text)
{
    QStringList links;
    const QList<MarkdownBlock> blocks = CardMarkdown::parse(QString::fromUtf8(text), links);
    return blocks.isEmpty() ? QList<MarkdownRun>() : blocks.constFirst().runs;
}

} // namespace

class TestCardsMarkdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emphasis_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<MarkdownRun>>("runs");
        QTest::newRow("plain") << QStringLiteral("just text") << QList { run("just text") };
        QTest::newRow("bold") << QStringLiteral("a **b** c")
                              << QList { run("a "), run("b", true), run(" c") };
        QTest::newRow("bold underscores") << QStringLiteral("__b__") << QList { run("b", true) };
        QTest::newRow("italic") << QStringLiteral(
            "_i_ and *j*") << QList { run("i", false, true), run(" and "), run("j", false, true) };
        QTest::newRow("both") << QStringLiteral("***x***") << QList { run("x", true, true) };
        QTest::newRow("italic in bold") << QStringLiteral(
            "**a _b_ c**") << QList { run("a ", true), run("b", true, true), run(" c", true) };
        QTest::newRow("unmatched")
            << QStringLiteral("**open and *half") << QList { run("**open and *half") };
        QTest::newRow("snake_case stays")
            << QStringLiteral("snake_case_name") << QList { run("snake_case_name") };
        QTest::newRow("spaced stars") << QStringLiteral("2 * 3 * 4") << QList { run("2 * 3 * 4") };
        QTest::newRow("escaped") << QStringLiteral("\\*not\\*") << QList { run("*not*") };
        QTest::newRow("html is text") << QStringLiteral("<b>x</b>") << QList { run("<b>x</b>") };
    }
    void emphasis()
    {
        QFETCH(QString, text);
        QStringList links;
        const QList<MarkdownBlock> blocks = CardMarkdown::parse(text, links);
        QCOMPARE(blocks.size(), 1);
        QTEST(blocks.at(0).runs, "runs");
    }

    void links()
    {
        QStringList links { QStringLiteral("https://earlier.example/") };
        const QList<MarkdownBlock> blocks = CardMarkdown::parse(
            QStringLiteral(
                "See [the policy](https://hr.example/p) or **[help](https://it.example/)**"),
            links);
        QCOMPARE(links,
            QStringList({ QStringLiteral("https://earlier.example/"),
                QStringLiteral("https://hr.example/p"), QStringLiteral("https://it.example/") }));
        const QList<MarkdownRun> expected { run("See "), run("the policy", false, false, 1),
            run(" or "), run("help", true, false, 2) };
        QCOMPARE(blocks.at(0).runs, expected);
        // The URL is never in the text.
        QVERIFY(!blocks.at(0).plainText().contains(QStringLiteral("https")));
    }

    void notLinks()
    {
        QCOMPARE(runsOf("[a] (b) [](x) [a](b c)"), QList { run("[a] (b) [](x) [a](b c)") });
        QCOMPARE(
            runsOf("[unclosed](https://x.example"), QList { run("[unclosed](https://x.example") });
        QCOMPARE(runsOf("[a]( )"), QList { run("[a]( )") });
    }

    // Where a link starts and ends: the last '[' before the ']', a target trimmed of spaces, the
    // first ')' after it.
    void linkEdges()
    {
        QStringList links;
        const QList<MarkdownBlock> blocks =
            CardMarkdown::parse(QStringLiteral("[[a]( x ) [b](y z) [c](w))"), links);
        QCOMPARE(links, QStringList({ QStringLiteral("x"), QStringLiteral("w") }));
        const QList<MarkdownRun> expected { run("["), run("a", false, false, 0), run(" [b](y z) "),
            run("c", false, false, 1), run(")") };
        QCOMPARE(blocks.at(0).runs, expected);
    }

    // Finding links is linear in the line. These lines are far beyond a card's 64 KiB: a search
    // per '[' to the end of the line (and a copy of what it passed) would take about 10^13 steps
    // and not end within the test's timeout.
    void linksStayLinear()
    {
        const qsizetype size = qsizetype(4) << 20;
        // Every '[' but the last has another '[' before any ']'.
        const QString brackets = QString(size, QLatin1Char('[')) + QStringLiteral("a](x)");
        QStringList links;
        QList<MarkdownBlock> blocks = CardMarkdown::parse(brackets, links);
        QCOMPARE(links, QStringList { QStringLiteral("x") });
        QCOMPARE(blocks.at(0).plainText(), QString(size - 1, QLatin1Char('[')) + QLatin1Char('a'));
        // Every "[a](" finds the one ')' at the end, and a target with a space.
        const QString spaced = QStringLiteral("[a](b c").repeated(size / 7) + QLatin1Char(')');
        links.clear();
        blocks = CardMarkdown::parse(spaced, links);
        QVERIFY(links.isEmpty());
        QCOMPARE(blocks.at(0).plainText(), spaced);
        // No ')' at all, and spaces before the last one.
        const QString unclosed = QStringLiteral("[a](b").repeated(size / 5);
        QCOMPARE(CardMarkdown::parse(unclosed, links).at(0).plainText(), unclosed);
        const QString trailing = QStringLiteral("[a](b c").repeated(size / 14)
            + QString(size / 2, QLatin1Char(' ')) + QLatin1Char(')');
        QCOMPARE(CardMarkdown::parse(trailing, links).at(0).plainText(), trailing);
        QVERIFY(links.isEmpty());
    }

    void lists()
    {
        QStringList links;
        const QList<MarkdownBlock> blocks = CardMarkdown::parse(
            QStringLiteral("Intro\n- one\n* **two**\n\n1. first\r\n12. twelfth\n-not a bullet"),
            links);
        QCOMPARE(blocks.size(), 6);
        QCOMPARE(blocks.at(0).kind, MarkdownBlock::Kind::Paragraph);
        QCOMPARE(blocks.at(1).kind, MarkdownBlock::Kind::Bullet);
        QCOMPARE(blocks.at(1).plainText(), QStringLiteral("one"));
        QCOMPARE(blocks.at(2).kind, MarkdownBlock::Kind::Bullet);
        QCOMPARE(blocks.at(2).runs, QList { run("two", true) });
        QCOMPARE(blocks.at(3).kind, MarkdownBlock::Kind::Numbered);
        QCOMPARE(blocks.at(3).number, 1);
        QCOMPARE(blocks.at(3).plainText(), QStringLiteral("first"));
        QCOMPARE(blocks.at(4).number, 12);
        QCOMPARE(blocks.at(5).kind, MarkdownBlock::Kind::Paragraph);
        QCOMPARE(blocks.at(5).plainText(), QStringLiteral("-not a bullet"));
    }

    // Long runs of markers and brackets end quickly and keep every character.
    void hostile()
    {
        const QString text = QString(20000, QLatin1Char('*')) + QString(20000, QLatin1Char('['))
            + QStringLiteral("](") + QString(20000, QLatin1Char('_'));
        QStringList links;
        const QList<MarkdownBlock> blocks = CardMarkdown::parse(text, links);
        QCOMPARE(blocks.size(), 1);
        QCOMPARE(blocks.at(0).plainText(), text);
        QVERIFY(links.isEmpty());
        // Thousands of openers no closer matches (quadratic work here would run into the test's
        // timeout; speed itself is the benchmarks' business, not a timed assertion).
        const QString unmatched =
            QStringLiteral("*a ").repeated(20000) + QStringLiteral("a_ ").repeated(20000);
        QCOMPARE(CardMarkdown::parse(unmatched, links).at(0).plainText(), unmatched);
    }
};

QTEST_GUILESS_MAIN(TestCardsMarkdown)
#include "tst_cards_markdown.moc"
