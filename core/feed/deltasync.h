#pragma once

#include "net/backoff.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

class QJsonArray;
class QUrlQuery;

namespace tessera {

class DeltaStore;
class AuthorizedApi;
class SessionScope;
class StreamClient;
struct ApiReply;

// The delta loop every synced feature shares: GET path?since=CURSOR, each page applied by the
// feature with its cursor in one transaction (applyPage), following `more` until it is false; at
// start and sign-in, on a live hint of the feature's kind and on the stream's (re)connects
// (followStream), on return to the foreground, with exponential backoff after a failure (at
// least the server's Retry-After). Every answer is checked before anything is stored: one without
// a cursor or `more` is refused whole, the rest is the feature's applyPage. Offline, the cache
// stays as it is.
//
// Reset, once for every feature: an answer {"reset": true, "cursor": R} (the person's audiences
// changed: objects they no longer see may be on the device with no change to say so) makes the
// store mark every object stale, forget its cursor and keep R as the reset honoured (sent as
// ?reset=R from then on, so the reset's own pages are not reset again); the sync goes on from
// the start, and after its last page (more: false) the store deletes what no page listed
// (DeltaStore::beginReset/finishReset; docs/DELTA_SYNC.md).
//
// What differs between features is theirs: applyPage, and the hooks below (the key of `more`, more
// of the query, work at the start of a run, what follows the start, foreground and session).
//
// Follows the session: the feature's store (a DeltaStore: the cursor read and written with each
// page) gets the session's database at sign-in and drops it at sign-out (then the error and the
// backoff are forgotten); network work only while the session's services run
// (SessionScope::isStarted()) and the sync is started.
class DeltaSync : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
public:
    ~DeltaSync() override;

    // A sync is running (a feature may say more: InboxSync).
    virtual bool isLoading() const { return m_running; }
    // The last sync's failure in plain words; empty after a sync that worked.
    QString error() const { return m_error; }
    QString errorCode() const { return m_errorCode; }
    // The last sync could not reach the server; false again after a sync that worked.
    bool isOffline() const { return m_offline; }

    // Backoff after a failure: first delay, doubling up to last.
    virtual void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    // Follows a live stream's hints of kind, its "resync" hints (every feature syncs: the
    // server then answers a reset where the person's audiences changed) and its (re)connects; the
    // stream must outlive this.
    void followStream(const StreamClient &stream, const QString &kind);
    // The live hint of a person whose audiences changed.
    static QString resyncKind() { return QStringLiteral("resync"); }

public Q_SLOTS:
    // Starts following the session: syncs now (when signed in) and on every hint.
    void start();
    void stop();
    // A delta sync now (or right after the one running).
    void syncNow();
    // The app came back to the foreground (true: syncs).
    void setForeground(bool foreground);
    // A live hint: syncs when started, unless the store is already at cursor.
    void hint(const QString &cursor);

Q_SIGNALS:
    void loadingChanged();
    void errorChanged();
    void offlineChanged();
    // A sync ran until the server said no more.
    void synced();
    // A sync failed (error() says why); another follows after the backoff.
    void syncFailed();

protected:
    // store: the feature's cache, which applyPage writes; path: the feature's endpoint
    // (GET path?since=CURSOR); log: its logging category. api, scope and store must outlive this.
    DeltaSync(AuthorizedApi &api, SessionScope &scope, DeltaStore &store, QString path,
        QMessageLogger::CategoryFunction log, QObject *parent = nullptr);

    // Applies one page (its cursor and `more` checked) with its cursor in one transaction; false
    // and *problem when it cannot.
    virtual bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) = 0;
    // The problem named when an answer carries no cursor or no `more`.
    virtual QString malformedPage() const;
    // The answer's key that says whether another page follows ("more").
    virtual QString moreKey() const;
    // More of the page's query than since and reset (a page size).
    virtual void addPageQuery(QUrlQuery &query) const;
    // A live hint of the feature's kind carrying its objects (StreamClient::carried): items are
    // everything after since up to cursor. By default a plain hint (a sync); a feature may
    // apply them itself (InboxSync).
    virtual void applyCarried(const QJsonArray &items, const QString &since, const QString &cursor)
    {
        Q_UNUSED(items);
        Q_UNUSED(since);
        hint(cursor);
    }
    // A sync starts (before its first page is asked for).
    virtual void beginRun() { }
    // A sync ends, before anyone hears of it (loading, synced, syncFailed): a feature stores
    // what it held back during the run. false: it could not, and a run that succeeded fails
    // (retried with the backoff, from what is stored).
    virtual bool endRun() { return true; }
    // start(), stop(), setForeground(), the session's scope (started, held, ended) or its
    // database changed: a feature follows them with what it keeps beside the sync (a stream).
    virtual void conditionsChanged() { }

    bool isRunning() const { return m_running; }
    bool isStarted() const { return m_started; }
    bool isForeground() const { return m_foreground; }

private:
    void followSession();
    void fetchPage();
    void finish(bool ok, const ApiReply *failure);
    // Starts honouring a reset answer; false and *problem when it is not a valid one.
    bool honourReset(const QJsonObject &answer, QString *problem);
    void setError(const QString &code, const QString &message);
    void setOffline(bool offline);
    bool canSync() const;

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    DeltaStore &m_store;
    const QString m_path;
    const QMessageLogger::CategoryFunction m_log;
    QTimer m_retry;
    bool m_started = false;
    bool m_foreground = true;
    bool m_running = false;
    bool m_again = false;
    bool m_offline = false;
    int m_pages = 0;
    QString m_error;
    QString m_errorCode;
    Backoff m_backoff { std::chrono::seconds(2), std::chrono::minutes(5) };
};

} // namespace tessera
