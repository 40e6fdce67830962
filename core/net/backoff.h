#pragma once

#include <chrono>
#include <optional>

namespace tessera {

// How long a retrying loop waits after failures: the first delay, doubling with each failure in
// a row up to the last; never sooner than the server's Retry-After (itself capped at the last
// delay). A value: each loop keeps its own (a sync, a stream, a token refresh, an upload), and
// an outbox that counts each entry's attempts asks after() instead.
class Backoff
{
public:
    Backoff() = default;
    Backoff(std::chrono::milliseconds first, std::chrono::milliseconds last);

    // A last delay below the first is the first. The failures so far are kept.
    void setDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    std::chrono::milliseconds first() const { return m_first; }
    std::chrono::milliseconds last() const { return m_last; }
    // The delay the failures so far have reached, Retry-After left out (0 before the first).
    std::chrono::milliseconds current() const { return m_current; }

    // One more failure: the delay doubles (the first delay after none); the wait before the
    // next try, at least retryAfter (capped at the last delay).
    std::chrono::milliseconds next(std::optional<std::chrono::seconds> retryAfter = std::nullopt);
    // The wait after failures in a row (from 1) as next() would give it; changes nothing.
    std::chrono::milliseconds after(
        int failures, std::optional<std::chrono::seconds> retryAfter = std::nullopt) const;
    // A success: the next failure waits the first delay again.
    void reset() { m_current = {}; }

private:
    std::chrono::milliseconds atLeastRetryAfter(
        std::chrono::milliseconds wait, std::optional<std::chrono::seconds> retryAfter) const;

    std::chrono::milliseconds m_first { 2000 };
    std::chrono::milliseconds m_last { 10 * 60 * 1000 };
    std::chrono::milliseconds m_current { 0 };
};

} // namespace tessera
