#include "services/formcheck.h"

#include "cards/cardhosts.h"
#include "cards/cardparser.h"

#include <QJsonObject>

namespace tessera::server {

namespace {

void collect(const cards::Card &card, QList<const cards::CardAction *> &found);

void collect(const std::vector<cards::CardAction> &actions, QList<const cards::CardAction *> &found)
{
    for (const cards::CardAction &action : actions) {
        if (action.type == cards::ActionType::Submit || action.type == cards::ActionType::Execute)
            found.append(&action);
        if (action.card)
            collect(*action.card, found);
    }
}

void collect(
    const std::vector<cards::CardElement> &elements, QList<const cards::CardAction *> &found)
{
    for (const cards::CardElement &element : elements) {
        collect(element.actions, found);
        collect(element.items, found);
    }
}

void collect(const cards::Card &card, QList<const cards::CardAction *> &found)
{
    collect(card.body, found);
    collect(card.actions, found);
}

// A parser's path ("$", "$.body[2].url") inside the request body's field ("$.form").
QString within(const QString &field, const QString &path)
{
    return path == QLatin1String("$") ? field : field + path.mid(1);
}

} // namespace

FormCheck::FormCheck(QStringList ownHosts)
    : m_ownHosts(std::move(ownHosts))
{ }

std::optional<QStringList> FormCheck::allowedHosts(QSqlDatabase &db, const QString &apiKeyId) const
{
    const std::optional<QStringList> keyHosts = CardHosts::ofKey(db, apiKeyId);
    if (!keyHosts)
        return std::nullopt;
    return m_ownHosts + *keyHosts;
}

std::optional<HttpResponse> FormCheck::checkCard(
    const QJsonValue &value, const QString &field, const QStringList &hosts, cards::Card *card)
{
    if (!value.isObject())
        return refusal(QStringLiteral("invalid_card"), field,
            QStringLiteral("An Adaptive Card (a JSON object) is required here."));
    cards::CardParserOptions options;
    options.allowedHosts = hosts;
    cards::CardParseResult parsed = cards::CardParser(options).parse(value.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        return refusal(QStringLiteral("invalid_card"), within(field, first.path), first.message);
    }
    if (card)
        *card = std::move(parsed.card);
    return std::nullopt;
}

std::optional<HttpResponse> FormCheck::checkForm(
    const QJsonValue &value, const QString &field, const QStringList &hosts)
{
    cards::Card card;
    if (auto refused = checkCard(value, field, hosts, &card))
        return refused;
    if (card.inputs().isEmpty() || submitActions(card).isEmpty())
        return refusal(QStringLiteral("invalid_card"), field,
            QStringLiteral("A service's form needs at least one input and one Action.Submit or "
                           "Action.Execute."));
    return std::nullopt;
}

QList<const cards::CardAction *> FormCheck::submitActions(const cards::Card &card)
{
    QList<const cards::CardAction *> found;
    collect(card, found);
    return found;
}

HttpResponse FormCheck::refusal(const QString &code, const QString &path, const QString &message)
{
    return http::errorWith(422, code, message, QJsonObject { { QStringLiteral("path"), path } });
}

} // namespace tessera::server
