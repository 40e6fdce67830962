#include "base/clock.h"

namespace tessera::server {

Clock::Clock(const QDateTime &startAt)
    : m_offsetMs(startAt.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch())
{ }

Clock::Clock(const Clock &other)
    : m_offsetMs(other.m_offsetMs)
    , m_movedMs(other.m_movedMs.load())
{ }

QDateTime Clock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(
        QDateTime::currentMSecsSinceEpoch() + m_offsetMs + m_movedMs.load(), Qt::UTC);
}

} // namespace tessera::server
