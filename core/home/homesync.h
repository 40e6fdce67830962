#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace tessera {

class HomeStore;
class Session;
class StreamClient;
struct ApiReply;

// Keeps Home's cache up to date: delta sync (GET /v1/cards?since=CURSOR, following `more`) at
// start and sign-in, on the live stream's "cards" hints and (re)connects (the inbox's stream:
// attachStream), on return to the foreground, with exponential backoff after a failure. Every
// answer is checked before anything is stored; a card CardParser refuses is skipped with a warning
// (and an older copy of it dropped). Offline, the cache stays as it is and is shown.
//
// Follows the session: the store gets the session's database at sign-in and drops it at
// sign-out; network work only while the session's services run (SessionScope::isStarted()).
class HomeSync : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
public:
    // session and store must outlive this object.
    HomeSync(Session &session, HomeStore &store, QObject *parent = nullptr);
    ~HomeSync() override;

    bool isLoading() const { return m_running; }
    // The last sync's failure in plain words; empty after a sync that worked.
    QString error() const { return m_error; }
    QString errorCode() const { return m_errorCode; }
    // The last sync could not reach the server; false again after a sync that worked.
    bool isOffline() const { return m_offline; }

    // Follows a live stream's hints of kind "cards" and its (re)connects; it must outlive this.
    void attachStream(const StreamClient &stream);
    // Backoff after a failure: first delay, doubling up to last.
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

    static QString hintKind() { return QStringLiteral("cards"); }

public Q_SLOTS:
    // Starts following the session: syncs now (when signed in) and on every hint.
    void start();
    void stop();
    // A delta sync now (or right after the one running).
    void syncNow();
    // The app came back to the foreground (true: syncs).
    void setForeground(bool foreground);

Q_SIGNALS:
    void loadingChanged();
    void errorChanged();
    void offlineChanged();
    // A sync ran to more == false.
    void synced();
    // A sync failed (error() says why); another follows after the backoff.
    void syncFailed();

private:
    void followSession();
    void fetchPage();
    void applyPage(const ApiReply &reply);
    void finishRun(bool ok, const ApiReply *failure);
    void fail(const ApiReply &reply, const QString &problem);
    void setError(const QString &code, const QString &message);
    void setOffline(bool offline);
    bool canSync() const;

    Session &m_session;
    HomeStore &m_store;
    QTimer m_retry;
    bool m_started = false;
    bool m_running = false;
    bool m_again = false;
    bool m_offline = false;
    int m_pages = 0;
    QString m_error;
    QString m_errorCode;
    std::chrono::milliseconds m_firstDelay { 2000 };
    std::chrono::milliseconds m_lastDelay { 5 * 60 * 1000 };
    std::chrono::milliseconds m_delay { 0 };
};

} // namespace tessera
