#include "surveys/surveyroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "feed/deltareset.h"
#include "http/idempotentrequest.h"
#include "protocol/wiretime.h"
#include "surveys/surveyresults.h"
#include "surveys/surveyservice.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(404, QStringLiteral("not_found"),
        QStringLiteral("This API key has no survey with that id."));
}

// {"inputs": {input id: value}}, strictly; the refusal when it is not.
std::optional<QJsonObject> inputsOf(const HttpRequest &request, HttpResponse *refusal)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body) {
        *refusal = http::badRequest(error);
        return std::nullopt;
    }
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != u"inputs") {
            *refusal =
                FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.") + it.key(),
                    QStringLiteral("is not a field of an answer (inputs)"));
            return std::nullopt;
        }
    }
    if (!body->value(QStringLiteral("inputs")).isObject()) {
        *refusal = FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.inputs"),
            QStringLiteral("must be an object of input id → value"));
        return std::nullopt;
    }
    return body->value(QStringLiteral("inputs")).toObject();
}

} // namespace

SurveyRoutes::SurveyRoutes(SurveyService &service)
    : m_service(service)
{ }

void SurveyRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const QString one = QStringLiteral("/v1/subsystem/surveys/{surveyId}");
    routes.add(M::Put, one, ApiScope::SurveysWrite,
        [this](const HttpRequest &request) { return put(request); });
    routes.setMaxBodyBytes(M::Put, one, bodyBytes);
    routes.add(M::Delete, one, ApiScope::SurveysWrite,
        [this](const HttpRequest &request) { return remove(request); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/surveys/{surveyId}/results"),
        ApiScope::SurveysWrite,
        [this](const HttpRequest &request) { return results(request, false); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/surveys/{surveyId}/results.csv"),
        ApiScope::SurveysWrite,
        [this](const HttpRequest &request) { return results(request, true); });
    routes.add(M::Get, QStringLiteral("/v1/surveys"), Access::SignedIn,
        [this](const HttpRequest &request) { return changes(request); });
    const QString answer = QStringLiteral("/v1/surveys/{id}/answer");
    routes.add(M::Put, answer, Access::SignedIn,
        [this](const HttpRequest &request) { return this->answer(request); });
    routes.setMaxBodyBytes(M::Put, answer, bodyBytes);
}

HttpResponse SurveyRoutes::put(const HttpRequest &request)
{
    const QString surveyId = request.params.value(0);
    if (!SurveyRequest::isSurveyId(surveyId))
        return http::badRequest(QStringLiteral(
            "A survey id is 1 to 64 letters, digits, dots, hyphens or underscores."));
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    const QString apiKeyId = request.principal->apiKeyId;
    QSqlDatabase db = m_service.connection();
    const std::optional<QStringList> hosts = m_service.allowedHosts(db, apiKeyId);
    if (!hosts)
        return http::internalError();
    HttpResponse refusal;
    const std::optional<SurveyRequest> survey =
        SurveyRequest::read(*body, *hosts, m_service.clock().now(), &refusal);
    if (!survey)
        return refusal;
    const SurveyService::PutResult result = m_service.put(apiKeyId, surveyId, *survey);
    using Outcome = SurveyService::PutResult::Outcome;
    switch (result.outcome) {
    case Outcome::Failed:
        return http::internalError();
    case Outcome::Refused: // the callbackUrl
        return result.refusal;
    case Outcome::HasAnswers:
        return http::error(409, QStringLiteral("has_answers"),
            QStringLiteral("The survey has answers: its card and anonymous cannot change any "
                           "more (title, audience, closesAt and editable may)."));
    case Outcome::Created:
    case Outcome::Replaced:
        break;
    }
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), result.survey.id },
            { QStringLiteral("surveyId"), result.survey.surveyId },
            { QStringLiteral("version"), result.survey.version },
            { QStringLiteral("state"),
                result.survey.closed ? QStringLiteral("closed") : QStringLiteral("open") },
        },
        result.outcome == Outcome::Created ? 201 : 200);
}

HttpResponse SurveyRoutes::remove(const HttpRequest &request)
{
    const QString surveyId = request.params.value(0);
    if (!SurveyRequest::isSurveyId(surveyId))
        return notFound();
    switch (m_service.remove(request.principal->apiKeyId, surveyId)) {
    case SurveyService::RemoveOutcome::Removed:
        return http::noContent();
    case SurveyService::RemoveOutcome::NotFound:
        return notFound();
    case SurveyService::RemoveOutcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse SurveyRoutes::results(const HttpRequest &request, bool csv)
{
    const QString surveyId = request.params.value(0);
    if (!SurveyRequest::isSurveyId(surveyId))
        return notFound();
    std::optional<StoredSurvey> survey;
    if (!m_service.ownSurvey(request.principal->apiKeyId, surveyId, &survey))
        return http::internalError();
    if (!survey)
        return notFound();
    QSqlDatabase db = m_service.connection();
    if (!csv) {
        const std::optional<QJsonObject> json =
            SurveyResults::json(db, *survey, wiretime::format(m_service.clock().now()));
        return json ? http::json(*json) : http::internalError();
    }
    const std::optional<QByteArray> text = SurveyResults::csv(db, *survey);
    if (!text)
        return http::internalError();
    HttpResponse response;
    response.status = 200;
    response.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
    response.body = *text;
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("Content-Disposition"),
        QByteArrayLiteral("attachment; filename=\"") + surveyId.toLatin1()
            + QByteArrayLiteral(".csv\""));
    return response;
}

HttpResponse SurveyRoutes::changes(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    const std::optional<qint64> honoured = DeltaReset::honoured(request);
    if (!since || !honoured)
        return http::badRequest(
            QStringLiteral("“since” or “reset” is not a cursor this server gave."));
    const SurveyService::Page page = m_service.changesFor(request.principal->userId, *since);
    if (!page.ok)
        return http::internalError();
    // After the page is read, so that no page passes a resync unanswered (docs/DELTA_SYNC.md).
    QSqlDatabase db = m_service.connection();
    if (std::optional<HttpResponse> reset =
            DeltaReset::instead(db, request.principal->userId, *since, *honoured))
        return *reset;
    return http::json(QJsonObject { { QStringLiteral("surveys"), page.surveys },
        { QStringLiteral("removed"), QJsonArray::fromStringList(page.removed) },
        { QStringLiteral("cursor"), QString::number(page.cursor) },
        { QStringLiteral("more"), page.more } });
}

HttpResponse SurveyRoutes::answer(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    const QString userId = request.principal->userId;
    // Unknown (nullopt) answers as a named survey does: 404 from the service.
    const bool anonymous = id.size() <= 128 && m_service.isAnonymous(id).value_or(false);
    HttpResponse response;
    const std::optional<QJsonObject> inputs = inputsOf(request, &response);
    if (!inputs) {
        // An answer to an anonymous survey names no one, refused or not.
        response.logNoOne = anonymous;
        return response;
    }
    if (anonymous) {
        // No Idempotency-Key row (the has-answered mark is the guard; a retry answers 409
        // already_answered) and no one in the access log (DESIGN.md, decision 10).
        response = m_service.answer(userId, id, *inputs, {});
        response.logNoOne = true;
        return response;
    }
    return answerIdempotently(request, QStringLiteral("user:") + userId, m_service.connection(),
        m_service.clock().now(), [&](const IdempotentComplete &complete) -> HttpResponse {
            return m_service.answer(userId, id, *inputs, complete);
        });
}

} // namespace tessera::server
