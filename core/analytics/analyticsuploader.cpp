#include "analytics/analyticsuploader.h"

#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "analytics/internal/analyticslogging.h"
#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"

#include <QJsonArray>

namespace tessera {

AnalyticsUploader::AnalyticsUploader(AuthorizedApi &api, SessionScope &scope, AnalyticsQueue &store,
    AnalyticsRecorder &recorder, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
    , m_recorder(recorder)
{
    m_timer.setInterval(defaultInterval);
    connect(&m_timer, &QTimer::timeout, this, &AnalyticsUploader::sendNow);
    // After the first frame: the session's services are released then.
    connect(&m_scope, &SessionScope::started, this, [this] {
        m_timer.start();
        sendNow();
    });
    connect(&m_scope, &SessionScope::ended, &m_timer, &QTimer::stop);
    connect(&m_recorder, &AnalyticsRecorder::recorded, this, [this](qint64 lines) {
        if (lines >= m_threshold)
            sendNow();
    });
    connect(&m_recorder, &AnalyticsRecorder::dropsQueued, this, &AnalyticsUploader::sendNow);
}

AnalyticsUploader::~AnalyticsUploader() = default;

void AnalyticsUploader::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

void AnalyticsUploader::sendNow()
{
    if (m_busy) {
        m_again = true; // once the running work ends
        return;
    }
    if (!m_store.hasDatabase() || !m_scope.isStarted())
        return;
    m_busy = true;
    readSettings();
}

void AnalyticsUploader::readSettings()
{
    whenFinished(
        this, m_api.get(QStringLiteral("/v1/analytics/settings")), [this](const ApiReply &reply) {
            const QJsonValue value = reply.body.value(QStringLiteral("defaultConsent"));
            if (reply.ok() && value.isBool() && m_store.hasDatabase())
                m_recorder.setServerDefault(value.toBool());
            next();
        });
}

// The drops first (an opt-out outranks anything queued before it), then the queue.
void AnalyticsUploader::next()
{
    if (!m_store.hasDatabase() || !m_scope.isStarted()) {
        finish();
        return;
    }
    const QStringList drops = m_recorder.pendingDrops();
    if (!drops.isEmpty()) {
        drop(drops.constFirst());
        return;
    }
    upload();
}

void AnalyticsUploader::drop(const QString &installationId)
{
    whenFinished(this,
        m_api.deleteResource(QStringLiteral("/v1/analytics/installations/") + installationId),
        [this, installationId](const ApiReply &reply) {
            // 204, or a 4xx that will never change (an id the server refuses): done.
            const bool final = reply.kind == ApiReply::Kind::HttpError && reply.httpStatus < 500
                && reply.httpStatus != 408 && reply.httpStatus != 429 && reply.httpStatus != 401;
            if (!reply.ok() && !final) {
                qCInfo(lcAnalytics) << "dropping an installation on the server failed for now";
                Q_EMIT uploadFailed(FailureText::describe(reply));
                finish();
                return;
            }
            m_recorder.dropDone(installationId);
            Q_EMIT dropped(installationId);
            next();
        });
}

void AnalyticsUploader::upload()
{
    const QList<AnalyticsLine> lines =
        m_recorder.enabled() ? m_store.lines(maxBatch) : QList<AnalyticsLine>();
    if (lines.isEmpty()) {
        finish();
        return;
    }
    QJsonArray events;
    for (const AnalyticsLine &line : lines) {
        events.append(QJsonObject { { QStringLiteral("day"), line.day },
            { QStringLiteral("kind"), line.kind }, { QStringLiteral("name"), line.name },
            { QStringLiteral("platform"), line.platform },
            { QStringLiteral("appVersion"), line.appVersion },
            { QStringLiteral("count"), line.count } });
    }
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/analytics/events"),
            QJsonObject { { QStringLiteral("installationId"), m_recorder.installationId() },
                { QStringLiteral("events"), events } }),
        [this, lines](const ApiReply &reply) {
            if (!reply.ok()) {
                // Kept for the next time (a 422 too: it is this code's fault, not the data's
                // to lose silently; the log says it).
                qCInfo(lcAnalytics)
                    << "analytics upload failed:" << reply.httpStatus << reply.error.code;
                Q_EMIT uploadFailed(FailureText::describe(reply));
                finish();
                return;
            }
            m_store.remove(lines);
            qCDebug(lcAnalytics) << "analytics uploaded:" << lines.size() << "lines";
            Q_EMIT uploaded(int(lines.size()));
            if (lines.size() == maxBatch)
                upload();
            else
                finish();
        });
}

void AnalyticsUploader::finish()
{
    m_busy = false;
    if (m_again) {
        m_again = false;
        sendNow();
        return;
    }
    Q_EMIT idle();
}

} // namespace tessera
