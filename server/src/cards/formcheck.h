#pragma once

#include "cards/card.h"
#include "cards/submissionvalidator.h"
#include "http/httpresponses.h"

#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The cards a sub-system sends with a service (its form), a submission's status (a result card)
// or a notification (its card), checked with core's CardParser against the hosts the key's cards
// may link to. A problem answers 422 invalid_card with the JSON path inside the request body
// ("$.form.body[3].url"). What a person fills in such a card is checked here too (checkInputs).
class FormCheck
{
public:
    // ownHosts: the server's own hosts, where every key's cards may link.
    explicit FormCheck(QStringList ownHosts);

    // The hosts apiKeyId's cards may link to: the server's own and the key's allowed card hosts
    // (cards/cardhosts, read from db). nullopt when the database failed.
    std::optional<QStringList> allowedHosts(QSqlDatabase &db, const QString &apiKeyId) const;

    // The card at field ("$.resultCard") of a request body; the refusal when it is none or not
    // valid, else nullopt with *card filled (when given).
    static std::optional<HttpResponse> checkCard(const QJsonValue &value, const QString &field,
        const QStringList &hosts, cards::Card *card = nullptr);
    // As checkCard, and a form: at least one input and one Action.Submit or Action.Execute.
    static std::optional<HttpResponse> checkForm(
        const QJsonValue &value, const QString &field, const QStringList &hosts);
    // 422 code with the JSON path of the problem beside the error.
    static HttpResponse refusal(const QString &code, const QString &path, const QString &message);

    // What a person sends with a card's submit action (the one action names:
    // cards::SubmissionValidator::findAction): 422 unknown_action
    // (naming the card's actions) when no action matches, 422 invalid_inputs (each input's error,
    // cards::SubmissionValidator) when the values do not fit what the action sends; nullopt when
    // they may be taken.
    static std::optional<HttpResponse> checkInputs(
        const cards::Card &card, const QString &action, const QJsonObject &inputs);
    // 422 invalid_inputs: {"errors":[{"input","message"}]} and the first message.
    static HttpResponse invalidInputs(const QList<cards::InputError> &errors);

private:
    QStringList m_ownHosts;
};

} // namespace tessera::server
