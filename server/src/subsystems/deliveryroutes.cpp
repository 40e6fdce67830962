#include "subsystems/deliveryroutes.h"

#include "base/clock.h"
#include "crypto/randomtokens.h"
#include "http/jsonreader.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystemevents/subsystemevent.h"
#include "subsystems/callbackprefixes.h"
#include "subsystems/callbackurl.h"
#include "subsystems/deliverylog.h"
#include "subsystems/pinggate.h"
#include "subsystems/webhookdispatcher.h"
#include "subsystems/webhookrequest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such delivery of yours."));
}

// 409 ping_in_progress (the key's own ping is still out) or 503 pings_busy, with Retry-After.
HttpResponse pingRefused(const PingGate::Refusal &refusal, int maxInFlight)
{
    HttpResponse response = refusal.keyBusy
        ? http::error(409, QStringLiteral("ping_in_progress"),
            QStringLiteral("A test ping of this API key is still waiting for its receiver; one "
                           "at a time. Send again when it has answered (at the latest in %1 s, "
                           "Retry-After).")
                .arg(refusal.retryAfterSeconds))
        : http::error(503, QStringLiteral("pings_busy"),
            QStringLiteral("The server is waiting for as many test pings as it sends at once "
                           "(%1). Send again in %2 s (Retry-After).")
                .arg(maxInFlight)
                .arg(refusal.retryAfterSeconds));
    response.setHeader(
        QByteArrayLiteral("Retry-After"), QByteArray::number(refusal.retryAfterSeconds));
    return response;
}

} // namespace

DeliveryRoutes::DeliveryRoutes(
    Storage &storage, const Clock &clock, const SecretSeal &seal, WebhookDispatcher &dispatcher)
    : m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
    , m_dispatcher(dispatcher)
    , m_pings(dispatcher.timeout())
{ }

void DeliveryRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Get, QStringLiteral("/v1/subsystem/deliveries"), ApiScope::DeliveriesRead,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(M::Post, QStringLiteral("/v1/subsystem/deliveries/{id}/redeliver"),
        ApiScope::DeliveriesWrite,
        [this](const HttpRequest &request) { return redeliver(request); });
    routes.add(M::Post, QStringLiteral("/v1/subsystem/ping"), ApiScope::DeliveriesWrite,
        [this](const HttpRequest &request) { return ping(request); });
}

HttpResponse DeliveryRoutes::list(const HttpRequest &request)
{
    const QString state = request.query.queryItemValue(QStringLiteral("state"));
    if (!state.isEmpty() && state != QLatin1String("pending") && state != QLatin1String("delivered")
        && state != QLatin1String("dead"))
        return http::badRequest(QStringLiteral("“state” must be pending, delivered or dead."));
    const std::optional<int> limit =
        request.pageLimit(DeliveryLog::defaultPageSize, DeliveryLog::maxPageSize);
    if (!limit)
        return http::badRequest(
            QStringLiteral("“limit” must be a number from 1 to %1.").arg(DeliveryLog::maxPageSize));
    const QString cursor = request.query.queryItemValue(QStringLiteral("cursor"));
    if (cursor.size() > 200)
        return http::badRequest(QStringLiteral("“cursor” is not one this server gave."));
    QSqlDatabase db = m_storage.connection();
    bool badCursor = false;
    const std::optional<DeliveryLog::Page> page =
        DeliveryLog::ofKey(db, request.principal->apiKeyId, state, cursor, *limit, &badCursor);
    if (badCursor)
        return http::badRequest(QStringLiteral("“cursor” is not one this server gave."));
    if (!page)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("deliveries"), page->deliveries },
        { QStringLiteral("cursor"),
            page->cursor.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(page->cursor) },
        { QStringLiteral("hasMore"), !page->cursor.isEmpty() } });
}

HttpResponse DeliveryRoutes::redeliver(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    const QString apiKeyId = request.principal->apiKeyId;
    QSqlDatabase db = m_storage.connection();
    switch (DeliveryLog::redeliver(db, apiKeyId, id, wiretime::format(m_clock.now()))) {
    case DeliveryLog::Redelivery::Queued:
        break;
    case DeliveryLog::Redelivery::NotFound:
        return notFound();
    case DeliveryLog::Redelivery::AlreadyDelivered:
        return http::error(409, QStringLiteral("already_delivered"),
            QStringLiteral("This delivery was answered with a 2xx already; it is not sent again "
                           "(your receiver acknowledged it)."));
    case DeliveryLog::Redelivery::Pending:
        return http::error(409, QStringLiteral("delivery_pending"),
            QStringLiteral("This delivery is still being retried (see nextAttemptAt); only a "
                           "dead delivery can be redelivered."));
    case DeliveryLog::Redelivery::KeyRevoked: // revoked since the route table checked the key
        return http::error(401, QStringLiteral("invalid_token"),
            QStringLiteral("This API key was revoked: its deliveries are not sent again."));
    case DeliveryLog::Redelivery::Failed:
        return http::internalError();
    }
    // Read before the dispatcher is told, so that the answer shows it queued (another node may
    // still be quicker: the answer is then what happened since).
    const std::optional<QJsonObject> delivery = DeliveryLog::one(db, apiKeyId, id);
    m_dispatcher.kick();
    return delivery ? http::json(*delivery, 202) : http::internalError();
}

HttpResponse DeliveryRoutes::ping(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("callbackUrl") });
    const QString given = reader.string(QStringLiteral("callbackUrl"), 2000);
    if (!reader.ok())
        return http::badRequest(reader.error());
    QString why;
    const std::optional<CallbackUrl> url = CallbackUrl::parse(given, &why);
    if (!url)
        return http::error(
            422, QStringLiteral("callback_invalid"), QStringLiteral("“callbackUrl” %1.").arg(why));
    const QString apiKeyId = request.principal->apiKeyId;
    QSqlDatabase db = m_storage.connection();
    const std::optional<QStringList> prefixes = CallbackPrefixes::ofKey(db, apiKeyId);
    if (!prefixes)
        return http::internalError();
    if (!url->isUnderAny(*prefixes))
        return http::error(422, QStringLiteral("callback_not_allowed"),
            QStringLiteral("“callbackUrl” (%1) is not under any callback prefix of this API key.")
                .arg(url->toString()));
    // One ping in flight per key and a few in all: each waits on a worker thread.
    std::variant<PingGate::Pass, PingGate::Refusal> entered = m_pings.enter(apiKeyId);
    if (const auto *refused = std::get_if<PingGate::Refusal>(&entered))
        return pingRefused(*refused, m_pings.maxInFlight());
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT webhook_secret, previous_secret, previous_until FROM api_keys"
                           " WHERE id = ?"),
            { apiKeyId })
        || !query.next())
        return http::internalError();
    const QDateTime now = m_clock.now();
    // Signed as deliveries are: during a rotation's overlap with both secrets.
    const std::optional<QList<QByteArray>> secrets =
        WebhookDispatcher::signingSecrets(m_seal, apiKeyId, query.value(0).toString(),
            query.value(1).toString(), query.value(2).toString(), wiretime::format(now));
    query.finish();
    if (!secrets)
        return http::internalError();

    const QString deliveryId = randomtokens::urlSafe(QStringLiteral("dlv_"), 16);
    // The event object like any other (its notification fields null), built in one place.
    const QByteArray payload = SubsystemEvent::webhookBody(
        SubsystemEvent::make(SubsystemEvent::Type::Ping, {}, {}, wiretime::format(now)), deliveryId)
                                   .toUtf8();
    // HTTP outside any transaction: nothing of the database is held while the receiver thinks.
    QElapsedTimer took;
    took.start();
    const WebhookRequest::Outcome outcome = WebhookRequest::postAndWait(
        WebhookRequest::make(*url, deliveryId, payload, *secrets, now.toSecsSinceEpoch()), payload,
        m_dispatcher.timeout());
    return http::json(QJsonObject { { QStringLiteral("deliveryId"), deliveryId },
        { QStringLiteral("url"), url->toString() },
        { QStringLiteral("delivered"), outcome.delivered() },
        { QStringLiteral("status"),
            outcome.status ? QJsonValue(*outcome.status) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("error"),
            outcome.delivered() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.error) },
        { QStringLiteral("milliseconds"), took.elapsed() } });
}

} // namespace tessera::server
