#pragma once
// Checks what a person submits against the card it was filled in: every value is a string (a
// number too for Input.Number), named by an input of the card, within that input's rules. The
// server (again, at submit), the CLI (form) and the app (beside the field) share it.
#include "cards/card.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace tessera::cards {

struct InputError
{
    QString inputId;
    QString message; // the card's errorMessage when it has one, else a default
};

class SubmissionValidator
{
public:
    // The errors, one per input at most, in the card's order; unknown inputs last.
    static QList<InputError> validate(const Card &card, const QJsonObject &values);
    // One input's value; an empty string is "no value".
    static std::optional<QString> checkValue(const CardElement &input, const QString &value);
    // An Input.Text regex exactly as values are matched against it: anchored to the whole value,
    // with PCRE2's match and depth limits (cardlimits.h) in front. The parser rejects a regex
    // whose pattern this answer does not compile.
    static QRegularExpression inputPattern(const QString &regex);
};

} // namespace tessera::cards
