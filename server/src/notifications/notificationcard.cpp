#include "notifications/notificationcard.h"

#include "cards/cardparser.h"
#include "cards/formcheck.h"

#include <QJsonArray>

#include <algorithm>

namespace tessera::server {

namespace {

QString nameOf(const cards::SubmitAction &submit)
{
    return submit.action->id.isEmpty() ? submit.action->verb : submit.action->id;
}

bool names(const cards::SubmitAction &submit, const QString &actionId)
{
    return submit.action->id == actionId
        || (!submit.action->verb.isEmpty() && submit.action->verb == actionId);
}

} // namespace

std::optional<HttpResponse> NotificationCard::check(
    const NewNotification &notification, const QStringList &hosts)
{
    if (!notification.hasCard())
        return std::nullopt;
    const QString field = QStringLiteral("$.card");
    cards::Card card;
    if (auto refused = FormCheck::checkCard(notification.card, field, hosts, &card))
        return refused;
    const QList<cards::SubmitAction> submits = cards::SubmissionValidator::submitActions(card);
    const QString invalid = QStringLiteral("invalid_card");
    if (!notification.actionable) {
        if (submits.isEmpty())
            return std::nullopt;
        return FormCheck::refusal(invalid, field,
            QStringLiteral("The card has a submit action (“%1”) but the notification asks for no "
                           "decision: make it actionable with an action of that id.")
                .arg(nameOf(submits.constFirst())));
    }
    QStringList actionIds;
    for (const auto &value : notification.actions)
        actionIds.append(value.toObject().value(QStringLiteral("id")).toString());
    for (const cards::SubmitAction &submit : submits) {
        const bool known = std::any_of(actionIds.cbegin(), actionIds.cend(),
            [&submit](const QString &id) { return names(submit, id); });
        if (!known)
            return FormCheck::refusal(invalid, field,
                QStringLiteral("The card's submit action “%1” is not one of the notification's "
                               "“actions” (%2): each Action.Submit or Action.Execute names one by "
                               "its id (or verb).")
                    .arg(nameOf(submit), actionIds.join(QStringLiteral(", "))));
    }
    for (qsizetype i = 0; i < actionIds.size(); ++i) {
        const bool shown = std::any_of(submits.cbegin(), submits.cend(),
            [&](const cards::SubmitAction &submit) { return names(submit, actionIds.at(i)); });
        if (!shown)
            return FormCheck::refusal(invalid, QStringLiteral("$.actions[%1]").arg(i),
                QStringLiteral("The action “%1” has no Action.Submit or Action.Execute of that id "
                               "(or verb) in the card: with a card, its submit actions are the "
                               "item's buttons.")
                    .arg(actionIds.at(i)));
    }
    return std::nullopt;
}

QList<cards::InputError> NotificationCard::checkInputs(
    const QString &storedCard, const QString &action, const QJsonObject &inputs)
{
    if (storedCard.isEmpty())
        return inputs.isEmpty() ? QList<cards::InputError> {}
                                : cards::SubmissionValidator::validate(cards::Card {}, {}, inputs);
    // Checked at create: parsed here for its inputs and actions only.
    const cards::CardParseResult parsed = cards::CardParser().parse(storedCard.toUtf8());
    const QList<cards::SubmitAction> submits =
        cards::SubmissionValidator::submitActions(parsed.card);
    // The action is one of the notification's (checked by the caller), so the card has its
    // submit action; without one, every input is unknown.
    const cards::SubmitAction *chosen =
        action.isEmpty() ? nullptr : cards::SubmissionValidator::findAction(submits, action);
    return cards::SubmissionValidator::validate(
        parsed.card, chosen ? chosen->inputIds : QStringList {}, inputs);
}

} // namespace tessera::server
