#include "feed/deltasync.h"

#include "base/futurewatch.h"
#include "feed/streamclient.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "storage/deltastore.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

namespace tessera {

namespace {

// A safety net against a server that keeps saying more: one sync reads at most this many pages,
// then starts again from where it got.
constexpr int maxPagesPerRun = 1000;

bool isCursor(const QJsonValue &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return value.isString() && pattern.match(value.toString()).hasMatch();
}

} // namespace

DeltaSync::DeltaSync(AuthorizedApi &api, SessionScope &scope, DeltaStore &store, QString path,
    QMessageLogger::CategoryFunction log, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
    , m_path(std::move(path))
    , m_log(log)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &DeltaSync::syncNow);
    connect(&scope, &SessionScope::databaseChanged, this, &DeltaSync::followSession);
    connect(&scope, &SessionScope::started, this, [this]() {
        if (m_started)
            syncNow(); // signed in (again), or the services released: catch up
        conditionsChanged();
    });
    connect(&scope, &SessionScope::held, this, [this]() { conditionsChanged(); });
    connect(&scope, &SessionScope::ended, this, [this]() {
        m_retry.stop();
        conditionsChanged();
    });
    followSession();
}

DeltaSync::~DeltaSync() = default;

void DeltaSync::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_backoff.setDelays(first, last);
}

void DeltaSync::followStream(const StreamClient &stream, const QString &kind)
{
    connect(&stream, &StreamClient::opened, this, [this]() {
        if (m_started)
            syncNow(); // on (re)connect: whatever was missed meanwhile
    });
    connect(&stream, &StreamClient::changed, this,
        [this, kind](const QString &changedKind, const QString &cursor) {
            if (changedKind == kind)
                hint(cursor);
            else if (changedKind == resyncKind() && m_started)
                syncNow(); // the person's audiences changed: the server answers a reset
        });
    connect(&stream, &StreamClient::carried, this,
        [this, kind](const QString &changedKind, const QString &since, const QString &cursor,
            const QJsonArray &items) {
            if (changedKind == kind)
                applyCarried(items, since, cursor);
        });
}

QString DeltaSync::malformedPage() const
{
    return QStringLiteral("the answer carries no cursor");
}

QString DeltaSync::moreKey() const
{
    return QStringLiteral("more");
}

void DeltaSync::addPageQuery(QUrlQuery &) const { }

void DeltaSync::followSession()
{
    m_store.setDatabase(m_scope.database());
    if (!m_store.hasDatabase()) {
        m_retry.stop();
        m_again = false;
        m_backoff.reset();
        setError({}, {});
        setOffline(false);
    }
    conditionsChanged();
}

bool DeltaSync::canSync() const
{
    return m_store.hasDatabase() && m_scope.isStarted();
}

void DeltaSync::start()
{
    if (m_started)
        return;
    m_started = true;
    syncNow();
    conditionsChanged();
}

void DeltaSync::stop()
{
    m_started = false;
    m_retry.stop();
    conditionsChanged();
}

void DeltaSync::setForeground(bool foreground)
{
    m_foreground = foreground;
    conditionsChanged();
    if (foreground && m_started)
        syncNow();
}

void DeltaSync::hint(const QString &hinted)
{
    if (m_started && (hinted.isEmpty() || hinted != m_store.cursor()))
        syncNow();
}

void DeltaSync::syncNow()
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
    beginRun();
    Q_EMIT loadingChanged();
    fetchPage();
}

void DeltaSync::fetchPage()
{
    if (!canSync()) {
        finish(false, nullptr);
        return;
    }
    QString path = m_path;
    const QString since = m_store.cursor();
    const QString honoured = m_store.honouredReset();
    QUrlQuery query;
    if (!since.isEmpty())
        query.addQueryItem(QStringLiteral("since"), since);
    if (!honoured.isEmpty())
        query.addQueryItem(QStringLiteral("reset"), honoured);
    addPageQuery(query);
    if (!query.isEmpty())
        path += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    whenFinished(this, m_api.get(path), [this](const ApiReply &reply) {
        if (!m_store.hasDatabase()) {
            finish(false, nullptr); // signed out meanwhile: nothing to store it in
            return;
        }
        if (!reply.ok()) {
            finish(false, &reply);
            return;
        }
        const QJsonValue next = reply.body.value(QStringLiteral("cursor"));
        const QJsonValue more = reply.body.value(moreKey());
        QString problem;
        if (reply.body.contains(QStringLiteral("reset"))) {
            if (honourReset(reply.body, &problem)) {
                if (++m_pages < maxPagesPerRun) {
                    fetchPage();
                    return;
                }
                finish(true, nullptr);
                return;
            }
        } else if (!next.isString() || next.toString().isEmpty() || !more.isBool())
            problem = malformedPage();
        else if (applyPage(reply.body, next.toString(), &problem)) {
            if (more.toBool() && ++m_pages < maxPagesPerRun) {
                fetchPage();
                return;
            }
            // The last page of a reset: what no page of it listed is not the person's now.
            if (!more.toBool() && m_store.isResetting() && !m_store.finishReset())
                problem = QStringLiteral("the sync could not be stored on this device");
            else {
                finish(true, nullptr);
                return;
            }
        }
        ApiReply bad = reply;
        bad.kind = ApiReply::Kind::ProtocolError;
        bad.error = ApiError { QStringLiteral("invalid_reply"), problem };
        finish(false, &bad);
    });
}

bool DeltaSync::honourReset(const QJsonObject &answer, QString *problem)
{
    const QJsonValue cursor = answer.value(QStringLiteral("cursor"));
    // Only a reset newer than the one honoured: an answer that repeats it would loop.
    if (answer.value(QStringLiteral("reset")) != QJsonValue(true) || !isCursor(cursor)
        || cursor.toString().toLongLong() <= m_store.honouredReset().toLongLong()) {
        *problem = QStringLiteral("the answer is not a valid reset");
        return false;
    }
    if (!m_store.beginReset(cursor.toString())) {
        *problem = QStringLiteral("the sync could not be stored on this device");
        return false;
    }
    qCInfo(m_log).noquote()
        << m_path << QStringLiteral("syncs again from the start (reset %1)").arg(cursor.toString());
    return true;
}

void DeltaSync::finish(bool ok, const ApiReply *failure)
{
    ApiReply unstored;
    if (!endRun() && ok) {
        ok = false;
        unstored.kind = ApiReply::Kind::ProtocolError;
        unstored.error = ApiError { QStringLiteral("invalid_reply"),
            QStringLiteral("the sync could not be stored on this device") };
        failure = &unstored;
    }
    m_running = false;
    if (ok) {
        m_backoff.reset();
        setError({}, {});
        setOffline(false);
        Q_EMIT loadingChanged();
        Q_EMIT synced();
        if (m_again)
            syncNow();
        return;
    }
    if (failure) {
        qCInfo(m_log).noquote() << m_path << "sync failed:" << failure->error.code
                                << failure->error.message;
        setError(failure->error.code, FailureText::describe(*failure));
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
        m_retry.start(m_backoff.next(failure ? failure->retryAfter() : std::nullopt));
    }
}

void DeltaSync::setError(const QString &code, const QString &message)
{
    if (m_errorCode == code && m_error == message)
        return;
    m_errorCode = code;
    m_error = message;
    Q_EMIT errorChanged();
}

void DeltaSync::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged();
}

} // namespace tessera
