#include "analytics/analyticsroutes.h"

#include "analytics/analyticsbatch.h"
#include "analytics/analyticsstore.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "http/ratelimiter.h"

#include <QJsonArray>
#include <QTimeZone>

namespace tessera::server {

namespace {

// The answer, naming no one in the access log.
HttpResponse anonymous(HttpResponse response)
{
    response.logNoOne = true;
    return response;
}

} // namespace

AnalyticsRoutes::AnalyticsRoutes(AnalyticsStore &store, const Clock &clock, bool defaultConsent)
    : m_store(store)
    , m_clock(clock)
    , m_defaultConsent(defaultConsent)
    , m_limiter(std::make_unique<RateLimiter>(batchesPerSecond, batchBurst))
{ }

AnalyticsRoutes::~AnalyticsRoutes() = default;

void AnalyticsRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Get, QStringLiteral("/v1/analytics/settings"), Access::SignedIn,
        [this](const HttpRequest &) { return settings(); });
    const QString events = QStringLiteral("/v1/analytics/events");
    routes.add(M::Post, events, Access::SignedIn,
        [this](const HttpRequest &request) { return this->events(request); });
    routes.setMaxBodyBytes(M::Post, events, bodyBytes);
    routes.add(M::Delete, QStringLiteral("/v1/analytics/installations/{id}"), Access::SignedIn,
        [this](const HttpRequest &request) { return dropInstallation(request); });
    routes.add(M::Get, QStringLiteral("/v1/admin/analytics"), Access::Admin,
        [this](const HttpRequest &request) { return read(request); });
}

HttpResponse AnalyticsRoutes::settings() const
{
    return http::json(QJsonObject { { QStringLiteral("defaultConsent"), m_defaultConsent } });
}

HttpResponse AnalyticsRoutes::events(const HttpRequest &request)
{
    const QDateTime now = m_clock.now();
    HttpResponse refusal;
    const std::optional<AnalyticsBatch> batch =
        AnalyticsBatch::read(request, now.toTimeZone(QTimeZone::utc()).date(), &refusal);
    if (!batch)
        return anonymous(refusal);
    if (const std::optional<int> wait = m_limiter->take(batch->installationId))
        return anonymous(m_limiter->refusal(*wait));
    if (!m_store.ingest(*batch, now)) {
        qCWarning(lcServer) << "analytics: the database refused a batch";
        return anonymous(http::internalError());
    }
    return anonymous(http::json(
        QJsonObject { { QStringLiteral("accepted"), static_cast<qint64>(batch->events.size()) } },
        202));
}

HttpResponse AnalyticsRoutes::dropInstallation(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    if (!AnalyticsBatch::isInstallationId(id))
        return anonymous(http::badRequest(QStringLiteral(
            "An installation id is 22 to 64 of A-Z, a-z, 0-9, hyphen or underscore.")));
    if (!m_store.dropInstallation(id))
        return anonymous(http::internalError());
    return anonymous(http::noContent());
}

HttpResponse AnalyticsRoutes::read(const HttpRequest &request) const
{
    const QDate today = m_clock.now().toTimeZone(QTimeZone::utc()).date();
    const auto dayOf = [&](const QString &name, const QDate &fallback) -> std::optional<QDate> {
        if (!request.query.hasQueryItem(name))
            return fallback;
        const QDate day = QDate::fromString(request.query.queryItemValue(name), Qt::ISODate);
        return day.isValid() ? std::optional<QDate>(day) : std::nullopt;
    };
    const std::optional<QDate> to = dayOf(QStringLiteral("to"), today);
    const std::optional<QDate> from =
        to ? dayOf(QStringLiteral("from"), to->addDays(-29)) : std::nullopt;
    if (!from || !to)
        return http::badRequest(QStringLiteral("from and to are days, YYYY-MM-DD."));
    if (*from > *to || from->daysTo(*to) >= maxReadDays)
        return http::badRequest(
            QStringLiteral("from is on or before to, at most %1 days apart.").arg(maxReadDays));
    const std::optional<QJsonArray> days = m_store.days(*from, *to);
    if (!days)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("from"), from->toString(Qt::ISODate) },
        { QStringLiteral("to"), to->toString(Qt::ISODate) }, { QStringLiteral("days"), *days } });
}

} // namespace tessera::server
