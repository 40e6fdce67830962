#include "services/formcheck.h"

#include "cards/cardhosts.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"

#include <QJsonObject>

namespace tessera::server {

namespace {

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
    if (card.inputs().isEmpty() || cards::SubmissionValidator::submitActions(card).isEmpty())
        return refusal(QStringLiteral("invalid_card"), field,
            QStringLiteral("A service's form needs at least one input and one Action.Submit or "
                           "Action.Execute."));
    return std::nullopt;
}

HttpResponse FormCheck::refusal(const QString &code, const QString &path, const QString &message)
{
    return http::errorWith(422, code, message, QJsonObject { { QStringLiteral("path"), path } });
}

} // namespace tessera::server
