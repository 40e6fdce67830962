#include "services/servicerequest.h"

#include "cards/formcheck.h"

#include <QRegularExpression>

#include <cmath>

namespace tessera::server {

namespace {

HttpResponse invalidField(const QString &field, const QString &message)
{
    return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.") + field,
        QStringLiteral("“%1” %2").arg(field, message));
}

// A string of 1..maxLength characters (not only spaces) at field; required or not.
std::optional<QString> text(const QJsonObject &body, const QString &field, int maxLength,
    bool required, HttpResponse *refusal)
{
    const QJsonValue value = body.value(field);
    if (!required && (value.isUndefined() || value.isNull()))
        return QString();
    const QString given = value.toString();
    if (!value.isString() || given.trimmed().isEmpty() || given.size() > maxLength) {
        *refusal = invalidField(field,
            QStringLiteral("must be a text of 1 to %1 characters%2.")
                .arg(maxLength)
                .arg(required ? QString() : QStringLiteral(", or left out")));
        return std::nullopt;
    }
    return given;
}

} // namespace

bool ServiceRequest::isValidOwnId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

std::optional<ServiceRequest> ServiceRequest::read(
    const QJsonObject &body, const QStringList &hosts, HttpResponse *refusal)
{
    static const QStringList fields { QStringLiteral("title"), QStringLiteral("category"),
        QStringLiteral("icon"), QStringLiteral("description"), QStringLiteral("audience"),
        QStringLiteral("order"), QStringLiteral("form"), QStringLiteral("callbackUrl") };
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!fields.contains(it.key())) {
            *refusal = invalidField(it.key(), QStringLiteral("is not a field of a service."));
            return std::nullopt;
        }
    }
    ServiceRequest request;
    const auto title = text(body, QStringLiteral("title"), maxTitle, true, refusal);
    const auto category =
        title ? text(body, QStringLiteral("category"), maxCategory, true, refusal) : std::nullopt;
    const auto description = category
        ? text(body, QStringLiteral("description"), maxDescription, false, refusal)
        : std::nullopt;
    if (!description)
        return std::nullopt;
    const QJsonValue callbackUrl = body.value(QStringLiteral("callbackUrl"));
    if (!callbackUrl.isUndefined() && !callbackUrl.isNull()) {
        if (!callbackUrl.isString() || callbackUrl.toString().isEmpty()
            || callbackUrl.toString().size() > maxCallbackUrl) {
            *refusal = invalidField(QStringLiteral("callbackUrl"),
                QStringLiteral("must be a URL of at most %1 characters, or left out.")
                    .arg(maxCallbackUrl));
            return std::nullopt;
        }
        request.callbackUrl = callbackUrl.toString();
    }
    request.title = *title;
    request.category = *category;
    request.description = *description;

    static const QRegularExpression iconPattern(QStringLiteral("^[a-z0-9-]{1,40}$"));
    const QJsonValue icon = body.value(QStringLiteral("icon"));
    if (!icon.isUndefined() && !icon.isNull()) {
        if (!iconPattern.match(icon.toString()).hasMatch()) {
            *refusal = invalidField(QStringLiteral("icon"),
                QStringLiteral("must be an icon name: 1 to 40 of a-z, 0-9 and -."));
            return std::nullopt;
        }
        request.icon = icon.toString();
    }
    const QJsonValue order = body.value(QStringLiteral("order"));
    if (!order.isUndefined() && !order.isNull()) {
        const double number = order.toDouble();
        if (!order.isDouble() || number != std::floor(number) || std::abs(number) > maxOrder) {
            *refusal = invalidField(QStringLiteral("order"),
                QStringLiteral("must be a whole number from -%1 to %1.").arg(maxOrder));
            return std::nullopt;
        }
        request.order = static_cast<int>(number);
    }

    Audience::Problem problem;
    const std::optional<Audience> audience = Audience::fromJson(
        body.value(QStringLiteral("audience")), QStringLiteral("$.audience"), &problem);
    if (!audience) {
        *refusal =
            FormCheck::refusal(QStringLiteral("invalid_audience"), problem.path, problem.message);
        return std::nullopt;
    }
    request.audience = *audience;
    if (auto refused = FormCheck::checkForm(
            body.value(QStringLiteral("form")), QStringLiteral("$.form"), hosts)) {
        *refusal = *refused;
        return std::nullopt;
    }
    request.form = body.value(QStringLiteral("form")).toObject();
    return request;
}

} // namespace tessera::server
