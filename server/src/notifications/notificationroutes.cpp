#include "notifications/notificationroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "feed/changefeed.h"
#include "http/idempotentrequest.h"
#include "notifications/notificationcard.h"
#include "notifications/notificationreader.h"
#include "notifications/notificationservice.h"
#include "notifications/sentnotifications.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(404, QStringLiteral("not_found"),
        QStringLiteral("There is no such notification of yours."));
}

HttpResponse answer(const CreateResult &result)
{
    switch (result.outcome) {
    case CreateResult::Outcome::Created:
        return http::json(QJsonObject { { QStringLiteral("id"), result.id },
                              { QStringLiteral("recipientCount"), result.recipientCount },
                              { QStringLiteral("dropped"), result.droppedJson() } },
            201);
    case CreateResult::Outcome::CallbackRequired:
        return http::error(422, QStringLiteral("callback_required"),
            QStringLiteral("A notification with actions needs a “callbackUrl” for its decision's "
                           "webhook, or \"delivery\": \"poll\" to read the decision from "
                           "GET /v1/subsystem/events instead."));
    case CreateResult::Outcome::CallbackInvalid:
        return http::error(422, QStringLiteral("callback_invalid"),
            QStringLiteral("“callbackUrl” %1.").arg(result.detail));
    case CreateResult::Outcome::CallbackNotAllowed:
        return http::error(422, QStringLiteral("callback_not_allowed"),
            QStringLiteral("“callbackUrl” (%1) is not under any callback prefix of this API key.")
                .arg(result.detail));
    case CreateResult::Outcome::NoRecipients:
        // The users named and left out, as in the created answer.
        return http::errorWith(422, QStringLiteral("no_recipients"),
            QStringLiteral("No employee matches the recipients."),
            QJsonObject { { QStringLiteral("dropped"), result.droppedJson() } });
    case CreateResult::Outcome::ApprovalInvalid:
        return http::error(422, QStringLiteral("approval_invalid"), result.detail);
    case CreateResult::Outcome::Failed:
        break;
    }
    return http::internalError();
}

} // namespace

NotificationRoutes::NotificationRoutes(NotificationService &service, const FormCheck &check)
    : m_service(service)
    , m_check(check)
{ }

void NotificationRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Post, QStringLiteral("/v1/notifications"), ApiScope::NotificationsWrite,
        [this](const HttpRequest &request) { return create(request); });
    routes.add(M::Get, QStringLiteral("/v1/notifications"), ApiScope::NotificationsRead,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(M::Get, QStringLiteral("/v1/notifications/{id}"), ApiScope::NotificationsRead,
        [this](const HttpRequest &request) { return one(request); });
    routes.add(M::Delete, QStringLiteral("/v1/notifications/{id}"), ApiScope::NotificationsWrite,
        [this](const HttpRequest &request) { return withdraw(request); });
    routes.add(M::Get, QStringLiteral("/v1/notifications/{id}/deliveries"),
        ApiScope::NotificationsRead,
        [this](const HttpRequest &request) { return deliveries(request); });
}

HttpResponse NotificationRoutes::errorWithCurrent(
    int status, const QString &code, const QString &message, const QJsonObject &item)
{
    return http::errorWith(
        status, code, message, QJsonObject { { QStringLiteral("current"), item } });
}

HttpResponse NotificationRoutes::create(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    const QDateTime now = m_service.clock().now();
    return answerIdempotently(request, QStringLiteral("key:") + caller.apiKeyId,
        m_service.feed().storage().connection(), now,
        [&](const IdempotentComplete &complete) -> HttpResponse {
            QString error;
            const std::optional<NewNotification> notification =
                NotificationReader::read(*request.jsonBody(&error), now, &error);
            if (!notification)
                return http::badRequest(error);
            if (notification->hasCard()) {
                QSqlDatabase db = m_service.feed().storage().connection();
                const std::optional<QStringList> hosts = m_check.allowedHosts(db, caller.apiKeyId);
                if (!hosts)
                    return http::internalError();
                if (auto refused = NotificationCard::check(*notification, *hosts))
                    return *refused;
            }
            return answer(m_service.create(caller.apiKeyId, caller.subsystem, *notification,
                [&](const CreateResult &created) { return complete(answer(created)); }));
        });
}

HttpResponse NotificationRoutes::withdraw(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    const WithdrawResult result = m_service.withdraw(request.principal->apiKeyId, id);
    switch (result.outcome) {
    case WithdrawResult::Outcome::Withdrawn:
        return http::json(QJsonObject { { QStringLiteral("id"), id },
            { QStringLiteral("state"), QStringLiteral("withdrawn") } });
    case WithdrawResult::Outcome::NotFound:
        return notFound();
    case WithdrawResult::Outcome::AlreadyDecided:
        return errorWithCurrent(409, QStringLiteral("already_decided"),
            QStringLiteral("It was decided already; it can no longer be withdrawn."),
            result.current);
    case WithdrawResult::Outcome::AlreadyEnded:
        return errorWithCurrent(409, QStringLiteral("already_ended"),
            QStringLiteral("It expired already; it can no longer be withdrawn."), result.current);
    case WithdrawResult::Outcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse NotificationRoutes::list(const HttpRequest &request)
{
    SentNotifications::Query query;
    query.state = request.query.queryItemValue(QStringLiteral("state"));
    query.reference = request.query.queryItemValue(QStringLiteral("reference"));
    query.after = request.query.queryItemValue(QStringLiteral("cursor"));
    if (!query.state.isEmpty()
        && !QStringList { QStringLiteral("open"), QStringLiteral("decided"),
            QStringLiteral("withdrawn"), QStringLiteral("expired") }
                .contains(query.state))
        return http::badRequest(
            QStringLiteral("“state” must be \"open\", \"decided\", \"withdrawn\" or \"expired\"."));
    if (query.reference.size() > 200)
        return http::badRequest(QStringLiteral("“reference” is longer than 200 characters."));
    if (!query.after.isEmpty() && !SentNotifications::isCursor(query.after))
        return http::badRequest(QStringLiteral("“cursor” is not a cursor this server gave."));
    const std::optional<int> limit =
        request.pageLimit(SentNotifications::defaultPageSize, SentNotifications::maxPageSize);
    if (!limit)
        return http::badRequest(QStringLiteral("“limit” must be a number from 1 to %1.")
                                    .arg(SentNotifications::maxPageSize));
    query.limit = *limit;
    QSqlDatabase db = m_service.feed().storage().connection();
    const auto page = SentNotifications::list(
        db, request.principal->apiKeyId, query, wiretime::format(m_service.clock().now()));
    if (!page)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("items"), page->items },
        { QStringLiteral("cursor"),
            page->cursor.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(page->cursor) },
        { QStringLiteral("hasMore"), page->hasMore } });
}

HttpResponse NotificationRoutes::one(const HttpRequest &request)
{
    QSqlDatabase db = m_service.feed().storage().connection();
    QJsonObject notification;
    switch (SentNotifications::one(db, request.principal->apiKeyId, request.params.value(0),
        wiretime::format(m_service.clock().now()), &notification)) {
    case Lookup::Found:
        return http::json(notification);
    case Lookup::Missing:
        return notFound();
    case Lookup::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse NotificationRoutes::deliveries(const HttpRequest &request)
{
    const DeliveriesResult result =
        m_service.deliveries(request.principal->apiKeyId, request.params.value(0));
    switch (result.lookup) {
    case Lookup::Found:
        return http::json(QJsonObject { { QStringLiteral("deliveries"), result.deliveries } });
    case Lookup::Missing:
        return notFound();
    case Lookup::Failed:
        break;
    }
    return http::internalError();
}

} // namespace tessera::server
