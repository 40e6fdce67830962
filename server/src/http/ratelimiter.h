#pragma once

#include "http/httpresponses.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace tessera::server {

// A token bucket per caller (a sub-system's API key id): each holds up to burst requests and
// refills at perSecond; a request finds a token or is refused with the seconds until the next
// one. Counted in this process only: N server nodes behind a balancer allow up to N times the
// rate (docs/NOTIFICATIONS.md, "Limits"). Memory stays bounded: a bucket that has refilled is
// the same as none and is dropped at the next sweep (every minute, or when maxBuckets are in use),
// and there are never more than maxBuckets: while all are busy a new caller waits a second.
// Thread-safe; the time is the monotonic clock, never the server's (shiftable) one.
class RateLimiter
{
public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr qsizetype maxBuckets = 10'000;

    // perSecond 0: no limit.
    RateLimiter(int perSecond, int burst, Now now = {});

    // nullopt: allowed (a token taken); else the whole seconds (at least 1) until one is back.
    std::optional<int> take(const QString &caller);
    // 429 rate_limited with Retry-After for a refusal of take().
    HttpResponse refusal(int retryAfterSeconds) const;

    int perSecond() const { return m_perSecond; }
    int burst() const { return m_burst; }
    qsizetype bucketCount() const;

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::steady_clock::time_point at;
    };

    double refilled(const Bucket &bucket, std::chrono::steady_clock::time_point now) const;
    void sweep(std::chrono::steady_clock::time_point now);

    const int m_perSecond;
    const int m_burst;
    const Now m_now;
    mutable QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    std::chrono::steady_clock::time_point m_lastSweep;
};

} // namespace tessera::server
