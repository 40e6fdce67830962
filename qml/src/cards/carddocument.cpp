#include "cards/carddocument.h"

#include "cards/cardparser.h"
#include "cards/internal/cardmaps.h"

#include <QJSValue>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace tessera {

CardDocument::CardDocument(QObject *parent)
    : QObject(parent)
{ }

void CardDocument::setJson(const QVariant &json)
{
    m_json = json;
    QVariant value = json;
    if (value.canConvert<QJSValue>() && value.metaType() == QMetaType::fromType<QJSValue>())
        value = value.value<QJSValue>().toVariant();
    cards::CardParseResult result;
    const cards::CardParser parser;
    if (value.metaType() == QMetaType::fromType<QByteArray>())
        result = parser.parse(value.toByteArray());
    else if (value.metaType() == QMetaType::fromType<QString>())
        result = parser.parse(value.toString().toUtf8());
    else if (value.metaType() == QMetaType::fromType<QVariantMap>())
        result = parser.parse(QJsonObject::fromVariantMap(value.toMap()));
    else
        result = parser.parse(QByteArray());

    m_valid = result.isValid();
    m_problems.clear();
    for (const cards::CardProblem &problem : std::as_const(result.problems))
        m_problems.append(QVariantMap { { QStringLiteral("path"), problem.path },
            { QStringLiteral("message"), problem.message } });
    // An invalid card shows nothing (what is wrong is in problems).
    const cards::Card empty;
    const cards::Card &card = m_valid ? result.card : empty;
    const QStringList inputs = cardmaps::inputIds(card.body);
    m_body = cardmaps::elements(card.body, inputs);
    m_actions = cardmaps::actions(card.actions, inputs);
    m_links = card.links;
    m_selectAction =
        card.selectAction ? cardmaps::action(*card.selectAction, inputs) : QVariantMap();
    m_fallbackText = card.fallbackText;
    m_speak = card.speak;
    Q_EMIT jsonChanged();
    Q_EMIT changed();
}

QString CardDocument::linkHost(int link) const
{
    if (link < 0 || link >= m_links.size())
        return {};
    return QUrl(m_links.at(link)).host().toLower();
}

} // namespace tessera
