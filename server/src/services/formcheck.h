#pragma once

#include "cards/card.h"
#include "http/httpresponses.h"

#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The cards a sub-system sends with a service (its form) or a submission's status (a result
// card), checked with core's CardParser against the hosts the key's cards may link to. A problem
// answers 422 invalid_card with the JSON path inside the request body ("$.form.body[3].url").
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

private:
    QStringList m_ownHosts;
};

} // namespace tessera::server
