#include "cards/formcheck.h"

#include "cards/cardhosts.h"
#include "cards/cardlimits.h"
#include "cards/cardparser.h"

#include <QJsonArray>
#include <QJsonDocument>
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
    // The parser checks the size of a card's text; inside a larger body it is checked here.
    if (QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).size() > cards::maxCardBytes)
        return refusal(QStringLiteral("invalid_card"), field,
            QStringLiteral("the card is larger than %1 KiB").arg(cards::maxCardBytes / 1024));
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

std::optional<HttpResponse> FormCheck::checkInputs(
    const cards::Card &card, const QString &action, const QJsonObject &inputs)
{
    const QList<cards::SubmitAction> actions = cards::SubmissionValidator::submitActions(card);
    const cards::SubmitAction *chosen = cards::SubmissionValidator::findAction(actions, action);
    if (!chosen) {
        QStringList names;
        for (const cards::SubmitAction &each : actions)
            names.append(each.action->id.isEmpty() ? each.action->verb : each.action->id);
        names.removeAll(QString());
        const QString choices = names.join(QStringLiteral(", "));
        const QString message = action.isEmpty()
            ? QStringLiteral("This form has more than one submit action: name the one chosen in "
                             "“action” (one of: %1).")
                  .arg(choices)
            : QStringLiteral("“%1” is not one of this form's submit actions (%2).")
                  .arg(action, choices);
        return http::errorWith(422, QStringLiteral("unknown_action"), message,
            QJsonObject { { QStringLiteral("actions"), QJsonArray::fromStringList(names) } });
    }
    // Only the inputs the chosen action sends are checked; any other value is unknown.
    const QList<cards::InputError> errors =
        cards::SubmissionValidator::validate(card, chosen->inputIds, inputs);
    if (errors.isEmpty())
        return std::nullopt;
    return invalidInputs(errors);
}

HttpResponse FormCheck::invalidInputs(const QList<cards::InputError> &errors)
{
    QJsonArray list;
    for (const cards::InputError &error : errors)
        list.append(QJsonObject { { QStringLiteral("input"), error.inputId },
            { QStringLiteral("message"), error.message } });
    return http::errorWith(422, QStringLiteral("invalid_inputs"), errors.constFirst().message,
        QJsonObject { { QStringLiteral("errors"), list } });
}

} // namespace tessera::server
