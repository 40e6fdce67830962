#pragma once

#include <QDeadlineTimer>
#include <QList>
#include <QMutex>
#include <QString>

#include <chrono>
#include <variant>

namespace tessera::server {

// Lets test pings (POST /v1/subsystem/ping) wait for their receivers without taking the worker
// pool from everyone else: each ping holds a pool thread for up to the webhook timeout, so there
// is at most one in flight per API key and maxInFlight in all (well under the pool's size, at
// least 4). Thread-safe.
class PingGate
{
public:
    static constexpr int defaultMaxInFlight = 2;

    // Held while one ping is on the wire; leaving its scope lets the next one in.
    class Pass
    {
    public:
        Pass(Pass &&other) noexcept;
        Pass &operator=(Pass &&) = delete;
        Pass(const Pass &) = delete;
        Pass &operator=(const Pass &) = delete;
        ~Pass();

    private:
        friend class PingGate;
        Pass(PingGate *gate, QString apiKeyId);

        PingGate *m_gate;
        QString m_apiKeyId;
    };

    // Why a ping may not go now, and in how many seconds (at least 1) a ping in flight will have
    // finished at the latest.
    struct Refusal
    {
        bool keyBusy = false; // this key's own ping is in flight; else the server has maxInFlight
        int retryAfterSeconds = 1;
    };

    PingGate(std::chrono::seconds timeout, int maxInFlight = defaultMaxInFlight);

    std::variant<Pass, Refusal> enter(const QString &apiKeyId);
    int maxInFlight() const { return m_maxInFlight; }

private:
    void leave(const QString &apiKeyId);

    const std::chrono::seconds m_timeout;
    const int m_maxInFlight;
    QMutex m_mutex;
    struct InFlight
    {
        QString apiKeyId;
        QDeadlineTimer deadline; // when its ping gives up
    };
    QList<InFlight> m_inFlight; // at most maxInFlight
};

} // namespace tessera::server
