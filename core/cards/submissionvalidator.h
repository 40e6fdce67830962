#pragma once
// Checks what a person submits against the card it was filled in: every value is a string (a
// number too for Input.Number), named by an input of the card, within that input's rules. The
// server (again, at submit), the CLI (form) and the app (beside the field) share it.
#include "cards/card.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace tessera::cards {

// A submit action (Action.Submit or Action.Execute) of a card and the inputs it sends.
struct SubmitAction
{
    const CardAction *action = nullptr;
    QStringList inputIds;
};

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
    // As validate, for what one action sends: only the inputs named by inputIds are checked (the
    // required ones among them must have a value); any other value is an unknown input.
    static QList<InputError> validate(
        const Card &card, const QStringList &inputIds, const QJsonObject &values);

    // Which inputs an action sends. cardInputIds: the inputs among a card's elements and their
    // children, not those of its ShowCard cards. An action with associatedInputs "none" sends
    // nothing; else it sends cardInputs: the inputs of the card it is in and of every card that
    // one is shown in (sentInputIds). submitActions applies the rule to a whole card: every
    // Action.Submit and Action.Execute (its actions, action sets, select actions and ShowCard
    // cards), in document order, with the inputs each sends.
    static QStringList cardInputIds(const std::vector<CardElement> &elements);
    static QStringList sentInputIds(const CardAction &action, const QStringList &cardInputs);
    static QList<SubmitAction> submitActions(const Card &card);
    // The submit action of actions that name names: its id, or its verb (Action.Execute); an
    // empty name names the only one. nullptr when none does.
    static const SubmitAction *findAction(const QList<SubmitAction> &actions, const QString &name);
    // One input's value; an empty string is "no value".
    static std::optional<QString> checkValue(const CardElement &input, const QString &value);
    // An Input.Text regex exactly as values are matched against it: anchored to the whole value,
    // with PCRE2's match and depth limits (cardlimits.h) in front. The parser rejects a regex
    // whose pattern this answer does not compile.
    static QRegularExpression inputPattern(const QString &regex);
};

} // namespace tessera::cards
