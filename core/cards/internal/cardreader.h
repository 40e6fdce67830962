#pragma once
// Reads cards, elements and actions into the model for CardParser, with the spec's fallback
// rules: an element of an unknown type, or whose `requires` the host does not meet, is replaced
// by its `fallback` (an element, or "drop"); with no fallback of its own, the nearest ancestor
// with one falls back instead, and with none at all it is dropped. Actions the same way.
#include "cards/card.h"
#include "cards/internal/parsecontext.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace tessera::cards::internal {

class CardReader
{
public:
    explicit CardReader(ParseContext &context);

    Card card(const QJsonObject &object, const QString &path, int depth, bool root);

private:
    // Elements (cardreader.cpp). bubble: this element could not render, has no fallback of its
    // own and an ancestor has one (ancestorFallback): the ancestor must fall back.
    std::vector<CardElement> elements(const QJsonValue &value, const QString &path, int depth,
        bool ancestorFallback, bool &bubble);
    std::optional<CardElement> element(const QJsonValue &value, const QString &path, int depth,
        bool ancestorFallback, bool &bubble);
    bool readKnown(
        CardElement &element, const QJsonObject &object, int depth, bool fallback, bool &bubble);
    // An element that rendered: its fallback is still checked, its report entries dropped.
    void checkUnusedFallback(const QJsonObject &object, const QString &path, int depth);
    // Empty when the host has what `requires` names (or it names nothing), else the first need
    // it does not meet ("requires adaptiveCards 1.6, this host has 1.5").
    QString unmetRequirement(const QJsonObject &object, const QString &path);
    void readCommon(CardElement &element, const QJsonObject &object, int depth);
    void readContainer(
        CardElement &element, const QJsonObject &object, int depth, bool fallback, bool &bubble);
    void readColumnSet(
        CardElement &element, const QJsonObject &object, int depth, bool fallback, bool &bubble);
    void readTable(
        CardElement &element, const QJsonObject &object, int depth, bool fallback, bool &bubble);
    std::vector<CardElement> fixedChildren(const QJsonValue &value, const QString &path,
        QLatin1String key, ElementType type, int depth, bool fallback, bool &bubble);

    // Leaf elements (elementproperties.cpp).
    void readTextBlock(CardElement &element, const QJsonObject &object);
    void readRichTextBlock(CardElement &element, const QJsonObject &object, int depth);
    void readImage(CardElement &element, const QJsonObject &object, int depth);
    void readImageSet(CardElement &element, const QJsonObject &object, int depth);
    void readFactSet(CardElement &element, const QJsonObject &object);
    // The Tessera host extension of a TextBlock or a fact: `"tessera": {"secret": true}`.
    bool readSecret(const QJsonObject &object, const QString &path);
    void readInput(CardElement &element, const QJsonObject &object);
    void readTextInput(CardElement &element, const QJsonObject &object);
    void readRangeInput(CardElement &element, const QJsonObject &object);
    void readChoiceSet(CardElement &element, const QJsonObject &object);

    // Actions (actionreader.cpp).
    std::vector<CardAction> actions(
        const QJsonValue &value, const QString &path, int depth, bool allowShowCard);
    std::optional<CardAction> action(
        const QJsonValue &value, const QString &path, int depth, bool allowShowCard);
    std::shared_ptr<const CardAction> selectAction(
        const QJsonObject &object, const QString &path, int depth);
    bool readAction(CardAction &action, const QJsonObject &object, int depth, bool allowShowCard);

    ParseContext &m_context;
};

} // namespace tessera::cards::internal
