#include "surveys/surveyroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "feed/deltaroute.h"
#include "http/idempotentrequest.h"
#include "http/ownobjectroutes.h"
#include "protocol/wiretime.h"
#include "surveys/surveyresults.h"
#include "surveys/surveyservice.h"

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return OwnObjectRoutes::notFound(QStringLiteral("survey"));
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
    OwnObjectRoutes::addPutAndDelete(
        routes, QStringLiteral("/v1/subsystem/surveys/{surveyId}"), ApiScope::SurveysWrite,
        bodyBytes, [this](const HttpRequest &request) { return put(request); },
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
    const QString apiKeyId = request.principal->apiKeyId;
    HttpResponse refused;
    const std::optional<OwnObjectRoutes::Put> given = OwnObjectRoutes::readPut(
        request, QStringLiteral("A survey id"), m_service, apiKeyId, &refused);
    if (!given)
        return refused;
    const std::optional<SurveyRequest> survey =
        SurveyRequest::read(given->body, given->hosts, m_service.clock().now(), &refused);
    if (!survey)
        return refused;
    const SurveyService::PutResult result = m_service.put(apiKeyId, given->id, *survey);
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
    return OwnObjectRoutes::remove(request, notFound(), [&](const QString &surveyId) {
        return m_service.remove(request.principal->apiKeyId, surveyId);
    });
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
    // The page answers itself (each object serialized once, straight into the answer).
    return DeltaRoute::answer(
        request, m_service.connection(), [this](const QString &userId, qint64 since) {
            const SurveyService::Page page = m_service.changesFor(userId, since);
            return page.ok ? page.answer() : http::internalError();
        });
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
