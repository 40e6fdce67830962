#include "http/ratelimiter.h"

#include <QMutexLocker>

#include <algorithm>
#include <cmath>

namespace tessera::server {

namespace {

constexpr std::chrono::seconds sweepInterval { 60 };

} // namespace

RateLimiter::RateLimiter(int perSecond, int burst, Now now)
    : m_perSecond(std::max(0, perSecond))
    , m_burst(std::max(1, burst))
    , m_now(now ? std::move(now) : Now([] { return std::chrono::steady_clock::now(); }))
    , m_lastSweep(m_now())
{ }

double RateLimiter::refilled(const Bucket &bucket, std::chrono::steady_clock::time_point now) const
{
    const double seconds = std::chrono::duration<double>(now - bucket.at).count();
    return std::min(double(m_burst), bucket.tokens + std::max(0.0, seconds) * m_perSecond);
}

std::optional<int> RateLimiter::take(const QString &caller)
{
    if (m_perSecond == 0)
        return std::nullopt;
    const auto now = m_now();
    QMutexLocker locker(&m_mutex);
    if (now - m_lastSweep >= sweepInterval || m_buckets.size() >= maxBuckets)
        sweep(now);
    auto it = m_buckets.find(caller);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= maxBuckets)
            return 1; // every bucket is in use: a newcomer waits rather than memory growing
        it = m_buckets.insert(caller, Bucket { double(m_burst), now });
    }
    it->tokens = refilled(*it, now);
    it->at = now;
    if (it->tokens >= 1) {
        it->tokens -= 1;
        return std::nullopt;
    }
    return std::max(1, int(std::ceil((1 - it->tokens) / m_perSecond)));
}

void RateLimiter::sweep(std::chrono::steady_clock::time_point now)
{
    m_lastSweep = now;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (refilled(*it, now) >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

qsizetype RateLimiter::bucketCount() const
{
    QMutexLocker locker(&m_mutex);
    return m_buckets.size();
}

HttpResponse RateLimiter::refusal(int retryAfterSeconds) const
{
    HttpResponse response = http::error(429, QStringLiteral("rate_limited"),
        QStringLiteral("Too many requests with this API key: at most %1 a second, in bursts of up "
                       "to %2, on each server. Wait %3 s (Retry-After) and send again.")
            .arg(m_perSecond)
            .arg(m_burst)
            .arg(retryAfterSeconds));
    response.setHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds));
    return response;
}

} // namespace tessera::server
