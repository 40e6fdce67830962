#pragma once

#include <QDateTime>

#include <atomic>

namespace tessera::server {

// The server's notion of now. Tests start the server with --now (or TESSERA_SERVER_NOW) to put
// it at a chosen time; it then runs on from there at real speed. A demo or test server may also
// be moved on while it runs (--clock-file, ClockFile): the file's offset is added. Never settable
// by an endpoint. now() is thread-safe.
class Clock
{
public:
    Clock() = default;
    // The clock reads start at this instant and advances with real time.
    explicit Clock(const QDateTime &startAt);
    Clock(const Clock &other);
    Clock &operator=(const Clock &) = delete;

    QDateTime now() const;
    bool isShifted() const { return m_offsetMs != 0 || m_movedMs.load() != 0; }
    // Moves the clock by this much from where --now (or real time) puts it.
    void setMovedBy(qint64 milliseconds) { m_movedMs.store(milliseconds); }

private:
    qint64 m_offsetMs = 0;
    std::atomic<qint64> m_movedMs { 0 };
};

} // namespace tessera::server
