#include "cardcommand.h"

#include "cards/cardlimits.h"
#include "cards/cardparser.h"
#include "clicontext.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>
#include <optional>

namespace tessera::cli {

namespace {

using cards::CardOutcome;
using cards::CardParseResult;
using cards::CardReportEntry;

// The card's bytes from name ("-": standard input), at most one byte past the card limit: enough
// for the parser to tell a card that is too large without holding all of a huge file. nullopt
// (and why in error) when it cannot be opened or read.
std::optional<QByteArray> readCard(const QString &name, QString *error)
{
    QFile file;
    const bool opened = name == QLatin1String("-")
        ? file.open(stdin, QIODevice::ReadOnly)
        : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = file.errorString();
        return std::nullopt;
    }
    QByteArray bytes;
    while (bytes.size() <= cards::maxCardBytes) {
        const QByteArray chunk = file.read(cards::maxCardBytes + 1 - bytes.size());
        if (chunk.isEmpty())
            break;
        bytes += chunk;
    }
    if (file.error() != QFileDevice::NoError) {
        *error = file.errorString();
        return std::nullopt;
    }
    return bytes;
}

// The outcome as --json names it.
QString outcomeKey(CardOutcome outcome)
{
    switch (outcome) {
    case CardOutcome::Rendered:
        return QStringLiteral("rendered");
    case CardOutcome::FellBack:
        return QStringLiteral("fallback");
    case CardOutcome::Dropped:
        return QStringLiteral("dropped");
    case CardOutcome::Ignored:
        return QStringLiteral("ignored");
    }
    return {};
}

// What the parser found, as --json prints it and as the text lists it.
class CardCheckReport
{
public:
    CardCheckReport(const QString &file, const CardParseResult &result)
        : m_file(file)
        , m_result(result)
    {
        for (const CardReportEntry &entry : m_result.entries) {
            if (entry.outcome != CardOutcome::Ignored)
                m_elements.insert(entry.path, &entry);
        }
    }

    QJsonObject json() const
    {
        QJsonArray problems;
        for (const cards::CardProblem &problem : m_result.problems)
            problems.append(QJsonObject { { QStringLiteral("path"), problem.path },
                { QStringLiteral("message"), problem.message } });
        QJsonArray elements;
        QJsonArray ignored;
        QHash<CardOutcome, int> counts;
        for (const CardReportEntry &entry : m_result.entries) {
            ++counts[entry.outcome];
            if (entry.outcome == CardOutcome::Ignored) {
                ignored.append(QJsonObject { { QStringLiteral("path"), entry.path },
                    { QStringLiteral("message"), entry.detail } });
                continue;
            }
            QJsonObject element { { QStringLiteral("path"), entry.path },
                { QStringLiteral("type"), entry.type },
                { QStringLiteral("outcome"), outcomeKey(entry.outcome) } };
            if (!entry.detail.isEmpty())
                element.insert(QStringLiteral("reason"), entry.detail);
            if (entry.outcome == CardOutcome::FellBack) {
                QJsonObject fallback { { QStringLiteral("path"), fallbackPath(entry) } };
                if (const CardReportEntry *used = fallbackOf(entry))
                    fallback.insert(QStringLiteral("type"), used->type);
                element.insert(QStringLiteral("fallback"), fallback);
            }
            elements.append(element);
        }
        QJsonObject countsJson { { QStringLiteral("problems"), problems.size() } };
        for (const CardOutcome outcome : { CardOutcome::Rendered, CardOutcome::FellBack,
                 CardOutcome::Dropped, CardOutcome::Ignored })
            countsJson.insert(outcomeKey(outcome), counts.value(outcome));
        return QJsonObject {
            { QStringLiteral("file"), m_file },
            { QStringLiteral("valid"), m_result.isValid() },
            { QStringLiteral("problems"), problems },
            { QStringLiteral("elements"), elements },
            { QStringLiteral("ignored"), ignored },
            { QStringLiteral("counts"), countsJson },
        };
    }

    // A summary line, then one line a problem, then one an element, action or ignored property,
    // in the card's order: "<outcome>  <path>  <type> ...".
    QString text() const
    {
        QStringList lines;
        lines.append(m_result.isValid() ? QStringLiteral("%1: valid").arg(m_file)
                                        : QStringLiteral("%1: invalid, %2 problem(s)")
                                              .arg(m_file)
                                              .arg(m_result.problems.size()));
        for (const cards::CardProblem &problem : m_result.problems)
            lines.append(line(QStringLiteral("problem"), problem.path, problem.message));
        for (const CardReportEntry &entry : m_result.entries)
            lines.append(
                line(CardParseResult::outcomeName(entry.outcome), entry.path, description(entry)));
        return lines.join(QLatin1Char('\n'));
    }

private:
    static QString line(const QString &what, const QString &path, const QString &text)
    {
        return QStringLiteral("%1  %2  %3").arg(what, -10).arg(path, text);
    }

    static QString fallbackPath(const CardReportEntry &entry)
    {
        return entry.path + QStringLiteral(".fallback");
    }

    // The entry of what entry falls back to (its own fallback element or action), if listed.
    const CardReportEntry *fallbackOf(const CardReportEntry &entry) const
    {
        return m_elements.value(fallbackPath(entry), nullptr);
    }

    QString description(const CardReportEntry &entry) const
    {
        switch (entry.outcome) {
        case CardOutcome::Rendered:
            return entry.type;
        case CardOutcome::FellBack: {
            const CardReportEntry *used = fallbackOf(entry);
            return QStringLiteral("%1 -> %2 at %3 (%4)")
                .arg(entry.type, used ? used->type : QStringLiteral("its fallback"),
                    fallbackPath(entry), entry.detail);
        }
        case CardOutcome::Dropped:
            return QStringLiteral("%1 (%2)").arg(entry.type, entry.detail);
        case CardOutcome::Ignored:
            return entry.detail;
        }
        return {};
    }

    QString m_file;
    const CardParseResult &m_result;
    QHash<QString, const CardReportEntry *> m_elements; // by path, all but ignored properties
};

} // namespace

QFuture<int> runCardCheck(CliContext &context)
{
    const QString file = context.arguments().constFirst();
    QString error;
    const std::optional<QByteArray> bytes = readCard(file, &error);
    if (!bytes) {
        context.printError(QStringLiteral("unreadable_file"),
            QStringLiteral("Cannot read the card file %1: %2")
                .arg(
                    file == QLatin1String("-") ? QStringLiteral("(standard input)") : file, error));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const CardParseResult result = cards::CardParser().parse(*bytes);
    const CardCheckReport report(file, result);
    context.printResult(report.json(), report.text());
    return QtFuture::makeReadyFuture(int(result.isValid() ? ExitCode::Success : ExitCode::Failed));
}

} // namespace tessera::cli
