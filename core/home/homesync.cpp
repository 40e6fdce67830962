#include "home/homesync.h"

#include "base/futurewatch.h"
#include "feed/streamclient.h"
#include "home/homecard.h"
#include "home/homestore.h"
#include "home/internal/homelogging.h"
#include "identity/session.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

namespace tessera {

namespace {

// A safety net against a server that keeps saying more: one sync reads at most this many pages,
// then starts again from where it got.
constexpr int maxPagesPerRun = 1000;
// More than a page may hold (200 cards, openapi.json): the rest of an answer is not trusted.
constexpr qsizetype maxCardsPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

} // namespace

HomeSync::HomeSync(Session &session, HomeStore &store, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_store(store)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &HomeSync::syncNow);
    const SessionScope &scope = m_session.scope();
    connect(&scope, &SessionScope::databaseChanged, this, &HomeSync::followSession);
    connect(&scope, &SessionScope::started, this, [this]() {
        if (m_started)
            syncNow(); // signed in (again), or the services released: catch up
    });
    followSession();
}

HomeSync::~HomeSync() = default;

void HomeSync::attachStream(const StreamClient &stream)
{
    connect(&stream, &StreamClient::opened, this, [this]() {
        if (m_started)
            syncNow(); // on (re)connect: whatever was missed meanwhile
    });
    connect(
        &stream, &StreamClient::changed, this, [this](const QString &kind, const QString &cursor) {
            if (m_started && kind == hintKind() && (cursor.isEmpty() || cursor != m_store.cursor()))
                syncNow();
        });
}

void HomeSync::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_firstDelay = first;
    m_lastDelay = std::max(first, last);
}

void HomeSync::followSession()
{
    const std::shared_ptr<Database> database = m_session.scope().database();
    m_store.setDatabase(database);
    if (!database) {
        m_retry.stop();
        m_again = false;
        m_delay = {};
        setError({}, {});
        setOffline(false);
    }
}

bool HomeSync::canSync() const
{
    return m_store.hasDatabase() && m_session.scope().isStarted();
}

void HomeSync::start()
{
    if (m_started)
        return;
    m_started = true;
    syncNow();
}

void HomeSync::stop()
{
    m_started = false;
    m_retry.stop();
}

void HomeSync::setForeground(bool foreground)
{
    if (foreground && m_started)
        syncNow();
}

void HomeSync::syncNow()
{
    if (m_running) {
        m_again = true;
        return;
    }
    if (!canSync())
        return;
    m_retry.stop();
    m_running = true;
    m_again = false;
    m_pages = 0;
    Q_EMIT loadingChanged();
    fetchPage();
}

void HomeSync::fetchPage()
{
    if (!canSync()) {
        finishRun(false, nullptr);
        return;
    }
    QString path = QStringLiteral("/v1/cards");
    const QString cursor = m_store.cursor();
    if (!cursor.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("since"), cursor);
        path += QLatin1Char('?');
        path += query.toString(QUrl::FullyEncoded);
    }
    whenFinished(this, m_session.get(path), [this](const ApiReply &reply) {
        if (!m_store.hasDatabase()) {
            finishRun(false, nullptr); // signed out meanwhile: nothing to store it in
            return;
        }
        if (!reply.ok()) {
            finishRun(false, &reply);
            return;
        }
        applyPage(reply);
    });
}

void HomeSync::applyPage(const ApiReply &reply)
{
    const QJsonValue cardsValue = reply.body.value(QStringLiteral("cards"));
    const QJsonValue removedValue = reply.body.value(QStringLiteral("removed"));
    const QJsonValue cursorValue = reply.body.value(QStringLiteral("cursor"));
    const QJsonValue moreValue = reply.body.value(QStringLiteral("more"));
    if (!cardsValue.isArray() || !removedValue.isArray() || !moreValue.isBool()
        || !cursorValue.isString() || !isCursor(cursorValue.toString())) {
        fail(reply, QStringLiteral("the answer is not a page of cards"));
        return;
    }
    const QJsonArray array = cardsValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (array.size() > maxCardsPerPage || removedArray.size() > maxRemovedPerPage) {
        fail(reply, QStringLiteral("the page of cards is too long"));
        return;
    }
    QStringList removed;
    for (const auto &id : removedArray) {
        if (!id.isString() || id.toString().isEmpty()
            || id.toString().size() > HomeCard::maxIdLength) {
            fail(reply, QStringLiteral("a removed card's id is not valid"));
            return;
        }
        removed.append(id.toString());
    }
    QList<HomeCard> cards;
    cards.reserve(array.size());
    for (const auto &value : array) {
        QString problem;
        std::optional<HomeCard> card = HomeCard::fromJson(value.toObject(), &problem);
        if (!card) {
            // Skipped, never stored; an older copy of it goes (it changed on the server).
            qCWarning(lcHome).noquote() << "skipping a card:" << problem;
            const QJsonValue id = value.toObject().value(QStringLiteral("id"));
            if (id.isString() && !id.toString().isEmpty()
                && id.toString().size() <= HomeCard::maxIdLength)
                removed.append(id.toString());
            continue;
        }
        cards.append(std::move(*card));
    }
    if (!m_store.applyDelta(cards, removed, cursorValue.toString())) {
        fail(reply, QStringLiteral("Home could not be stored on this device"));
        return;
    }
    qCDebug(lcHome) << "home page:" << cards.size() << "cards," << removed.size() << "removed";
    if (moreValue.toBool() && ++m_pages < maxPagesPerRun) {
        fetchPage();
        return;
    }
    finishRun(true, nullptr);
}

void HomeSync::fail(const ApiReply &reply, const QString &problem)
{
    ApiReply bad = reply;
    bad.kind = ApiReply::Kind::ProtocolError;
    bad.error = ApiError { QStringLiteral("invalid_reply"), problem };
    finishRun(false, &bad);
}

void HomeSync::finishRun(bool ok, const ApiReply *failure)
{
    m_running = false;
    if (ok) {
        m_delay = {};
        setError({}, {});
        setOffline(false);
        Q_EMIT loadingChanged();
        Q_EMIT synced();
        if (m_again)
            syncNow();
        return;
    }
    if (failure) {
        qCInfo(lcHome).noquote() << "home sync failed:" << failure->error.code;
        setError(failure->error.code, Session::describeFailure(*failure));
        setOffline(failure->kind == ApiReply::Kind::NetworkError);
    }
    Q_EMIT loadingChanged();
    Q_EMIT syncFailed();
    if (m_again) {
        m_again = false;
        syncNow();
        return;
    }
    if (m_started && canSync()) {
        m_delay = m_delay.count() == 0 ? m_firstDelay : std::min(m_delay * 2, m_lastDelay);
        std::chrono::milliseconds delay = m_delay;
        if (failure && failure->retryAfterSeconds > 0)
            delay = std::max(delay,
                std::min<std::chrono::milliseconds>(
                    std::chrono::seconds(failure->retryAfterSeconds), m_lastDelay));
        m_retry.start(delay);
    }
}

void HomeSync::setError(const QString &code, const QString &message)
{
    if (m_errorCode == code && m_error == message)
        return;
    m_errorCode = code;
    m_error = message;
    Q_EMIT errorChanged();
}

void HomeSync::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged();
}

} // namespace tessera
