#include "base/clock.h"

namespace tessera::server {

Clock::Clock(const QDateTime &startAt)
    : m_offsetMs(startAt.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch())
{ }

QDateTime Clock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(
        QDateTime::currentMSecsSinceEpoch() + m_offsetMs, Qt::UTC);
}

} // namespace tessera::server
