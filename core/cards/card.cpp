#include "cards/card.h"

namespace tessera::cards {

namespace {

void collectInputs(const Card &card, QList<const CardElement *> &inputs);

void collectActions(const std::vector<CardAction> &actions, QList<const CardElement *> &inputs)
{
    for (const CardAction &action : actions) {
        if (action.card)
            collectInputs(*action.card, inputs);
    }
}

void collectElements(const std::vector<CardElement> &elements, QList<const CardElement *> &inputs)
{
    for (const CardElement &element : elements) {
        if (element.isInput())
            inputs.append(&element);
        collectElements(element.items, inputs);
        collectActions(element.actions, inputs);
    }
}

void collectInputs(const Card &card, QList<const CardElement *> &inputs)
{
    collectElements(card.body, inputs);
    collectActions(card.actions, inputs);
}

} // namespace

bool CardElement::isInput() const
{
    switch (type) {
    case ElementType::InputText:
    case ElementType::InputNumber:
    case ElementType::InputDate:
    case ElementType::InputTime:
    case ElementType::InputToggle:
    case ElementType::InputChoiceSet:
        return true;
    default:
        return false;
    }
}

QList<const CardElement *> Card::inputs() const
{
    QList<const CardElement *> list;
    collectInputs(*this, list);
    return list;
}

} // namespace tessera::cards
