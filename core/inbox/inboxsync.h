#pragma once

#include "feed/deltasync.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <chrono>

namespace tessera {

class InboxStore;

// Keeps the inbox cache up to date: delta sync (GET /v1/inbox?since=CURSOR&limit=N until hasMore
// is false) at start, on each live-stream hint, on every (re)connect of the stream and on return
// to the foreground, with exponential backoff after a failure (DeltaSync). A hint only starts a
// sync, and a hint carrying the changed items (StreamClient::carried) is applied as a delta page
// of its own where it follows the stored cursor exactly: what the app shows always comes from
// a delta. A page with an item InboxItem refuses is
// refused whole. Also tells the server about read marks made here (again at the start of every
// sync until it has heard of them).
//
// The inbox's own beside the delta loop: it keeps the live stream the other features follow
// (stream()), open while the session is signed in (and its services are not held:
// SessionScope::isStarted()), the sync is started and the app is in the foreground; and it is
// loading while a sync is due but the services are held (the first frame after a sign-in).
class InboxSync : public DeltaSync
{
    Q_OBJECT
    Q_PROPERTY(bool live READ isLive NOTIFY liveChanged)
public:
    // api, scope and store must outlive this object.
    InboxSync(
        AuthorizedApi &api, SessionScope &scope, InboxStore &store, QObject *parent = nullptr);
    ~InboxSync() override;

    // A sync is running, or is due as soon as the session's services are released (the app
    // holds them for a frame after a sign-in): the inbox shows that it is being updated.
    bool isLoading() const override { return isRunning() || m_waiting; }
    // The live stream is open: hints arrive.
    bool isLive() const;
    // The live stream's client (its state, the last close code).
    const StreamClient &stream() const { return *m_stream; }

    // The items a delta page asks for: the server's largest page (InboxService::maxPageSize),
    // so a catch-up writes 500 items a transaction rather than 100 (docs/PERFORMANCE.md,
    // bench_cache: each transaction rewrites the key index's leaves its random ids fall on).
    static constexpr int defaultPageSize = 500;
    void setPageSize(int items) { m_pageSize = items; }
    // Backoff after a failure (sync and stream): first delay, doubling up to last.
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last) override;
    // Without the stream, syncs happen only when asked (the CLI).
    void setStreamEnabled(bool enabled);

    // The kind of the stream's hints (StreamClient::changed) that start an inbox sync.
    static QString hintKind() { return QStringLiteral("inbox"); }

public Q_SLOTS:
    // Marks an item read here at once and tells the server (again at the next sync if it
    // cannot be told now).
    void markRead(const QString &itemId);

Q_SIGNALS:
    void liveChanged();
    // Items the live stream carried were stored (no sync ran for them): like synced() for
    // whoever shows what changed in the store.
    void carriedApplied();

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;
    // Items the live stream carried: stored like a delta page (one transaction with their
    // cursor) when they follow the stored cursor exactly and no sync runs; else a sync.
    void applyCarried(
        const QJsonArray &items, const QString &since, const QString &cursor) override;
    QString moreKey() const override;
    void addPageQuery(QUrlQuery &query) const override;
    void beginRun() override;
    bool endRun() override;
    void conditionsChanged() override;

private:
    void updateStream();
    void updateWaiting();
    void sendRead(const QString &itemId);
    // After a sync: the carried hints that came while it ran, in order.
    void applyHeldCarried();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    InboxStore &m_store;
    StreamClient *m_stream;
    bool m_streamEnabled = true;
    bool m_waiting = false; // signed in and started, the services held: a sync is due
    int m_pageSize = defaultPageSize;
    // Carried hints that came while a sync ran (at most maxHeldCarried; more: a sync after it).
    struct HeldCarried
    {
        QJsonArray items;
        QString since;
        QString cursor;
    };
    static constexpr int maxHeldCarried = 8;
    QList<HeldCarried> m_heldCarried;
    bool m_heldOverflow = false;
};

} // namespace tessera
