#include "inbox/inboxsync.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "feed/streamclient.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <utility>

namespace tessera {

InboxSync::InboxSync(AuthorizedApi &api, SessionScope &scope, InboxStore &store, QObject *parent)
    : DeltaSync(api, scope, store, QStringLiteral("/v1/inbox"), lcInbox, parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
    , m_stream(new StreamClient(api, this))
{
    connect(m_stream, &StreamClient::opened, this, &InboxSync::liveChanged);
    connect(m_stream, &StreamClient::closed, this, &InboxSync::liveChanged);
    followStream(*m_stream, hintKind());
    connect(this, &DeltaSync::synced, this, &InboxSync::updateWaiting);
    connect(this, &DeltaSync::syncFailed, this, &InboxSync::updateWaiting);
    connect(this, &DeltaSync::synced, this, &InboxSync::applyHeldCarried);
    connect(this, &DeltaSync::syncFailed, this, &InboxSync::applyHeldCarried);
    updateWaiting();
}

InboxSync::~InboxSync() = default;

bool InboxSync::isLive() const
{
    return m_stream->isOpen();
}

void InboxSync::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    DeltaSync::setRetryDelays(first, last);
    m_stream->setRetryDelays(first, last);
}

void InboxSync::setStreamEnabled(bool enabled)
{
    m_streamEnabled = enabled;
    updateStream();
}

QString InboxSync::moreKey() const
{
    return QStringLiteral("hasMore");
}

void InboxSync::addPageQuery(QUrlQuery &query) const
{
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
}

bool InboxSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const QJsonArray array = page.value(QStringLiteral("items")).toArray();
    QList<InboxItem> items;
    items.reserve(array.size());
    for (const auto &value : array) {
        std::optional<InboxItem> item = InboxItem::fromJson(value.toObject(), problem);
        if (!item)
            return false; // the page is refused whole
        items.append(std::move(*item));
    }
    // hasMore (checked by DeltaSync): the store may hold the page for one transaction with the
    // next ones.
    const bool more = page.value(moreKey()).toBool();
    if (!m_store.applyDelta(items, cursor, more)) {
        *problem = QStringLiteral("the inbox could not be stored on this device");
        return false;
    }
    qCDebug(lcInbox) << "inbox page:" << items.size() << "items";
    return true;
}

void InboxSync::applyCarried(const QJsonArray &items, const QString &since, const QString &cursor)
{
    // Not while a sync runs (its pages would interleave with these): held until it ends, then
    // applied if they follow what it stored. Not while a reset is honoured, nor when something
    // between the stored cursor and since is missing: the delta sync then.
    if (isRunning() && isStarted()) {
        if (m_heldCarried.size() < maxHeldCarried)
            m_heldCarried.append(HeldCarried { items, since, cursor });
        else
            m_heldOverflow = true;
        return;
    }
    if (!isStarted() || !m_store.hasDatabase() || m_store.isResetting()
        || m_store.cursor() != since) {
        hint(cursor);
        return;
    }
    QString problem;
    if (!applyPage(QJsonObject { { QStringLiteral("items"), items } }, cursor, &problem)) {
        qCInfo(lcInbox).noquote() << "carried items refused:" << problem;
        hint(cursor);
        return;
    }
    Q_EMIT carriedApplied();
}

void InboxSync::applyHeldCarried()
{
    const QList<HeldCarried> held = std::exchange(m_heldCarried, {});
    const bool overflow = std::exchange(m_heldOverflow, false);
    for (const HeldCarried &carried : held) {
        if (m_store.cursor().toLongLong() >= carried.cursor.toLongLong())
            continue; // the sync brought them (cursors: digits, StreamClient::carriedOf)
        applyCarried(carried.items, carried.since, carried.cursor);
    }
    if (overflow)
        syncNow();
}

// The pages a catch-up held are in the database before anyone hears of the run's end.
bool InboxSync::endRun()
{
    return m_store.endBatch();
}

void InboxSync::conditionsChanged()
{
    updateStream();
    updateWaiting();
}

void InboxSync::updateStream()
{
    const bool wanted = isStarted() && m_streamEnabled && isForeground() && m_scope.isStarted();
    if (wanted && !m_stream->isActive())
        m_stream->start();
    else if (!wanted && m_stream->isActive())
        m_stream->stop();
}

void InboxSync::updateWaiting()
{
    const bool waiting = isStarted() && !isRunning() && m_store.hasDatabase() && m_scope.isHeld();
    if (waiting == m_waiting)
        return;
    const bool wasLoading = isLoading();
    m_waiting = waiting;
    if (isLoading() != wasLoading)
        Q_EMIT loadingChanged();
}

void InboxSync::beginRun()
{
    m_waiting = false;
    // A run starts from a clean batch (one cut short, by a stop or a lost session, may have left
    // pages held; they are written, or dropped and asked for again from the stored cursor).
    m_store.endBatch();
    // What this device marked read and the server has not heard of yet.
    const QStringList ids = m_store.pendingReads();
    for (const QString &id : ids)
        sendRead(id);
}

void InboxSync::markRead(const QString &itemId)
{
    if (!m_store.markReadLocally(itemId))
        return;
    if (!m_scope.isSignedIn())
        return;
    sendRead(itemId);
}

void InboxSync::sendRead(const QString &itemId)
{
    whenFinished(this, m_api.post(QStringLiteral("/v1/inbox/%1/read").arg(itemId), QJsonObject {}),
        [this](const ApiReply &reply) {
            if (!reply.ok())
                return; // told at the next sync
            if (auto item = InboxItem::fromJson(reply.body, nullptr))
                m_store.confirmRead(*item);
        });
}

} // namespace tessera
