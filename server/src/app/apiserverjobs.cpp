#include "analytics/analyticsfeature.h"
#include "app/apiserver.h"
#include "attest/attestfeature.h"
#include "events/eventsfeature.h"
#include "maintenance/retention.h"
#include "maintenance/scheduledjob.h"
#include "media/mediaservice.h"
#include "news/newsfeature.h"
#include "notifications/notificationservice.h"
#include "pass/passservice.h"
#include "privacy/privacyrequests.h"
#include "push/pushfeature.h"
#include "storage/storage.h"
#include "surveys/surveysfeature.h"

#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

// The server's scheduled work, started by ApiServer::start once the routes are in place: the
// sweeps and jobs (each holding its lease row, so one node runs each at a time), SQLite's WAL
// checkpoints and the features' own schedules.
namespace tessera::server {

void ApiServer::startScheduledWork()
{
    // Expiry of notifications: every 10 s, so that it reaches every inbox's delta.
    m_expiryJob = std::make_unique<ScheduledJob>(*m_storage, m_clock,
        ScheduledJob::Schedule { QStringLiteral("notification-expiry"), std::chrono::seconds(10),
            std::chrono::minutes(2) },
        [notifications = m_notifications.get()](const ScheduledJob::Confirm &) {
            return notifications->expireDue() ? QString()
                                              : QStringLiteral("the database refused the sweep");
        });
    m_expiryJob->start(m_pool.get());
    if (m_directory)
        m_peopleSyncJob->start(m_pool.get());

    // SQLite's WAL checkpoints, off the request path (Storage::checkpoint); one at a time.
    if (m_storage->kind() == Storage::Kind::Sqlite) {
        auto running = std::make_shared<std::atomic_bool>(false);
        auto *checkpointTimer = new QTimer(this);
        checkpointTimer->setInterval(Storage::checkpointInterval);
        connect(checkpointTimer, &QTimer::timeout, this,
            [storage = m_storage.get(), pool = m_pool.get(), running] {
                if (running->exchange(true))
                    return;
                pool->start([storage, running] {
                    storage->checkpoint();
                    running->store(false);
                });
            });
        checkpointTimer->start();
    }

    // Retention: every hour.
    m_retentionJob = std::make_unique<ScheduledJob>(*m_storage, m_clock,
        ScheduledJob::Schedule {
            QStringLiteral("retention"), std::chrono::hours(1), std::chrono::minutes(30) },
        [retention = m_retention.get(), passes = m_passes.get(),
            accessLogDays = m_config.accessLogRetentionDays,
            scanDays = m_config.scanRecordRetentionDays,
            idempotencyDays = m_config.idempotencyKeyRetentionDays,
            eventDays = m_config.eventRetentionDays](const ScheduledJob::Confirm &) {
            const bool pruned = retention->prune(accessLogDays, idempotencyDays, eventDays);
            return passes->prune(scanDays) && pruned
                ? QString()
                : QStringLiteral("the database refused a deletion");
        });
    m_retentionJob->start(m_pool.get());
    // Media no object links to any more: every hour.
    m_mediaRetentionJob = std::make_unique<ScheduledJob>(*m_storage, m_clock,
        ScheduledJob::Schedule {
            QStringLiteral("media-retention"), std::chrono::hours(1), std::chrono::minutes(30) },
        [media = m_media.get()](const ScheduledJob::Confirm &) {
            return media->pruneUnreferenced() ? QString()
                                              : QStringLiteral("the database refused a deletion");
        });
    m_mediaRetentionJob->start(m_pool.get());
    // Approved deletions not erased yet (a crash between the decision and its erasure): at the
    // start and every minute.
    m_privacyErasureJob = std::make_unique<ScheduledJob>(*m_storage, m_clock,
        ScheduledJob::Schedule {
            QStringLiteral("privacy-erasures"), std::chrono::minutes(1), std::chrono::minutes(10) },
        [requests = m_privacyRequests.get()](const ScheduledJob::Confirm &) {
            return requests->finishApproved() ? QString()
                                              : QStringLiteral("an approved erasure failed");
        });
    m_privacyErasureJob->start(m_pool.get());
    m_news->start(m_pool.get());
    m_events->start(m_pool.get());
    m_surveys->start(m_pool.get());
    m_analytics->start(m_pool.get());
    m_attest->start(m_pool.get());
    m_push->start(m_pool.get());
}

} // namespace tessera::server
