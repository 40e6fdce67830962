#pragma once
// The bounds a card and a submission are held to (docs/CARDS.md).
#include <QtGlobal>

namespace tessera::cards {

inline constexpr qsizetype maxCardBytes = qsizetype(64) * 1024; // a card's JSON, as sent
inline constexpr int maxCardDepth = 16; // nesting of elements, cards and fallbacks
inline constexpr int maxCardElements = 500; // elements and actions of a card, all levels
inline constexpr qsizetype maxRegexLength = 512; // an Input.Text regex
// PCRE2's work and backtracking depth for matching one value against its regex; past them the
// value is reported as not checkable rather than taken as valid.
inline constexpr int maxRegexMatchSteps = 200000;
inline constexpr int maxRegexDepth = 100000;
inline constexpr qsizetype maxValueLength = qsizetype(16) * 1024; // a submitted value
inline constexpr int maxProblems = 100; // problems reported for one card
inline constexpr int maxChoices = 500; // choices of one Input.ChoiceSet

} // namespace tessera::cards
