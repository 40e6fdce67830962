#include "analytics/analyticsbatch.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::server {

namespace {

bool matches(const QString &text, const QRegularExpression &pattern)
{
    return pattern.match(text).hasMatch();
}

HttpResponse invalid(const QString &path, const QString &message)
{
    return http::errorWith(422, QStringLiteral("invalid_field"), message,
        QJsonObject { { QStringLiteral("path"), path } });
}

// The members of object that are not among allowed, the first one; empty when none.
QString unknownMember(const QJsonObject &object, std::initializer_list<QStringView> allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            return it.key();
    }
    return {};
}

std::optional<AnalyticsEvent> readEvent(
    const QJsonValue &value, const QString &path, const QDate &today, HttpResponse *refusal)
{
    static const QRegularExpression platformPattern(QStringLiteral("^[a-z0-9._-]{1,32}$"));
    static const QRegularExpression versionPattern(QStringLiteral("^[A-Za-z0-9.+-]{1,32}$"));
    static const QRegularExpression dayPattern(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!value.isObject()) {
        *refusal = invalid(path, QStringLiteral("An event is a JSON object."));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const QString unknown =
        unknownMember(object, { u"day", u"kind", u"name", u"platform", u"appVersion", u"count" });
    if (!unknown.isEmpty()) {
        *refusal = invalid(path + u'.' + unknown, QStringLiteral("is not a field of an event."));
        return std::nullopt;
    }
    AnalyticsEvent event;
    event.day = object.value(QStringLiteral("day")).toString();
    const QDate day = QDate::fromString(event.day, Qt::ISODate);
    if (!matches(event.day, dayPattern) || !day.isValid() || day > today.addDays(1)
        || day < today.addDays(-AnalyticsBatch::maxPastDays)) {
        *refusal = invalid(path + QStringLiteral(".day"),
            QStringLiteral("A day is YYYY-MM-DD, from %1 days ago to tomorrow.")
                .arg(AnalyticsBatch::maxPastDays));
        return std::nullopt;
    }
    event.kind = object.value(QStringLiteral("kind")).toString();
    if (event.kind != u"screen" && event.kind != u"feature" && event.kind != u"error") {
        *refusal = invalid(
            path + QStringLiteral(".kind"), QStringLiteral("kind is screen, feature or error."));
        return std::nullopt;
    }
    event.name = object.value(QStringLiteral("name")).toString();
    if (!AnalyticsBatch::isName(event.name)) {
        *refusal = invalid(path + QStringLiteral(".name"),
            QStringLiteral("A name is 1 to 64 of a-z, 0-9, dot, hyphen or underscore."));
        return std::nullopt;
    }
    event.platform = object.value(QStringLiteral("platform")).toString();
    if (!matches(event.platform, platformPattern)) {
        *refusal = invalid(path + QStringLiteral(".platform"),
            QStringLiteral("A platform is 1 to 32 of a-z, 0-9, dot, hyphen or underscore."));
        return std::nullopt;
    }
    event.appVersion = object.value(QStringLiteral("appVersion")).toString();
    if (!matches(event.appVersion, versionPattern)) {
        *refusal = invalid(path + QStringLiteral(".appVersion"),
            QStringLiteral("An app version is 1 to 32 of letters, digits, dot, plus or hyphen."));
        return std::nullopt;
    }
    const QJsonValue count = object.value(QStringLiteral("count"));
    const double number = count.toDouble(-1);
    if (!count.isDouble() || number != static_cast<double>(static_cast<qint64>(number))
        || number < 1 || number > static_cast<double>(AnalyticsBatch::maxCount)) {
        *refusal = invalid(path + QStringLiteral(".count"),
            QStringLiteral("count is a whole number from 1 to %1.").arg(AnalyticsBatch::maxCount));
        return std::nullopt;
    }
    event.count = static_cast<qint64>(number);
    return event;
}

} // namespace

bool AnalyticsBatch::isInstallationId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{22,64}$"));
    return matches(id, pattern);
}

bool AnalyticsBatch::isName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9._-]{1,64}$"));
    return matches(name, pattern);
}

std::optional<AnalyticsBatch> AnalyticsBatch::read(
    const HttpRequest &request, const QDate &today, HttpResponse *refusal)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body) {
        *refusal = http::badRequest(error);
        return std::nullopt;
    }
    const QString unknown = unknownMember(*body, { u"installationId", u"events" });
    if (!unknown.isEmpty()) {
        *refusal = invalid(QStringLiteral("$.") + unknown,
            QStringLiteral("is not a field of a batch (installationId, events)."));
        return std::nullopt;
    }
    AnalyticsBatch batch;
    batch.installationId = body->value(QStringLiteral("installationId")).toString();
    if (!isInstallationId(batch.installationId)) {
        *refusal = invalid(QStringLiteral("$.installationId"),
            QStringLiteral("An installation id is 22 to 64 of A-Z, a-z, 0-9, hyphen or "
                           "underscore."));
        return std::nullopt;
    }
    const QJsonValue events = body->value(QStringLiteral("events"));
    if (!events.isArray() || events.toArray().isEmpty() || events.toArray().size() > maxEvents) {
        *refusal = invalid(QStringLiteral("$.events"),
            QStringLiteral("events is a list of 1 to %1 events.").arg(maxEvents));
        return std::nullopt;
    }
    const QJsonArray list = events.toArray();
    batch.events.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        std::optional<AnalyticsEvent> event =
            readEvent(list.at(i), QStringLiteral("$.events[%1]").arg(i), today, refusal);
        if (!event)
            return std::nullopt;
        batch.events.append(std::move(*event));
    }
    return batch;
}

} // namespace tessera::server
