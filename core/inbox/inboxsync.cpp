#include "inbox/inboxsync.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "feed/streamclient.h"
#include "identity/session.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace tessera {

namespace {

// A safety net against a server that keeps saying hasMore: one sync reads at most this many
// pages, then starts again from where it got.
constexpr int maxPagesPerRun = 1000;

} // namespace

InboxSync::InboxSync(Session &session, InboxStore &store, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_store(store)
    , m_stream(new StreamClient(session, this))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &InboxSync::syncNow);
    const SessionScope &scope = m_session.scope();
    connect(&scope, &SessionScope::databaseChanged, this, &InboxSync::followSession);
    connect(&scope, &SessionScope::started, this, &InboxSync::updateStream);
    connect(&scope, &SessionScope::held, this, &InboxSync::updateStream);
    connect(&scope, &SessionScope::ended, this, &InboxSync::updateStream);
    connect(m_stream, &StreamClient::opened, this, [this]() {
        Q_EMIT liveChanged();
        syncNow(); // on (re)connect: whatever was missed meanwhile
    });
    connect(m_stream, &StreamClient::closed, this, &InboxSync::liveChanged);
    connect(
        m_stream, &StreamClient::changed, this, [this](const QString &kind, const QString &cursor) {
            if (kind == hintKind() && (cursor.isEmpty() || cursor != m_store.cursor()))
                syncNow();
        });
    followSession();
}

InboxSync::~InboxSync() = default;

bool InboxSync::isLive() const
{
    return m_stream->isOpen();
}

void InboxSync::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_backoff.setDelays(first, last);
    m_stream->setRetryDelays(first, last);
}

void InboxSync::setStreamEnabled(bool enabled)
{
    m_streamEnabled = enabled;
    updateStream();
}

void InboxSync::followSession()
{
    const std::shared_ptr<Database> database = m_session.scope().database();
    m_store.setDatabase(database);
    if (!database) {
        m_retry.stop();
        m_again = false;
    }
    updateWaiting();
}

bool InboxSync::canSync() const
{
    return m_store.hasDatabase() && m_session.scope().isStarted();
}

void InboxSync::updateStream()
{
    const bool started = m_session.scope().isStarted();
    const bool wanted = m_started && m_streamEnabled && m_foreground && started;
    if (wanted && !m_stream->isActive())
        m_stream->start();
    else if (!wanted && m_stream->isActive())
        m_stream->stop();
    if (m_started && started)
        syncNow(); // signed in (again), or the services released: catch up
    updateWaiting();
}

void InboxSync::updateWaiting()
{
    const bool waiting =
        m_started && !m_running && m_store.hasDatabase() && m_session.scope().isHeld();
    if (waiting == m_waiting)
        return;
    const bool wasLoading = isLoading();
    m_waiting = waiting;
    if (isLoading() != wasLoading)
        Q_EMIT loadingChanged();
}

void InboxSync::start()
{
    if (m_started)
        return;
    m_started = true;
    updateStream();
    syncNow();
}

void InboxSync::stop()
{
    m_started = false;
    m_retry.stop();
    updateStream();
}

void InboxSync::setForeground(bool foreground)
{
    if (m_foreground == foreground)
        return;
    m_foreground = foreground;
    updateStream();
    if (foreground)
        syncNow();
}

void InboxSync::syncNow()
{
    if (m_running) {
        m_again = true;
        return;
    }
    if (!canSync())
        return;
    m_retry.stop();
    m_running = true;
    m_waiting = false;
    m_again = false;
    m_pages = 0;
    Q_EMIT loadingChanged();
    sendPendingReads();
    fetchPage();
}

void InboxSync::fetchPage()
{
    if (!canSync()) {
        finishRun(false, nullptr);
        return;
    }
    QUrlQuery query;
    const QString cursor = m_store.cursor();
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("since"), cursor);
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
    const QString path = QStringLiteral("/v1/inbox?") + query.toString(QUrl::FullyEncoded);
    whenFinished(this, m_session.get(path), [this](const ApiReply &reply) {
        if (!reply.ok()) {
            finishRun(false, &reply);
            return;
        }
        const QJsonArray array = reply.body.value(QStringLiteral("items")).toArray();
        const QString next = reply.body.value(QStringLiteral("cursor")).toString();
        QList<InboxItem> items;
        items.reserve(array.size());
        for (const auto &value : array) {
            QString problem;
            auto item = InboxItem::fromJson(value.toObject(), &problem);
            if (!item) {
                ApiReply bad = reply;
                bad.kind = ApiReply::Kind::ProtocolError;
                bad.error = ApiError { QStringLiteral("invalid_reply"), problem };
                finishRun(false, &bad);
                return;
            }
            items.append(std::move(*item));
        }
        if (next.isEmpty() || !m_store.applyDelta(items, next)) {
            ApiReply bad = reply;
            bad.kind = ApiReply::Kind::ProtocolError;
            bad.error = ApiError { QStringLiteral("invalid_reply"),
                next.isEmpty() ? QStringLiteral("the answer carries no cursor")
                               : QStringLiteral("the inbox could not be stored on this device") };
            finishRun(false, &bad);
            return;
        }
        qCDebug(lcInbox) << "inbox page:" << items.size() << "items";
        if (reply.body.value(QStringLiteral("hasMore")).toBool() && ++m_pages < maxPagesPerRun) {
            fetchPage();
            return;
        }
        finishRun(true, nullptr);
    });
}

void InboxSync::finishRun(bool ok, const ApiReply *failure)
{
    m_running = false;
    if (ok) {
        m_backoff.reset();
        setError({}, {});
        setOffline(false);
        Q_EMIT loadingChanged();
        Q_EMIT synced();
        if (m_again)
            syncNow();
        updateWaiting();
        return;
    }
    if (failure) {
        qCInfo(lcInbox).noquote() << "inbox sync failed:" << failure->error.code;
        setError(failure->error.code, Session::describeFailure(*failure));
        setOffline(failure->kind == ApiReply::Kind::NetworkError);
    }
    Q_EMIT loadingChanged();
    Q_EMIT syncFailed();
    if (m_again) {
        m_again = false;
        syncNow();
        updateWaiting();
        return;
    }
    if (m_started && canSync()) {
        m_retry.start(m_backoff.next(failure ? failure->retryAfter() : std::nullopt));
    }
    updateWaiting();
}

void InboxSync::setError(const QString &code, const QString &message)
{
    if (m_errorCode == code && m_error == message)
        return;
    m_errorCode = code;
    m_error = message;
    Q_EMIT errorChanged();
}

void InboxSync::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged();
}

void InboxSync::markRead(const QString &itemId)
{
    if (!m_store.markReadLocally(itemId))
        return;
    if (m_session.state() != Session::State::SignedIn)
        return;
    whenFinished(this,
        m_session.post(QStringLiteral("/v1/inbox/%1/read").arg(itemId), QJsonObject {}),
        [this](const ApiReply &reply) {
            if (!reply.ok())
                return; // told at the next sync
            if (auto item = InboxItem::fromJson(reply.body, nullptr))
                m_store.confirmRead(*item);
        });
}

void InboxSync::sendPendingReads()
{
    const QStringList ids = m_store.pendingReads();
    for (const QString &id : ids) {
        whenFinished(this,
            m_session.post(QStringLiteral("/v1/inbox/%1/read").arg(id), QJsonObject {}),
            [this](const ApiReply &reply) {
                if (!reply.ok())
                    return;
                if (auto item = InboxItem::fromJson(reply.body, nullptr))
                    m_store.confirmRead(*item);
            });
    }
}

} // namespace tessera
