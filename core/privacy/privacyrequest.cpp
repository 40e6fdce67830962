#include "privacy/privacyrequest.h"

#include "protocol/wiretime.h"

namespace tessera {

namespace {

std::optional<PrivacyRequest> fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

} // namespace

bool PrivacyRequest::isKind(const QString &kind)
{
    return kind == u"correction" || kind == u"deletion";
}

std::optional<PrivacyRequest> PrivacyRequest::fromJson(const QJsonObject &object, QString *error)
{
    PrivacyRequest request;
    request.id = object.value(QStringLiteral("id")).toString();
    if (request.id.isEmpty() || request.id.size() > 64)
        return fail(error, QStringLiteral("id is not a request id"));
    request.kind = object.value(QStringLiteral("kind")).toString();
    if (!isKind(request.kind))
        return fail(error, QStringLiteral("kind is not correction or deletion"));
    request.comment = object.value(QStringLiteral("comment")).toString();
    if (request.comment.size() > maxCommentLength)
        return fail(error, QStringLiteral("comment is too long"));
    request.state = object.value(QStringLiteral("state")).toString();
    if (request.state != u"pending" && request.state != u"approved" && request.state != u"rejected"
        && request.state != u"done")
        return fail(error, QStringLiteral("state is not one the API knows"));
    const auto created = wiretime::parse(object.value(QStringLiteral("createdAt")).toString());
    if (!created)
        return fail(error, QStringLiteral("createdAt is not a time"));
    request.createdAt = *created;
    const QJsonValue decided = object.value(QStringLiteral("decidedAt"));
    if (!decided.isUndefined() && !decided.isNull()) {
        const auto at = wiretime::parse(decided.toString());
        if (!at)
            return fail(error, QStringLiteral("decidedAt is not a time"));
        request.decidedAt = *at;
    }
    const QJsonValue decisionComment = object.value(QStringLiteral("decisionComment"));
    if (!decisionComment.isUndefined() && !decisionComment.isNull()) {
        if (!decisionComment.isString() || decisionComment.toString().size() > maxCommentLength)
            return fail(error, QStringLiteral("decisionComment is not a comment"));
        request.decisionComment = decisionComment.toString();
    }
    return request;
}

} // namespace tessera
