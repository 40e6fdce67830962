#include "attest/attestroutes.h"

#include "attest/attestservice.h"
#include "base/clock.h"
#include "http/idempotentrequest.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

// The answer of an outcome that carries no data: 422, 404 or 500.
HttpResponse refused(AttestOutcome outcome, const AttestRefusal &refusal)
{
    switch (outcome) {
    case AttestOutcome::Invalid:
        return http::errorWith(422, refusal.code, refusal.message, refusal.members);
    case AttestOutcome::NoForm:
        return http::error(404, QStringLiteral("not_found"),
            QStringLiteral("No attestation form is defined: an admin defines it first."));
    case AttestOutcome::Done:
    case AttestOutcome::AlreadyAnswered:
    case AttestOutcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse putFormAnswer(const AttestFormResult &result)
{
    if (result.outcome != AttestOutcome::Done)
        return refused(result.outcome, result.refusal);
    return http::json(QJsonObject { { QStringLiteral("card"), result.form.card },
        { QStringLiteral("version"), result.form.version },
        { QStringLiteral("retentionDays"), result.form.retentionDays } });
}

HttpResponse formAnswer(const AttestFormResult &result)
{
    if (result.outcome != AttestOutcome::Done)
        return refused(result.outcome, result.refusal);
    return http::json(QJsonObject { { QStringLiteral("card"), result.form.card },
        { QStringLiteral("version"), result.form.version } });
}

// 201 with the new answer, or 200 with the day's first one ("alreadyAnswered": true).
HttpResponse answerAnswer(const AttestAnswerResult &result)
{
    const QJsonObject attestation { { QStringLiteral("attestation"), result.answer.toJson() } };
    if (result.outcome == AttestOutcome::Done)
        return http::json(attestation, 201);
    if (result.outcome == AttestOutcome::AlreadyAnswered) {
        QJsonObject first = attestation;
        first.insert(QStringLiteral("alreadyAnswered"), true);
        return http::json(first);
    }
    return refused(result.outcome, result.refusal);
}

HttpResponse todayAnswer(const AttestTodayResult &result)
{
    if (result.outcome != AttestOutcome::Done)
        return http::internalError();
    return http::json(
        QJsonObject { { QStringLiteral("attestation"),
                          result.answer ? QJsonValue(result.answer->toJson()) : QJsonValue() },
            { QStringLiteral("day"), result.day } });
}

HttpResponse answersAnswer(const AttestAnswersResult &result)
{
    if (result.outcome != AttestOutcome::Done)
        return http::internalError();
    QJsonArray list;
    for (const AttestAnswer &each : result.answers)
        list.append(each.toJson());
    return http::json(QJsonObject { { QStringLiteral("attestations"), list } });
}

} // namespace

AttestRoutes::AttestRoutes(AttestService &service)
    : m_service(service)
{ }

void AttestRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Put, QStringLiteral("/v1/admin/attestations/form"), Access::Admin,
        [this](const HttpRequest &request) { return putForm(request); });
    routes.add(M::Get, QStringLiteral("/v1/attestations/form"), Access::SignedIn,
        [this](const HttpRequest &) { return formAnswer(m_service.form()); });
    routes.add(M::Post, QStringLiteral("/v1/attestations"), Access::SignedIn,
        [this](const HttpRequest &request) { return answer(request); });
    routes.add(M::Get, QStringLiteral("/v1/attestations/today"), Access::SignedIn,
        [this](const HttpRequest &request) {
            return todayAnswer(m_service.today(request.principal->userId));
        });
    routes.add(M::Get, QStringLiteral("/v1/attestations"), Access::SignedIn,
        [this](const HttpRequest &request) {
            return answersAnswer(m_service.ofPerson(request.principal->userId));
        });
}

HttpResponse AttestRoutes::putForm(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::errorWith(422, QStringLiteral("invalid_field"), error,
            QJsonObject { { QStringLiteral("path"), QStringLiteral("$") } });
    return putFormAnswer(m_service.putForm(*body, request.principal->userId));
}

HttpResponse AttestRoutes::answer(const HttpRequest &request)
{
    // Exactly once, offline too: the app's outbox sends the answer under one Idempotency-Key,
    // and a retry gets the first answer again; a new answer's is stored in its transaction.
    const QString userId = request.principal->userId;
    return answerIdempotently(request, QStringLiteral("user:") + userId, m_service.connection(),
        m_service.clock().now(), [&](const IdempotentComplete &complete) {
            QString error;
            return answerAnswer(m_service.answer(userId, *request.jsonBody(&error),
                [&](const AttestAnswerResult &result) { return complete(answerAnswer(result)); }));
        });
}

} // namespace tessera::server
