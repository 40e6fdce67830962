#include "cards/cardroutes.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/cardhosts.h"
#include "cards/cardservice.h"
#include "cards/formcheck.h"
#include "feed/deltaroute.h"
#include "http/jsonreader.h"
#include "http/ownobjectroutes.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return OwnObjectRoutes::notFound(QStringLiteral("card"));
}

HttpResponse refusal(const CardRequest::Problem &problem)
{
    return FormCheck::refusal(problem.code, problem.path, problem.message);
}

} // namespace

CardRoutes::CardRoutes(CardService &service)
    : m_service(service)
{ }

void CardRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    OwnObjectRoutes::addPutAndDelete(
        routes, QStringLiteral("/v1/subsystem/cards/{cardId}"), ApiScope::CardsWrite, cardBodyBytes,
        [this](const HttpRequest &request) { return put(request); },
        [this](const HttpRequest &request) { return remove(request); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/cards"), ApiScope::CardsWrite,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/api-keys/{id}/card-hosts"), Access::Admin,
        [this](const HttpRequest &request) { return changeHosts(request); });
    routes.add(M::Get, QStringLiteral("/v1/cards"), Access::SignedIn,
        [this](const HttpRequest &request) { return changes(request); });
}

HttpResponse CardRoutes::put(const HttpRequest &request)
{
    const QString apiKeyId = request.principal->apiKeyId;
    HttpResponse refused;
    const std::optional<OwnObjectRoutes::Put> given = OwnObjectRoutes::readPut(
        request, QStringLiteral("A card id"), m_service, apiKeyId, &refused);
    if (!given)
        return refused;
    CardRequest::Problem problem;
    const std::optional<CardRequest> card =
        CardRequest::read(given->body, given->hosts, m_service.clock().now(), &problem);
    if (!card)
        return refusal(problem);
    const CardService::PutResult result = m_service.put(apiKeyId, given->id, *card);
    using Outcome = CardService::PutResult::Outcome;
    switch (result.outcome) {
    case Outcome::Created:
    case Outcome::Replaced:
        return http::json(
            QJsonObject {
                { QStringLiteral("id"), result.card.id },
                { QStringLiteral("cardId"), result.card.cardId },
                { QStringLiteral("version"), result.card.version },
                { QStringLiteral("updatedAt"), result.card.updatedAt },
            },
            result.outcome == Outcome::Created ? 201 : 200);
    case Outcome::TooMany:
        return refusal({ QStringLiteral("too_many_cards"), QStringLiteral("$"),
            QStringLiteral("This API key has %1 live cards already: delete one first.")
                .arg(CardService::maxLiveCardsPerKey) });
    case Outcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse CardRoutes::remove(const HttpRequest &request)
{
    return OwnObjectRoutes::remove(request, notFound(), [&](const QString &cardId) {
        return m_service.remove(request.principal->apiKeyId, cardId);
    });
}

HttpResponse CardRoutes::list(const HttpRequest &request)
{
    const std::optional<QJsonArray> cards = m_service.list(request.principal->apiKeyId);
    if (!cards)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("cards"), *cards } });
}

HttpResponse CardRoutes::changeHosts(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("hosts") });
    const QStringList given = reader.stringList(QStringLiteral("hosts"), 100, 300);
    if (!reader.ok())
        return http::badRequest(reader.error());
    if (!body->value(QStringLiteral("hosts")).isArray())
        return http::badRequest(QStringLiteral("“hosts” is required: a list of host names."));
    const std::optional<QStringList> hosts = CardHosts::normalized(given, &error);
    if (!hosts)
        return http::error(422, QStringLiteral("invalid_host"), error);
    const QString id = request.params.value(0);
    QSqlDatabase db = m_service.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("SELECT subsystem, card_hosts FROM api_keys WHERE id = ? AND"
                           " revoked_at IS NULL"),
            { id }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such active API key."));
    const QString subsystem = query.value(0).toString();
    const QString before = query.value(1).toString();
    if (!sql::exec(query, QStringLiteral("UPDATE api_keys SET card_hosts = ? WHERE id = ?"),
            { CardHosts::toStored(*hosts), id }))
        return http::internalError();
    writeAudit(db, m_service.clock().now(), request.principal->userId,
        QStringLiteral("change_api_key_card_hosts"), id,
        QStringLiteral("card hosts %1 (were %2)")
            .arg(CardHosts::toStored(*hosts), before.isEmpty() ? QStringLiteral("none") : before));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << id << "card hosts now" << *hosts;
    return http::json(
        QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("subsystem"), subsystem },
            { QStringLiteral("cardHosts"), QJsonArray::fromStringList(*hosts) } });
}

HttpResponse CardRoutes::changes(const HttpRequest &request)
{
    return DeltaRoute::answer(
        request, m_service.connection(), QStringLiteral("cards"),
        [this](const QString &userId, qint64 since) { return m_service.changesFor(userId, since); },
        &CardService::Page::cards);
}

} // namespace tessera::server
