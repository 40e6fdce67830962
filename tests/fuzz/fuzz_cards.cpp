// Fuzz target over the Adaptive Cards parser, the submission validator and the markdown subset
// (core/cards, docs/CARDS.md). libFuzzer calls LLVMFuzzerTestOneInput (clang, TESSERA_FUZZ); with
// any compiler, fuzz_driver.cpp replays the seed corpus (corpus-cards/) and deterministic
// mutations of it as a unit test (tst_fuzz_cards, also under ASan + UBSan).
//
// The first input byte picks what the rest is:
//   0: a card's JSON, parsed with and without an allowed-hosts list
//   1: a card's JSON, a newline, then a submission's JSON object, checked against the card
//   2: TextBlock text, through the markdown subset
// Every input must give a card or problems; an invariant broken aborts.
#include "cards/cardlimits.h"
#include "cards/cardmarkdown.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "fuzztarget.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

using namespace tessera::cards;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

void checkRuns(const QList<MarkdownBlock> &blocks, qsizetype links)
{
    for (const MarkdownBlock &block : blocks) {
        for (const MarkdownRun &run : block.runs) {
            require(run.link >= -1 && run.link < links);
            require(!run.text.isEmpty());
        }
    }
}

void checkCard(const Card &card, qsizetype links, int depth, int &count);

void checkAction(const CardAction &action, qsizetype links, int depth, int &count)
{
    require(depth <= maxCardDepth);
    require(action.url >= -1 && action.url < links);
    require(action.path.startsWith(QLatin1Char('$')));
    ++count;
    if (action.card)
        checkCard(*action.card, links, depth + 1, count);
}

void checkElement(const CardElement &element, qsizetype links, int depth, int &count)
{
    require(depth <= maxCardDepth + 1);
    require(element.url >= -1 && element.url < links);
    require(element.path.startsWith(QStringLiteral("$.")));
    require(!element.isInput() || !element.id.isEmpty());
    checkRuns(element.markdown, links);
    ++count;
    if (element.selectAction)
        checkAction(*element.selectAction, links, depth + 1, count);
    for (const CardElement &child : element.items)
        checkElement(child, links, depth + 1, count);
    for (const CardAction &action : element.actions)
        checkAction(action, links, depth + 1, count);
}

void checkCard(const Card &card, qsizetype links, int depth, int &count)
{
    for (const CardElement &element : card.body)
        checkElement(element, links, depth + 1, count);
    for (const CardAction &action : card.actions)
        checkAction(action, links, depth + 1, count);
}

CardParseResult parseChecked(const QByteArray &json, const CardParserOptions &options)
{
    CardParseResult result = CardParser(options).parse(json);
    for (const CardProblem &problem : result.problems) {
        require(problem.path.startsWith(QLatin1Char('$')));
        require(!problem.message.isEmpty());
    }
    require(result.problems.size() <= maxProblems);
    if (result.isValid()) {
        int count = 0;
        checkCard(result.card, result.card.links.size(), 0, count);
        require(count <= maxCardElements);
        for (const QString &link : result.card.links)
            require(link.startsWith(QStringLiteral("https://")));
    }
    return result;
}

} // namespace

FuzzTarget fuzzTarget()
{
    // JSON delimiters, quotes, escapes, markdown and HTML markers, non-ASCII bytes.
    return { "fuzz_cards", 3,
        { '{', '}', '[', ']', '"', ':', ',', '\\', '*', '_', '(', ')', '<', '>', '-', '.', '\n',
            '0', '9', 0x00, 0x7f, 0xc3, 0xe2, 0xff } };
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 3) {
    case 0: {
        parseChecked(rest, {});
        CardParserOptions options;
        options.allowedHosts = QStringList { QStringLiteral("media.example") };
        const CardParseResult result = parseChecked(rest, options);
        if (result.isValid()) {
            for (const QString &link : result.card.links)
                require(link.contains(QStringLiteral("media.example"), Qt::CaseInsensitive));
        }
        break;
    }
    case 1: {
        const qsizetype split = rest.indexOf('\n');
        const CardParseResult result = parseChecked(split < 0 ? rest : rest.left(split), {});
        const QJsonObject values =
            QJsonDocument::fromJson(split < 0 ? QByteArray() : rest.mid(split + 1)).object();
        const QList<InputError> errors = SubmissionValidator::validate(result.card, values);
        for (const InputError &error : errors)
            require(!error.message.isEmpty());
        break;
    }
    default: {
        QStringList links;
        const QList<MarkdownBlock> blocks =
            CardMarkdown::parse(QString::fromUtf8(rest.left(maxCardBytes)), links);
        checkRuns(blocks, links.size());
        break;
    }
    }
    return 0;
}
