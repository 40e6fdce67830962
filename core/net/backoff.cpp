#include "net/backoff.h"

#include <algorithm>

namespace tessera {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    setDelays(first, last);
}

void Backoff::setDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_first = first;
    m_last = std::max(first, last);
}

std::chrono::milliseconds Backoff::next(std::optional<std::chrono::seconds> retryAfter)
{
    m_current = m_current.count() == 0 ? m_first : std::min(m_current * 2, m_last);
    return atLeastRetryAfter(m_current, retryAfter);
}

std::chrono::milliseconds Backoff::after(
    int failures, std::optional<std::chrono::seconds> retryAfter) const
{
    std::chrono::milliseconds wait = m_first;
    for (int i = 1; i < failures && wait < m_last; ++i)
        wait *= 2;
    return atLeastRetryAfter(std::min(wait, m_last), retryAfter);
}

std::chrono::milliseconds Backoff::atLeastRetryAfter(
    std::chrono::milliseconds wait, std::optional<std::chrono::seconds> retryAfter) const
{
    if (!retryAfter)
        return wait;
    return std::max(wait, std::min<std::chrono::milliseconds>(*retryAfter, m_last));
}

} // namespace tessera
