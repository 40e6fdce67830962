// bench_cards: reading a card and checking what a person filled in, against the floor of that job
// with the same tools. Cards of 10, 100 and 500 elements and actions (the limit), made here: a
// cycle of TextBlock (with markdown), Input.Text (label, regex, maxLength, required),
// FactSet (three facts), Input.Number (range), Input.ChoiceSet (three choices) and Input.Toggle,
// then one Action.Submit; every input has a valid value.
//   - Tessera: CardParser::parse (JSON to the typed card with every rule of docs/CARDS.md: types,
//     properties, fallback, limits, hosts, markdown runs) and SubmissionValidator::validate of
//     the values against it: what the server does at publish and at submit, and the app and the
//     CLI before sending.
//   - Peer: QJsonDocument::fromJson and one walk over the JSON that reads every element's type
//     and text, and checks each value against its input's regex (compiled once per card) and
//     range: the least any reader of such a card must do.
// CPU time of the process (CLOCK_PROCESS_CPUTIME_ID) per card, median of the rounds; the two
// sides alternate in each round, which side goes first alternates between rounds. Nothing asserts
// a time: it fails only when a card does not parse or a value is refused.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table (Markdown) to DIR/bench_cards.md.
#include "benchtable.h"
#include "cards/cardlimits.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <ctime>

namespace tessera::bench {

namespace {

constexpr int kRounds = 9;

qint64 cpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// A card of `elements` elements and actions in all (the last one the submit action), and a valid
// value for each of its inputs.
struct MadeCard
{
    QByteArray json;
    QJsonObject values;
};

MadeCard makeCard(int elements)
{
    QJsonArray body;
    QJsonObject values;
    for (int i = 0; i < elements - 1; ++i) {
        const QString id = QStringLiteral("in%1").arg(i);
        switch (i % 6) {
        case 0:
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("Step %1: **check** the _form_").arg(i) },
                { QStringLiteral("wrap"), true } });
            break;
        case 1:
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Text") },
                { QStringLiteral("id"), id }, { QStringLiteral("label"), QStringLiteral("Code") },
                { QStringLiteral("regex"), QStringLiteral("[A-Z]{2}[0-9]{3}") },
                { QStringLiteral("maxLength"), 20 }, { QStringLiteral("isRequired"), true } });
            values.insert(id, QStringLiteral("AB%1").arg(100 + i % 900));
            break;
        case 2: {
            QJsonArray facts;
            for (int f = 0; f < 3; ++f)
                facts.append(QJsonObject { { QStringLiteral("title"), QStringLiteral("Fact") },
                    { QStringLiteral("value"), QString::number(f) } });
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("FactSet") },
                { QStringLiteral("facts"), facts } });
            break;
        }
        case 3:
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Number") },
                { QStringLiteral("id"), id }, { QStringLiteral("min"), 0 },
                { QStringLiteral("max"), 100 } });
            values.insert(id, QStringLiteral("42"));
            break;
        case 4: {
            QJsonArray choices;
            for (const char *choice : { "a", "b", "c" })
                choices.append(
                    QJsonObject { { QStringLiteral("title"), QString::fromLatin1(choice) },
                        { QStringLiteral("value"), QString::fromLatin1(choice) } });
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
                { QStringLiteral("id"), id }, { QStringLiteral("choices"), choices } });
            values.insert(id, QStringLiteral("b"));
            break;
        }
        default:
            body.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Toggle") },
                { QStringLiteral("id"), id }, { QStringLiteral("title"), QStringLiteral("Yes") } });
            values.insert(id, QStringLiteral("true"));
            break;
        }
    }
    const QJsonObject card {
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"), body },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("id"), QStringLiteral("send") },
                { QStringLiteral("title"), QStringLiteral("Send") } } } },
    };
    return { QJsonDocument(card).toJson(QJsonDocument::Compact), values };
}

// Tessera's side: false when the card or a value is refused.
bool tesseraReads(const MadeCard &made)
{
    const cards::CardParseResult result = cards::CardParser().parse(made.json);
    if (!result.isValid())
        return false;
    return cards::SubmissionValidator::validate(result.card, made.values).isEmpty();
}

// The peer's side: the floor of the same job.
bool peerReads(const MadeCard &made)
{
    const QJsonDocument document = QJsonDocument::fromJson(made.json);
    if (!document.isObject())
        return false;
    const QJsonArray body = document.object().value(QStringLiteral("body")).toArray();
    QRegularExpression pattern;
    QString patternText;
    qsizetype seen = 0;
    for (const auto &value : body) {
        const QJsonObject element = value.toObject();
        const QString type = element.value(QStringLiteral("type")).toString();
        seen += type.size() + element.value(QStringLiteral("text")).toString().size();
        const QString id = element.value(QStringLiteral("id")).toString();
        if (id.isEmpty())
            continue;
        const QString given = made.values.value(id).toString();
        if (type == u"Input.Text") {
            const QString regex = element.value(QStringLiteral("regex")).toString();
            if (regex != patternText) {
                patternText = regex;
                pattern = QRegularExpression(QRegularExpression::anchoredPattern(regex));
            }
            if (!pattern.match(given).hasMatch())
                return false;
        } else if (type == u"Input.Number") {
            bool ok = false;
            const double number = given.toDouble(&ok);
            if (!ok || number < element.value(QStringLiteral("min")).toDouble()
                || number > element.value(QStringLiteral("max")).toDouble())
                return false;
        } else if (type == u"Input.ChoiceSet") {
            const QJsonArray choices = element.value(QStringLiteral("choices")).toArray();
            if (std::none_of(choices.begin(), choices.end(), [&](const QJsonValue &choice) {
                    return choice.toObject().value(QStringLiteral("value")).toString() == given;
                }))
                return false;
        }
    }
    return seen > 0;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

class BenchCards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseAndValidate()
    {
        BenchTable table(QStringLiteral("Tessera (CardParser + SubmissionValidator)"),
            QStringLiteral("QJsonDocument + one walk"));
        for (const int elements : { 10, 100, 500 }) {
            const MadeCard made = makeCard(elements);
            QVERIFY2(made.json.size() <= cards::maxCardBytes, "the made card is over 64 KiB");
            QVERIFY2(tesseraReads(made), "Tessera refused the made card or its values");
            QVERIFY2(peerReads(made), "the peer refused the made card or its values");
            // Enough repeats for a round of about 50 ms on this machine.
            const int repeats = std::max(20, 20000 / elements);
            QList<double> tessera;
            QList<double> peer;
            for (int round = 0; round < kRounds + 1; ++round) {
                const auto timeOf = [&](bool (*read)(const MadeCard &)) {
                    const qint64 start = cpuNs();
                    for (int i = 0; i < repeats; ++i) {
                        if (!read(made))
                            return -1.0;
                    }
                    return double(cpuNs() - start) / repeats / 1000.0; // µs per card
                };
                const bool tesseraFirst = round % 2 == 0;
                const double first = timeOf(tesseraFirst ? &tesseraReads : &peerReads);
                const double second = timeOf(tesseraFirst ? &peerReads : &tesseraReads);
                QVERIFY(first >= 0 && second >= 0);
                if (round == 0)
                    continue; // warm-up
                tessera.append(tesseraFirst ? first : second);
                peer.append(tesseraFirst ? second : first);
            }
            table.add(QStringLiteral("%1 elements (%2 KiB): CPU per card")
                          .arg(elements)
                          .arg(double(made.json.size()) / 1024, 0, 'f', 1),
                QStringLiteral("µs"), BenchTable::Better::Lower, median(tessera), median(peer), 1);
        }
        table.addNote(QStringLiteral("Median of %1 rounds; process CPU time; the sides alternate "
                                     "within each round.")
                          .arg(kRounds));
        publishReport(table.toMarkdown(), QStringLiteral("bench_cards.md"));
    }
};

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchCards)
#include "bench_cards.moc"
