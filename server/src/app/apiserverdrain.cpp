// ApiServer's drain on SIGTERM (docs/DEPLOYMENT.md, "Draining").
#include "app/apiserver.h"
#include "base/serverlogging.h"
#include "feed/streamhub.h"
#include "subsystems/webhookdispatcher.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace tessera::server {

void ApiServer::drain(int graceSeconds, const std::function<void()> &done)
{
    if (m_drain.isDraining())
        return;
    m_drain.begin();
    qCInfo(lcServer) << "draining: health answers 503, streams close with"
                     << StreamHub::reconnectCloseCode;
    if (m_stream)
        m_stream->drain();
    if (m_webhooks)
        m_webhooks->stop();
    const qint64 graceMs = std::clamp(graceSeconds, 0, maxDrainSeconds) * qint64(1000);
    auto *check = new QTimer(this);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    check->setInterval(50);
    connect(check, &QTimer::timeout, this, [this, check, elapsed, graceMs, done] {
        const bool idle = !m_webhooks || m_webhooks->idle();
        const qint64 spent = elapsed->elapsed();
        if ((spent < graceMs || !idle) && spent < maxDrainSeconds * qint64(1000))
            return;
        if (!idle)
            qCWarning(lcServer) << "drained with webhook deliveries in flight; their leases expire";
        check->stop();
        check->deleteLater();
        done();
    });
    check->start();
}

} // namespace tessera::server
