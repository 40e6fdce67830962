#include "http/apiscope.h"

#include "http/jsonreader.h"

namespace tessera::server::apiscope {

const QList<ApiScope> &all()
{
    static const QList<ApiScope> scopes = { ApiScope::NotificationsWrite,
        ApiScope::NotificationsRead, ApiScope::EventsRead, ApiScope::DeliveriesRead,
        ApiScope::DeliveriesWrite, ApiScope::CardsWrite, ApiScope::ServicesWrite,
        ApiScope::SubmissionsRead, ApiScope::NewsWrite, ApiScope::EventsWrite,
        ApiScope::SurveysWrite };
    return scopes;
}

QString name(ApiScope scope)
{
    switch (scope) {
    case ApiScope::NotificationsWrite:
        return QStringLiteral("notifications:write");
    case ApiScope::NotificationsRead:
        return QStringLiteral("notifications:read");
    case ApiScope::EventsRead:
        return QStringLiteral("events:read");
    case ApiScope::DeliveriesRead:
        return QStringLiteral("deliveries:read");
    case ApiScope::DeliveriesWrite:
        return QStringLiteral("deliveries:write");
    case ApiScope::CardsWrite:
        return QStringLiteral("cards:write");
    case ApiScope::ServicesWrite:
        return QStringLiteral("services:write");
    case ApiScope::SubmissionsRead:
        return QStringLiteral("submissions:read");
    case ApiScope::NewsWrite:
        return QStringLiteral("news:write");
    case ApiScope::EventsWrite:
        return QStringLiteral("events:write");
    case ApiScope::SurveysWrite:
        return QStringLiteral("surveys:write");
    }
    return {};
}

std::optional<ApiScope> fromName(const QString &text)
{
    for (const ApiScope scope : all()) {
        if (name(scope) == text)
            return scope;
    }
    return std::nullopt;
}

QStringList allNames()
{
    QStringList names;
    for (const ApiScope scope : all())
        names.append(name(scope));
    return names;
}

QStringList normalized(const QStringList &names)
{
    QStringList result;
    for (const ApiScope scope : all()) {
        if (names.contains(name(scope)))
            result.append(name(scope));
    }
    return result;
}

QString toStored(const QStringList &names)
{
    return normalized(names).join(QLatin1Char(' '));
}

QStringList fromStored(const QString &stored)
{
    return normalized(stored.split(QLatin1Char(' '), Qt::SkipEmptyParts));
}

std::optional<HttpResponse> read(const QJsonObject &body, bool required, QStringList *scopes)
{
    const QString field = QStringLiteral("scopes");
    const QString known = allNames().join(QStringLiteral(", "));
    if (!body.contains(field)) {
        if (required)
            return http::badRequest(
                QStringLiteral("“scopes” is required: an array of scopes (%1).").arg(known));
        *scopes = allNames();
        return std::nullopt;
    }
    JsonReader reader(body);
    const QStringList names = reader.stringList(field, 20, 64);
    if (!reader.ok())
        return http::badRequest(reader.error());
    if (names.isEmpty())
        return http::error(422, QStringLiteral("invalid_scope"),
            QStringLiteral("“scopes” needs at least one scope (%1); a key that may do nothing "
                           "is revoked instead.")
                .arg(known));
    for (const QString &given : names) {
        if (!fromName(given))
            return http::error(422, QStringLiteral("invalid_scope"),
                QStringLiteral("“%1” is not a scope; the scopes are: %2.").arg(given, known));
    }
    *scopes = normalized(names);
    return std::nullopt;
}

} // namespace tessera::server::apiscope
