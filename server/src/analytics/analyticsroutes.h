#pragma once

#include "http/routetable.h"

#include <memory>

namespace tessera::server {

class AnalyticsStore;
class Clock;
class RateLimiter;

// The Web API of analytics (server/openapi.json, "Analytics"):
//   GET    /v1/analytics/settings              (a person) {"defaultConsent"}: the organisation's
//   POST   /v1/analytics/events                (a person) a batch of events, 202
//   DELETE /v1/analytics/installations/{id}    (a person) drops the installation's raw events
//   GET    /v1/admin/analytics?from&to         (admin) the daily counts
// The events and installation routes never name the sender: the access log gets no user, device
// or address for them (HttpResponse::logNoOne, as anonymous survey answers), and nothing stored
// holds who sent a batch.
class AnalyticsRoutes
{
public:
    static constexpr qint64 bodyBytes = qint64(256) * 1024; // 500 events of about 200 bytes
    // Per installation id, counted on this node (RateLimiter): a batch a second, 10 at once.
    static constexpr int batchesPerSecond = 1;
    static constexpr int batchBurst = 10;
    static constexpr qint64 maxReadDays = 366;

    AnalyticsRoutes(AnalyticsStore &store, const Clock &clock, bool defaultConsent);
    ~AnalyticsRoutes();

    void addRoutes(RouteTable &routes);

private:
    HttpResponse settings() const;
    HttpResponse events(const HttpRequest &request);
    HttpResponse dropInstallation(const HttpRequest &request);
    HttpResponse read(const HttpRequest &request) const;

    AnalyticsStore &m_store;
    const Clock &m_clock;
    const bool m_defaultConsent;
    std::unique_ptr<RateLimiter> m_limiter;
};

} // namespace tessera::server
