#include "cards/cardrequest.h"

#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <cmath>

namespace tessera::server {

namespace {

const QString keyCard = QStringLiteral("card");
const QString keyAudience = QStringLiteral("audience");
const QString keyOrder = QStringLiteral("order");
const QString keyExpiresAt = QStringLiteral("expiresAt");

std::optional<CardRequest> refuse(
    CardRequest::Problem *problem, const QString &code, const QString &path, const QString &message)
{
    *problem = { code, path, message };
    return std::nullopt;
}

} // namespace

std::optional<CardRequest> CardRequest::read(const QJsonObject &body,
    const QStringList &allowedHosts, const QDateTime &now, Problem *problem)
{
    const QString invalidField = QStringLiteral("invalid_field");
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != keyCard && it.key() != keyAudience && it.key() != keyOrder
            && it.key() != keyExpiresAt)
            return refuse(problem, invalidField, QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of a card (card, audience, order, expiresAt)"));
    }

    CardRequest request;
    const QJsonValue card = body.value(keyCard);
    if (!card.isObject())
        return refuse(problem, QStringLiteral("invalid_card"), QStringLiteral("$.card"),
            QStringLiteral("must be an Adaptive Card (a JSON object)"));
    cards::CardParserOptions options;
    options.allowedHosts = allowedHosts;
    const cards::CardParseResult parsed = cards::CardParser(options).parse(card.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        // The parser's paths start at the card ("$", "$.body[1].url"): inside the body it sits
        // under "card".
        return refuse(problem, QStringLiteral("invalid_card"),
            QStringLiteral("$.card") + first.path.mid(1), first.message);
    }
    request.card = card.toObject();

    Audience::Problem audienceProblem;
    const std::optional<Audience> audience =
        Audience::fromJson(body.value(keyAudience), QStringLiteral("$.audience"), &audienceProblem);
    if (!audience)
        return refuse(problem, QStringLiteral("invalid_audience"), audienceProblem.path,
            audienceProblem.message);
    request.audience = *audience;

    const QJsonValue order = body.value(keyOrder);
    if (!order.isUndefined()) {
        const double number = order.toDouble(std::nan(""));
        if (!order.isDouble() || number != std::floor(number) || number < minOrder
            || number > maxOrder)
            return refuse(problem, invalidField, QStringLiteral("$.order"),
                QStringLiteral("must be a whole number from %1 to %2").arg(minOrder).arg(maxOrder));
        request.order = int(number);
    }

    const QJsonValue expiresAt = body.value(keyExpiresAt);
    if (!expiresAt.isUndefined() && !expiresAt.isNull()) {
        const std::optional<QDateTime> at =
            expiresAt.isString() ? wiretime::parse(expiresAt.toString()) : std::nullopt;
        if (!at)
            return refuse(problem, invalidField, QStringLiteral("$.expiresAt"),
                QStringLiteral("must be an RFC 3339 time such as 2026-12-24T18:00:00Z"));
        if (*at <= now)
            return refuse(problem, invalidField, QStringLiteral("$.expiresAt"),
                QStringLiteral("must be in the future"));
        request.expiresAt = at;
    }
    return request;
}

} // namespace tessera::server
