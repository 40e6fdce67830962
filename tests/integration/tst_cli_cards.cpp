// tessera-cli card check: the sample cards of tests/data/cards/cli-*.json checked offline as a
// card author would, through the real binary: exit codes, the text and the --json report with
// each problem's and element's JSON path. No server, no sign-in: the environment names no server
// and the data folder given is never made.
#include "clitestrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

namespace {

QString cardFile(const char *name)
{
    return QStringLiteral(TESSERA_CARDS_DATA "/") + QLatin1String(name);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "path: message" of each problem, in order.
QStringList problems(const QJsonObject &report)
{
    QStringList list;
    const QJsonArray array = report.value(QStringLiteral("problems")).toArray();
    for (const auto &problem : array)
        list.append(problem[QStringLiteral("path")].toString() + QStringLiteral(": ")
            + problem[QStringLiteral("message")].toString());
    return list;
}

// "outcome path type" of each element and action, in order, with " -> path type" of a fallback.
QStringList elements(const QJsonObject &report)
{
    QStringList list;
    const QJsonArray array = report.value(QStringLiteral("elements")).toArray();
    for (const auto &element : array) {
        QString line = element[QStringLiteral("outcome")].toString() + QLatin1Char(' ')
            + element[QStringLiteral("path")].toString() + QLatin1Char(' ')
            + element[QStringLiteral("type")].toString();
        const QJsonObject fallback = element[QStringLiteral("fallback")].toObject();
        if (!fallback.isEmpty())
            line += QStringLiteral(" -> ") + fallback[QStringLiteral("path")].toString()
                + QLatin1Char(' ') + fallback[QStringLiteral("type")].toString();
        list.append(line);
    }
    return list;
}

} // namespace

class TestCliCards : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QString unusedDataDir() const { return m_home.filePath(QStringLiteral("never-made")); }

    RunResult cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        QProcessEnvironment environment = cliEnvironment(QUrl());
        environment.insert(QStringLiteral("TESSERA_DATA_DIR"), unusedDataDir());
        environment.insert(QStringLiteral("HOME"), m_home.path());
        return runProgram(QStringLiteral(TESSERA_CLI_BINARY), arguments, std::chrono::seconds(60),
            input, environment);
    }

    RunResult check(const QString &file, bool json = false, const QByteArray &input = {}) const
    {
        QStringList arguments { QStringLiteral("card"), QStringLiteral("check"), file };
        if (json)
            arguments.prepend(QStringLiteral("--json"));
        return cli(arguments, input);
    }

    // The one line of --json output, as an object.
    static QJsonObject report(const RunResult &result)
    {
        const QList<QByteArray> lines = result.output.trimmed().split('\n');
        if (lines.size() != 1)
            return {};
        return QJsonDocument::fromJson(lines.constFirst()).object();
    }

    // The text output's lines after its first (the summary, which names the file).
    static QStringList linesAfterSummary(const RunResult &result)
    {
        QStringList lines = QString::fromUtf8(result.output.trimmed()).split(QLatin1Char('\n'));
        lines.removeFirst();
        return lines;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void cleanupTestCase()
    {
        QVERIFY2(!QDir(unusedDataDir()).exists(), "card check made a data folder");
    }

    void validCard()
    {
        const QString file = cardFile("cli-valid.json");
        const RunResult text = check(file);
        QVERIFY2(text.exitCode == 0, text.output.constData());
        QVERIFY(text.output.startsWith(QString(file + QStringLiteral(": valid\n")).toUtf8()));
        QVERIFY(text.output.contains("renders     $.body[2].columns[1].items[0]  Input.Date\n"));
        QVERIFY(!text.output.contains("problem"));

        const RunResult json = check(file, true);
        QVERIFY2(json.exitCode == 0, json.output.constData());
        const QJsonObject object = report(json);
        QCOMPARE(object.value(QStringLiteral("file")).toString(), file);
        QCOMPARE(object.value(QStringLiteral("valid")), QJsonValue(true));
        QCOMPARE(problems(object), QStringList());
        QCOMPARE(elements(object),
            QStringList({ QStringLiteral("rendered $.body[0] TextBlock"),
                QStringLiteral("rendered $.body[1] Input.ChoiceSet"),
                QStringLiteral("rendered $.body[2] ColumnSet"),
                QStringLiteral("rendered $.body[2].columns[0] Column"),
                QStringLiteral("rendered $.body[2].columns[0].items[0] Input.Date"),
                QStringLiteral("rendered $.body[2].columns[1] Column"),
                QStringLiteral("rendered $.body[2].columns[1].items[0] Input.Date"),
                QStringLiteral("rendered $.body[3] Input.Text"),
                QStringLiteral("rendered $.actions[0] Action.Submit"),
                QStringLiteral("rendered $.actions[1] Action.OpenUrl") }));
        QCOMPARE(object.value(QStringLiteral("ignored")).toArray().size(), 0);
        const QJsonObject counts = object.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("rendered")).toInt(), 10);
        QCOMPARE(counts.value(QStringLiteral("problems")).toInt(), 0);
    }

    // Unknown elements and actions with and without fallback, an unmet `requires` with "drop",
    // a property outside the subset: valid, and each listed with what happens to it.
    void fallbacks()
    {
        const QString file = cardFile("cli-fallbacks.json");
        const RunResult text = check(file);
        QVERIFY2(text.exitCode == 0, text.output.constData());
        QVERIFY(text.output.startsWith(QString(file + QStringLiteral(": valid\n")).toUtf8()));
        QCOMPARE(linesAfterSummary(text),
            QStringList({
                QStringLiteral("renders     $.body[0]  TextBlock"),
                QStringLiteral("ignored     $.body[0].targetWidth  property outside the subset"),
                QStringLiteral("falls back  $.body[1]  Carousel -> TextBlock at $.body[1].fallback "
                               "(unknown element type Carousel)"),
                QStringLiteral("renders     $.body[1].fallback  TextBlock"),
                QStringLiteral(
                    "dropped     $.body[2]  Media (unknown element type Media, no fallback)"),
                QStringLiteral("dropped     $.body[3]  TextBlock (requires adaptiveCards 1.6, "
                               "this host has 1.5)"),
                QStringLiteral("renders     $.body[4]  FactSet"),
                QStringLiteral("falls back  $.actions[0]  Action.Popover -> Action.OpenUrl at "
                               "$.actions[0].fallback (unknown action type Action.Popover here)"),
                QStringLiteral("renders     $.actions[0].fallback  Action.OpenUrl"),
            }));

        const RunResult json = check(file, true);
        QVERIFY2(json.exitCode == 0, json.output.constData());
        const QJsonObject object = report(json);
        QCOMPARE(object.value(QStringLiteral("valid")), QJsonValue(true));
        QCOMPARE(elements(object),
            QStringList({ QStringLiteral("rendered $.body[0] TextBlock"),
                QStringLiteral("fallback $.body[1] Carousel -> $.body[1].fallback TextBlock"),
                QStringLiteral("rendered $.body[1].fallback TextBlock"),
                QStringLiteral("dropped $.body[2] Media"),
                QStringLiteral("dropped $.body[3] TextBlock"),
                QStringLiteral("rendered $.body[4] FactSet"),
                QStringLiteral(
                    "fallback $.actions[0] Action.Popover -> $.actions[0].fallback Action.OpenUrl"),
                QStringLiteral("rendered $.actions[0].fallback Action.OpenUrl") }));
        const QJsonArray list = object.value(QStringLiteral("elements")).toArray();
        QCOMPARE(list.at(3)[QStringLiteral("reason")].toString(),
            QStringLiteral("unknown element type Media, no fallback"));
        const QJsonArray ignored = object.value(QStringLiteral("ignored")).toArray();
        QCOMPARE(ignored.size(), 1);
        QCOMPARE(ignored.at(0)[QStringLiteral("path")].toString(),
            QStringLiteral("$.body[0].targetWidth"));
        const QJsonObject counts = object.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("rendered")).toInt(), 4);
        QCOMPARE(counts.value(QStringLiteral("fallback")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("dropped")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("ignored")).toInt(), 1);
    }

    // A link over http, HTML in a label, min above max, a text of the wrong type and an input id
    // used twice: exit 1 and every problem with its path, the first first.
    void invalidCard()
    {
        const QStringList expected {
            QStringLiteral("$.body[1].url: links must be https URLs"),
            QStringLiteral("$.body[2].label: HTML is not allowed in card text"),
            QStringLiteral("$.body[3].min: is above max"),
            QStringLiteral("$.body[4].text: must be a string"),
            QStringLiteral("$.body[3].id: the input id summary is used twice"),
        };
        const QString file = cardFile("cli-invalid.json");
        const RunResult text = check(file);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.output.startsWith(
                     QString(file + QStringLiteral(": invalid, 5 problem(s)\n")).toUtf8()),
            text.output.constData());
        QStringList problemLines;
        for (const QString &problem : expected)
            problemLines.append(QStringLiteral("problem     ")
                + QString(problem).replace(QStringLiteral(": "), QStringLiteral("  ")));
        QCOMPARE(linesAfterSummary(text).mid(0, expected.size()), problemLines);

        const RunResult json = check(file, true);
        QCOMPARE(json.exitCode, 1);
        const QJsonObject object = report(json);
        QCOMPARE(object.value(QStringLiteral("valid")), QJsonValue(false));
        QCOMPARE(problems(object), expected);
        QCOMPARE(object.value(QStringLiteral("counts"))[QStringLiteral("problems")].toInt(), 5);
    }

    void tooLarge()
    {
        const QString file = cardFile("cli-too-large.json");
        QVERIFY(QFileInfo(file).size() > qint64(64) * 1024);
        const RunResult json = check(file, true);
        QCOMPARE(json.exitCode, 1);
        const QJsonObject object = report(json);
        QCOMPARE(
            problems(object), QStringList { QStringLiteral("$: the card is larger than 64 KiB") });
        QCOMPARE(object.value(QStringLiteral("elements")).toArray().size(), 0);
        // The same from standard input (read only as far as the limit).
        const RunResult piped = check(QStringLiteral("-"), true, readFile(file));
        QCOMPARE(piped.exitCode, 1);
        QCOMPARE(problems(report(piped)), problems(object));
    }

    void notJson()
    {
        const QString file = cardFile("cli-not-json.json");
        const RunResult text = check(file);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.output.contains("problem     $  not JSON: "), text.output.constData());
        const RunResult json = check(file, true);
        QCOMPARE(json.exitCode, 1);
        const QStringList found = problems(report(json));
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.constFirst().startsWith(QStringLiteral("$: not JSON: ")),
            qPrintable(found.constFirst()));
    }

    // "-" reads the card from standard input; the report names it "-".
    void standardInput()
    {
        const RunResult json =
            check(QStringLiteral("-"), true, readFile(cardFile("cli-invalid.json")));
        QCOMPARE(json.exitCode, 1);
        const QJsonObject object = report(json);
        QCOMPARE(object.value(QStringLiteral("file")).toString(), QStringLiteral("-"));
        QCOMPARE(problems(object).constFirst(),
            QStringLiteral("$.body[1].url: links must be https URLs"));
        const RunResult valid =
            check(QStringLiteral("-"), false, readFile(cardFile("cli-valid.json")));
        QCOMPARE(valid.exitCode, 0);
        QVERIFY(valid.output.startsWith("-: valid\n"));
        // Nothing on standard input is not JSON: invalid, not a usage error.
        QCOMPARE(check(QStringLiteral("-")).exitCode, 1);
    }

    // A file that cannot be read is exit 2 with a message naming it (text on stderr, the error
    // object with --json).
    void unreadableFile()
    {
        const QString missing = m_home.filePath(QStringLiteral("no-such-card.json"));
        const RunResult text = check(missing);
        QCOMPARE(text.exitCode, 2);
        QVERIFY2(text.output.contains(
                     QString(QStringLiteral("Cannot read the card file ") + missing).toUtf8()),
            text.output.constData());
        const RunResult json = check(missing, true);
        QCOMPARE(json.exitCode, 2);
        QCOMPARE(errorCode(json.output), QStringLiteral("unreadable_file"));
        QVERIFY(lastJson(json.output)[QStringLiteral("error")][QStringLiteral("message")]
                    .toString()
                    .contains(missing));
        const RunResult folder = check(m_home.path());
        QCOMPARE(folder.exitCode, 2);
        QVERIFY(folder.output.contains(m_home.path().toUtf8()));
    }

    void usage()
    {
        const RunResult none = cli({ QStringLiteral("card"), QStringLiteral("check") });
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.output.contains("usage: card check"), none.output.constData());
        QCOMPARE(cli({ QStringLiteral("card"), QStringLiteral("check"), cardFile("cli-valid.json"),
                         cardFile("cli-invalid.json") })
                     .exitCode,
            2);
        QCOMPARE(cli({ QStringLiteral("card"), QStringLiteral("check"), QStringLiteral("--user"),
                         QStringLiteral("x"), cardFile("cli-valid.json") })
                     .exitCode,
            2);
        const RunResult help = cli({ QStringLiteral("--help") });
        QVERIFY(help.output.contains("  card check "));
    }
};

QTEST_GUILESS_MAIN(TestCliCards)
#include "tst_cli_cards.moc"
