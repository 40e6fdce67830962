#pragma once

namespace tessera::server {

class Clock;
class Storage;

// Retention of what piles up and is swept on a timer: access-log lines, sign-in failures past
// their window, tokens that expired more than a day ago, old idempotency keys, old events of the
// sub-systems' events feeds. Blocking;
// thread-safe.
class Retention
{
public:
    Retention(Storage &storage, const Clock &clock);

    // Deletes access-log lines older than accessLogDays, sign-in failures past their window,
    // tokens that expired more than a day ago, idempotency keys older than idempotencyKeyDays
    // and events feed entries older than eventDays. Answers false when the database refused.
    bool prune(int accessLogDays, int idempotencyKeyDays, int eventDays) const;

private:
    Storage &m_storage;
    const Clock &m_clock;
};

} // namespace tessera::server
