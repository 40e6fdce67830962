#include "attest/attestroutes.h"

#include "attest/attestservice.h"
#include "base/clock.h"
#include "cards/formcheck.h"
#include "http/idempotentrequest.h"

namespace tessera::server {

AttestRoutes::AttestRoutes(AttestService &service)
    : m_service(service)
{ }

void AttestRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Put, QStringLiteral("/v1/admin/attestations/form"), Access::Admin,
        [this](const HttpRequest &request) { return putForm(request); });
    routes.add(M::Get, QStringLiteral("/v1/attestations/form"), Access::SignedIn,
        [this](const HttpRequest &) { return m_service.form(); });
    routes.add(M::Post, QStringLiteral("/v1/attestations"), Access::SignedIn,
        [this](const HttpRequest &request) { return answer(request); });
    routes.add(M::Get, QStringLiteral("/v1/attestations/today"), Access::SignedIn,
        [this](const HttpRequest &request) { return m_service.today(request.principal->userId); });
    routes.add(M::Get, QStringLiteral("/v1/attestations"), Access::SignedIn,
        [this](
            const HttpRequest &request) { return m_service.ofPerson(request.principal->userId); });
}

HttpResponse AttestRoutes::putForm(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$"), error);
    return m_service.putForm(*body, request.principal->userId);
}

HttpResponse AttestRoutes::answer(const HttpRequest &request)
{
    // Exactly once, offline too: the app's outbox sends the answer under one Idempotency-Key,
    // and a retry gets the first answer again.
    const QString userId = request.principal->userId;
    return answerIdempotently(request, QStringLiteral("user:") + userId, m_service.connection(),
        m_service.clock().now(), [&](const IdempotentComplete &complete) {
            QString error;
            return m_service.answer(userId, *request.jsonBody(&error), complete);
        });
}

} // namespace tessera::server
