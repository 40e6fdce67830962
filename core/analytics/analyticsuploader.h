#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace tessera {

class AnalyticsRecorder;
class AnalyticsQueue;
class AuthorizedApi;
class SessionScope;
struct ApiReply;

// Sends the analytics queue through the session's ApiClient while its services run (after the
// app's first frame): when they start (after reading the organisation's default from
// GET /v1/analytics/settings), every `interval`, and as soon as `threshold` lines wait. Batches
// of at most maxBatch lines to POST /v1/analytics/events under the current installation id; a
// 2xx takes them off the queue, a failure keeps them for the next time. Opt-outs: each queued
// installation id goes to DELETE /v1/analytics/installations/{id} until the server took it.
class AnalyticsUploader : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxBatch = 500;
    static constexpr std::chrono::minutes defaultInterval { 15 };
    static constexpr int defaultThreshold = 50;

    // session, store and recorder must outlive this object.
    AnalyticsUploader(AuthorizedApi &api, SessionScope &scope, AnalyticsQueue &store,
        AnalyticsRecorder &recorder, QObject *parent = nullptr);
    ~AnalyticsUploader() override;

    void setInterval(std::chrono::milliseconds interval);
    void setThreshold(int lines) { m_threshold = lines; }
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    // Reads the server's default, sends the waiting drops, then the queue.
    void sendNow();

Q_SIGNALS:
    void uploaded(int lines);
    void uploadFailed(const QString &reason);
    void dropped(const QString &installationId);
    // Nothing more to do for now (sendNow's work ended, whatever became of it).
    void idle();

private:
    void readSettings();
    void next();
    void upload();
    void drop(const QString &installationId);
    void finish();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    AnalyticsQueue &m_store;
    AnalyticsRecorder &m_recorder;
    QTimer m_timer;
    int m_threshold = defaultThreshold;
    bool m_busy = false;
    bool m_again = false;
};

} // namespace tessera
