#pragma once

#include <QDateTime>

namespace tessera::server {

// The server's notion of now. Tests start the server with --now (or TESSERA_SERVER_NOW) to put
// it at a chosen time; it then runs on from there at real speed. Never settable by an endpoint.
class Clock
{
public:
    Clock() = default;
    // The clock reads start at this instant and advances with real time.
    explicit Clock(const QDateTime &startAt);

    QDateTime now() const;
    bool isShifted() const { return m_offsetMs != 0; }

private:
    qint64 m_offsetMs = 0;
};

} // namespace tessera::server
