#pragma once

#include "cards/submissionvalidator.h"
#include "http/httpresponses.h"
#include "notifications/newnotification.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// A notification's card (docs/NOTIFICATIONS.md, "A card as the body"). At create it is checked as
// a Home card is (FormCheck: the limits, links only to the key's card hosts; 422 invalid_card with
// the JSON path inside the body), and its submit actions are tied to the notification's actions:
// an actionable notification's card has an Action.Submit or Action.Execute for each entry of
// "actions" (its id, or an Action.Execute's verb, is the action's id) and no other; a card of a
// notification that asks for no decision has none. At a decision, the inputs sent are checked
// against what the chosen action's submit action sends (cards::SubmissionValidator).
class NotificationCard
{
public:
    // nullopt when notification may be stored (it has no card, or a card that fits), else the
    // 422 that refuses it. hosts: where the key's cards may link (FormCheck::allowedHosts).
    static std::optional<HttpResponse> check(
        const NewNotification &notification, const QStringList &hosts);
    // What is wrong with inputs sent with action on a notification whose stored card is
    // storedCard (compact JSON; empty: no card, so every input is unknown). Empty when they fit.
    static QList<cards::InputError> checkInputs(
        const QString &storedCard, const QString &action, const QJsonObject &inputs);
};

} // namespace tessera::server
