#pragma once

#include "net/backoff.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace tessera {

class InboxStore;
class Session;
class StreamClient;
struct ApiReply;

// Keeps the inbox cache up to date: delta sync (GET /v1/inbox?since=CURSOR until hasMore is
// false) at start, on each live-stream hint, on every (re)connect of the stream and on return
// to the foreground, with exponential backoff after a failure. A hint only starts a sync: what
// the app shows always comes from a delta. Also tells the server about read marks made here.
//
// Follows the session: the store gets the session's database (and drops it at sign-out), and
// the stream runs while the session is signed in (and its services are not held:
// SessionScope::isStarted()), the sync is started and the app is in the foreground.
class InboxSync : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool live READ isLive NOTIFY liveChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
public:
    // session and store must outlive this object.
    InboxSync(Session &session, InboxStore &store, QObject *parent = nullptr);
    ~InboxSync() override;

    // A sync is running, or is due as soon as the session's services are released (the app
    // holds them for a frame after a sign-in): the inbox shows that it is being updated.
    bool isLoading() const { return m_running || m_waiting; }
    // The last sync's failure in plain words; empty after a sync that worked.
    QString error() const { return m_error; }
    QString errorCode() const { return m_errorCode; }
    // The live stream is open: hints arrive.
    bool isLive() const;
    // The live stream's client (its state, the last close code).
    const StreamClient &stream() const { return *m_stream; }
    // The last sync could not reach the server (no network, refused, timed out); false again
    // after a sync that worked. Decisions made meanwhile wait in the outbox.
    bool isOffline() const { return m_offline; }

    void setPageSize(int items) { m_pageSize = items; }
    // Backoff after a failure (sync and stream): first delay, doubling up to last.
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    // Without the stream, syncs happen only when asked (the CLI).
    void setStreamEnabled(bool enabled);

    // The kind of the stream's hints (StreamClient::changed) that start an inbox sync.
    static QString hintKind() { return QStringLiteral("inbox"); }

public Q_SLOTS:
    // Starts following the session: syncs now (when signed in) and keeps the stream open.
    void start();
    void stop();
    // A delta sync now (or right after the one running).
    void syncNow();
    // The app went to the background (false: the stream closes) or came back (true: syncs).
    void setForeground(bool foreground);
    // Marks an item read here at once and tells the server (again at the next sync if it
    // cannot be told now).
    void markRead(const QString &itemId);

Q_SIGNALS:
    void loadingChanged();
    void errorChanged();
    void liveChanged();
    void offlineChanged();
    // A sync ran to hasMore == false.
    void synced();
    // A sync failed (error() says why); another follows after the backoff.
    void syncFailed();

private:
    void followSession();
    void updateStream();
    void fetchPage();
    void finishRun(bool ok, const ApiReply *failure);
    void setError(const QString &code, const QString &message);
    void setOffline(bool offline);
    void sendPendingReads();
    bool canSync() const;
    void updateWaiting();

    Session &m_session;
    InboxStore &m_store;
    StreamClient *m_stream;
    QTimer m_retry;
    bool m_started = false;
    bool m_foreground = true;
    bool m_streamEnabled = true;
    bool m_running = false;
    bool m_waiting = false; // signed in and started, the services held: a sync is due
    bool m_again = false;
    bool m_offline = false;
    int m_pageSize = 100;
    int m_pages = 0;
    QString m_error;
    QString m_errorCode;
    Backoff m_backoff { std::chrono::seconds(2), std::chrono::minutes(5) };
};

} // namespace tessera
