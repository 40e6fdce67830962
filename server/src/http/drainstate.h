#pragma once

#include <atomic>

namespace tessera::server {

// Whether the server drains (SIGTERM, docs/DEPLOYMENT.md): from begin() on, GET /v1/health
// answers 503 {"status":"draining"} (a load balancer takes the node out) and every other request
// 503 draining with Retry-After (the client asks again, and reaches another node). Thread-safe.
class DrainState
{
public:
    // Seconds a refused request is told to wait (Retry-After).
    static constexpr int retryAfterSeconds = 2;

    void begin() { m_draining.store(true, std::memory_order_release); }
    bool isDraining() const { return m_draining.load(std::memory_order_acquire); }

private:
    std::atomic<bool> m_draining { false };
};

} // namespace tessera::server
