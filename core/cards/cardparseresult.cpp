#include "cards/cardparseresult.h"

namespace tessera::cards {

QString CardParseResult::outcomeName(CardOutcome outcome)
{
    switch (outcome) {
    case CardOutcome::Rendered:
        return QStringLiteral("renders");
    case CardOutcome::FellBack:
        return QStringLiteral("falls back");
    case CardOutcome::Dropped:
        return QStringLiteral("dropped");
    case CardOutcome::Ignored:
        return QStringLiteral("ignored");
    }
    return {};
}

} // namespace tessera::cards
