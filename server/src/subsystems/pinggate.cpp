#include "subsystems/pinggate.h"

#include <QMutexLocker>

#include <algorithm>
#include <limits>
#include <utility>

namespace tessera::server {

namespace {

// Whole seconds left (rounded up), at least 1.
int secondsLeft(const QDeadlineTimer &deadline)
{
    const qint64 milliseconds = deadline.remainingTime();
    return static_cast<int>(std::max<qint64>(1, (std::max<qint64>(0, milliseconds) + 999) / 1000));
}

} // namespace

PingGate::Pass::Pass(PingGate *gate, QString apiKeyId)
    : m_gate(gate)
    , m_apiKeyId(std::move(apiKeyId))
{ }

PingGate::Pass::Pass(Pass &&other) noexcept
    : m_gate(std::exchange(other.m_gate, nullptr))
    , m_apiKeyId(std::move(other.m_apiKeyId))
{ }

PingGate::Pass::~Pass()
{
    if (m_gate != nullptr)
        m_gate->leave(m_apiKeyId);
}

PingGate::PingGate(std::chrono::seconds timeout, int maxInFlight)
    : m_timeout(timeout)
    , m_maxInFlight(maxInFlight)
{ }

std::variant<PingGate::Pass, PingGate::Refusal> PingGate::enter(const QString &apiKeyId)
{
    const QMutexLocker lock(&m_mutex);
    int soonest = std::numeric_limits<int>::max();
    for (const InFlight &ping : std::as_const(m_inFlight)) {
        if (ping.apiKeyId == apiKeyId)
            return Refusal { true, secondsLeft(ping.deadline) };
        soonest = std::min(soonest, secondsLeft(ping.deadline));
    }
    if (m_inFlight.size() >= m_maxInFlight)
        return Refusal { false, soonest };
    m_inFlight.append({ apiKeyId, QDeadlineTimer(m_timeout) });
    return Pass(this, apiKeyId);
}

void PingGate::leave(const QString &apiKeyId)
{
    const QMutexLocker lock(&m_mutex);
    m_inFlight.removeIf([&apiKeyId](const InFlight &ping) { return ping.apiKeyId == apiKeyId; });
}

} // namespace tessera::server
