#include "surveys/surveyrequest.h"

#include "cards/formcheck.h"
#include "cards/publishingcheck.h"
#include "protocol/wiretime.h"

#include <QRegularExpression>

namespace tessera::server {

namespace {

std::optional<SurveyRequest> refuse(
    HttpResponse *refusal, const QString &code, const QString &path, const QString &message)
{
    *refusal = FormCheck::refusal(code, path, message);
    return std::nullopt;
}

std::optional<bool> flag(const QJsonObject &body, const QString &field, HttpResponse *refusal)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined())
        return false;
    if (!value.isBool()) {
        *refusal = FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.") + field,
            QStringLiteral("must be true or false"));
        return std::nullopt;
    }
    return value.toBool();
}

} // namespace

bool SurveyRequest::isSurveyId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

std::optional<SurveyRequest> SurveyRequest::read(
    const QJsonObject &body, const QStringList &hosts, const QDateTime &now, HttpResponse *refusal)
{
    static const QStringList fields { QStringLiteral("title"), QStringLiteral("card"),
        QStringLiteral("audience"), QStringLiteral("closesAt"), QStringLiteral("anonymous"),
        QStringLiteral("editable"), QStringLiteral("callbackUrl") };
    const QString invalidField = QStringLiteral("invalid_field");
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!fields.contains(it.key()))
            return refuse(refusal, invalidField, QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of a survey (%1)")
                    .arg(fields.join(QStringLiteral(", "))));
    }
    SurveyRequest request;
    const QJsonValue title = body.value(QStringLiteral("title"));
    if (!title.isString() || title.toString().trimmed().isEmpty()
        || title.toString().size() > maxTitle)
        return refuse(refusal, invalidField, QStringLiteral("$.title"),
            QStringLiteral("must be text of 1 to %1 characters").arg(maxTitle));
    // Plain text as a news post's title is (a card's TextBlock: no HTML, no link elsewhere).
    const QString titleProblem =
        PublishingCheck::problemOf(PublishingCheck::textBlock(title.toString()), hosts);
    if (!titleProblem.isEmpty())
        return refuse(refusal, invalidField, QStringLiteral("$.title"), titleProblem);
    request.title = title.toString();

    if (auto refused = FormCheck::checkForm(
            body.value(QStringLiteral("card")), QStringLiteral("$.card"), hosts)) {
        *refusal = *refused;
        return std::nullopt;
    }
    request.card = body.value(QStringLiteral("card")).toObject();

    Audience::Problem problem;
    const std::optional<Audience> audience = Audience::fromJson(
        body.value(QStringLiteral("audience")), QStringLiteral("$.audience"), &problem);
    if (!audience)
        return refuse(refusal, QStringLiteral("invalid_audience"), problem.path, problem.message);
    request.audience = *audience;

    const QJsonValue closesAt = body.value(QStringLiteral("closesAt"));
    const std::optional<QDateTime> at =
        closesAt.isString() ? wiretime::parse(closesAt.toString()) : std::nullopt;
    if (!at)
        return refuse(refusal, invalidField, QStringLiteral("$.closesAt"),
            QStringLiteral("must be an RFC 3339 time such as 2026-12-24T18:00:00Z"));
    // Second precision, as the wire and the stored text have it.
    request.closesAt = *wiretime::parse(wiretime::format(*at));
    if (request.closesAt <= now)
        return refuse(refusal, invalidField, QStringLiteral("$.closesAt"),
            QStringLiteral("must be in the future"));

    const std::optional<bool> anonymous = flag(body, QStringLiteral("anonymous"), refusal);
    if (!anonymous)
        return std::nullopt;
    const std::optional<bool> editable = flag(body, QStringLiteral("editable"), refusal);
    if (!editable)
        return std::nullopt;
    if (*anonymous && *editable)
        return refuse(refusal, invalidField, QStringLiteral("$.editable"),
            QStringLiteral("An anonymous answer cannot be edited"));
    request.anonymous = *anonymous;
    request.editable = *editable;
    const QJsonValue callbackUrl = body.value(QStringLiteral("callbackUrl"));
    if (!callbackUrl.isUndefined() && !callbackUrl.isNull()) {
        if (!callbackUrl.isString() || callbackUrl.toString().isEmpty()
            || callbackUrl.toString().size() > maxCallbackUrl)
            return refuse(refusal, invalidField, QStringLiteral("$.callbackUrl"),
                QStringLiteral("must be a URL under one of the key's callback prefixes"));
        request.callbackUrl = callbackUrl.toString();
    }
    return request;
}

} // namespace tessera::server
