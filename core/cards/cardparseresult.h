#pragma once
// What CardParser answers: the card, its problems (each with the JSON path it was found at; any
// problem makes the card invalid) and what renders, falls back, is dropped or ignored.
#include "cards/card.h"

#include <QList>
#include <QString>

namespace tessera::cards {

struct CardProblem
{
    QString path; // e.g. $.body[2].columns[0].items[1].url
    QString message;
};

enum class CardOutcome {
    Rendered, // an element or action of the subset, shown
    FellBack, // replaced by its fallback
    Dropped, // left out: "drop", or unknown with no fallback
    Ignored, // a property outside the subset, or a value the host does not know
};

struct CardReportEntry
{
    QString path;
    QString type;
    CardOutcome outcome = CardOutcome::Rendered;
    QString detail;
};

struct CardParseResult
{
    Card card;
    QList<CardProblem> problems;
    QList<CardReportEntry> entries;

    bool isValid() const { return problems.isEmpty(); }
    static QString outcomeName(CardOutcome outcome);
};

} // namespace tessera::cards
