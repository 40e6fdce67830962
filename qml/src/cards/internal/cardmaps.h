#pragma once
// CardDocument's maps: the typed card model (core/cards) as the QVariant maps the QML card view
// reads (carddocument.h says what they hold).
#include "cards/card.h"

#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

namespace tessera::cardmaps {

// The ids of the inputs among these elements and their children (not those of ShowCard cards).
QStringList inputIds(const std::vector<cards::CardElement> &elements);

// The elements as maps; cardInputs: the inputs of the card they are in and of the cards that
// one is shown in (what an "auto" Submit among them sends).
QVariantList elements(
    const std::vector<cards::CardElement> &elements, const QStringList &cardInputs);
QVariantList actions(const std::vector<cards::CardAction> &actions, const QStringList &cardInputs);
QVariantMap action(const cards::CardAction &action, const QStringList &cardInputs);

// "TextBlock", "Input.Text", ...; "Action.Submit", ...
QString typeName(cards::ElementType type);
QString typeName(cards::ActionType type);

} // namespace tessera::cardmaps
