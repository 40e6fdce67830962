#pragma once
// Small helpers the card tests share: parse a card written as JSON text with single quotes (moc
// reads "//" inside a raw string literal as a comment, so the tests use plain literals), and find
// a problem or a report entry by its JSON path.
#include "cards/cardparser.h"

#include <QByteArray>
#include <QString>

#include <algorithm>

namespace tessera::cards::testing {

// The JSON text with each single quote turned into a double quote.
inline QByteArray json(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

inline CardParseResult parseCard(const char *text, CardParserOptions options = {})
{
    return CardParser(std::move(options)).parse(json(text));
}

// A card of version 1.5 whose body is the given JSON array text.
inline CardParseResult parseBody(const char *body, CardParserOptions options = {})
{
    const QByteArray card = QByteArrayLiteral(R"({"type":"AdaptiveCard","version":"1.5","body":)")
        + json(body) + QByteArrayLiteral("}");
    return CardParser(std::move(options)).parse(card);
}

inline bool hasProblem(const CardParseResult &result, const QString &path)
{
    return std::any_of(result.problems.cbegin(), result.problems.cend(),
        [&](const CardProblem &problem) { return problem.path == path; });
}

inline QString firstProblemPath(const CardParseResult &result)
{
    return result.problems.isEmpty() ? QString() : result.problems.constFirst().path;
}

inline bool hasEntry(const CardParseResult &result, const QString &path, CardOutcome outcome)
{
    return std::any_of(
        result.entries.cbegin(), result.entries.cend(), [&](const CardReportEntry &entry) {
            return entry.path == path && entry.outcome == outcome;
        });
}

inline QString problemText(const CardParseResult &result)
{
    QString text;
    for (const CardProblem &problem : result.problems)
        text += problem.path + QStringLiteral(": ") + problem.message + QLatin1Char('\n');
    return text;
}

} // namespace tessera::cards::testing
