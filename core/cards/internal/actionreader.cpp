// The actions of CardReader: Action.Submit, OpenUrl, ShowCard, ToggleVisibility and Execute.
#include "cards/cardlimits.h"
#include "cards/internal/cardreader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace tessera::cards::internal {

namespace {

const QHash<QString, ActionType> &actionTypes()
{
    static const QHash<QString, ActionType> types {
        { QStringLiteral("Action.Submit"), ActionType::Submit },
        { QStringLiteral("Action.OpenUrl"), ActionType::OpenUrl },
        { QStringLiteral("Action.ShowCard"), ActionType::ShowCard },
        { QStringLiteral("Action.ToggleVisibility"), ActionType::ToggleVisibility },
        { QStringLiteral("Action.Execute"), ActionType::Execute },
    };
    return types;
}

QStringList words(const char *list)
{
    return QString::fromLatin1(list).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

std::vector<CardAction> CardReader::actions(
    const QJsonValue &value, const QString &path, int depth, bool allowShowCard)
{
    std::vector<CardAction> list;
    if (!value.isArray()) {
        m_context.problem(path, QStringLiteral("must be an array of actions"));
        return list;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        std::optional<CardAction> item =
            action(array.at(i), ParseContext::index(path, i), depth, allowShowCard);
        if (item)
            list.push_back(std::move(*item));
    }
    return list;
}

std::shared_ptr<const CardAction> CardReader::selectAction(
    const QJsonObject &object, const QString &path, int depth)
{
    const QLatin1String key("selectAction");
    if (!object.contains(key))
        return nullptr;
    std::optional<CardAction> item =
        action(object.value(key), ParseContext::member(path, key), depth + 1, false);
    if (!item)
        return nullptr;
    return std::make_shared<const CardAction>(std::move(*item));
}

std::optional<CardAction> CardReader::action(
    const QJsonValue &value, const QString &path, int depth, bool allowShowCard)
{
    if (depth > maxCardDepth) {
        m_context.problem(path, QStringLiteral("nested deeper than %1 levels").arg(maxCardDepth));
        return std::nullopt;
    }
    if (!value.isObject()) {
        m_context.problem(path, QStringLiteral("must be an action (an object)"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (!m_context.count(path))
        return std::nullopt;
    const QString type = m_context.string(object, path, QLatin1String("type"));
    CardAction item;
    item.path = path;
    QString reason;
    const qsizetype entries = m_context.result().entries.size();
    if (!actionTypes().contains(type)
        || (actionTypes().value(type) == ActionType::ShowCard && !allowShowCard)) {
        reason = QStringLiteral("unknown action type %1 here").arg(type);
    } else if (const QString unmet = unmetRequirement(object, path); !unmet.isEmpty()) {
        reason = unmet;
    } else {
        item.type = actionTypes().value(type);
        if (readAction(item, object, depth, allowShowCard)) {
            m_context.result().entries.insert(
                entries, CardReportEntry { path, type, CardOutcome::Rendered, {} });
            return item;
        }
        reason = QStringLiteral("an element inside it cannot render");
    }
    m_context.result().entries.resize(entries);
    const QJsonValue fallback = object.value(QLatin1String("fallback"));
    if (fallback.isObject()) {
        m_context.report(path, type, CardOutcome::FellBack, reason);
        return action(fallback, ParseContext::member(path, QLatin1String("fallback")), depth + 1,
            allowShowCard);
    }
    if (!fallback.isUndefined() && fallback != QJsonValue(QStringLiteral("drop")))
        m_context.problem(ParseContext::member(path, QLatin1String("fallback")),
            QStringLiteral("must be an action or \"drop\""));
    m_context.report(path, type, CardOutcome::Dropped, reason);
    return std::nullopt;
}

bool CardReader::readAction(
    CardAction &item, const QJsonObject &object, int depth, bool allowShowCard)
{
    Q_UNUSED(allowShowCard)
    const QString &path = item.path;
    item.id = m_context.string(object, path, QLatin1String("id"));
    item.title = m_context.text(object, path, QLatin1String("title"));
    item.tooltip = m_context.text(object, path, QLatin1String("tooltip"));
    item.style = m_context.choice(object, path, QLatin1String("style"),
        words("default positive destructive"), QStringLiteral("default"));
    item.isEnabled = m_context.boolean(object, path, QLatin1String("isEnabled"), true);
    item.mode = m_context.choice(
        object, path, QLatin1String("mode"), words("primary secondary"), QStringLiteral("primary"));
    QStringList known = words("type id title tooltip style isEnabled mode fallback requires");
    switch (item.type) {
    case ActionType::Execute:
        item.verb = m_context.string(object, path, QLatin1String("verb"));
        known.append(QStringLiteral("verb"));
        [[fallthrough]];
    case ActionType::Submit: {
        const QJsonValue data = object.value(QLatin1String("data"));
        if (data.isObject())
            item.data = QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact);
        else if (data.isArray())
            item.data = QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact);
        else if (!data.isUndefined() && !data.isNull())
            item.data =
                QJsonDocument(QJsonArray { data }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        item.associatedInputs = m_context.choice(object, path, QLatin1String("associatedInputs"),
            words("auto none"), QStringLiteral("auto"));
        known += words("data associatedInputs");
        break;
    }
    case ActionType::OpenUrl:
        item.url = m_context.link(object, path, QLatin1String("url"), true);
        known.append(QStringLiteral("url"));
        break;
    case ActionType::ShowCard: {
        const QJsonValue card = object.value(QLatin1String("card"));
        const QString cardPath = ParseContext::member(path, QLatin1String("card"));
        known.append(QStringLiteral("card"));
        if (!card.isObject()) {
            m_context.problem(cardPath, QStringLiteral("must be an AdaptiveCard"));
            break;
        }
        if (depth + 1 > maxCardDepth) {
            m_context.problem(
                cardPath, QStringLiteral("nested deeper than %1 levels").arg(maxCardDepth));
            break;
        }
        item.card =
            std::make_shared<const Card>(this->card(card.toObject(), cardPath, depth + 1, false));
        break;
    }
    case ActionType::ToggleVisibility: {
        known.append(QStringLiteral("targetElements"));
        const QString targetsPath = ParseContext::member(path, QLatin1String("targetElements"));
        const QJsonValue targets = object.value(QLatin1String("targetElements"));
        if (!targets.isArray()) {
            m_context.problem(targetsPath, QStringLiteral("must be an array of element ids"));
            break;
        }
        const QJsonArray array = targets.toArray();
        for (qsizetype i = 0; i < array.size() && i < maxCardElements; ++i) {
            const QString targetPath = ParseContext::index(targetsPath, i);
            if (array.at(i).isString()) {
                item.targetElements.append(ToggleTarget { array.at(i).toString(), std::nullopt });
                continue;
            }
            const QJsonObject target = array.at(i).toObject();
            if (!array.at(i).isObject() || !target.value(QLatin1String("elementId")).isString()) {
                m_context.problem(targetPath, QStringLiteral("must be an element id"));
                continue;
            }
            std::optional<bool> visible;
            if (target.contains(QLatin1String("isVisible")))
                visible = m_context.boolean(target, targetPath, QLatin1String("isVisible"), true);
            item.targetElements.append(
                ToggleTarget { target.value(QLatin1String("elementId")).toString(), visible });
        }
        break;
    }
    }
    m_context.ignoreUnknown(object, path, actionTypes().key(item.type), known);
    return true;
}

} // namespace tessera::cards::internal
