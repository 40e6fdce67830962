#include "selfservice/internal/deltasync.h"

#include "base/futurewatch.h"
#include "identity/session.h"
#include "selfservice/selfservicelogging.h"

#include <QUrlQuery>

#include <algorithm>

namespace tessera::selfservice {

namespace {

// A safety net against a server that keeps saying more: one sync reads at most this many pages.
constexpr int maxPagesPerRun = 1000;

} // namespace

DeltaSync::DeltaSync(Session &session, QString path, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_path(std::move(path))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &DeltaSync::syncNow);
    const SessionScope &scope = m_session.scope();
    connect(&scope, &SessionScope::databaseChanged, this, &DeltaSync::followSession);
    connect(&scope, &SessionScope::started, this, [this]() {
        if (m_started)
            syncNow();
    });
    connect(&scope, &SessionScope::ended, this, [this]() { m_retry.stop(); });
}

DeltaSync::~DeltaSync() = default;

void DeltaSync::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_firstDelay = first;
    m_lastDelay = std::max(first, last);
}

void DeltaSync::followSession()
{
    useDatabase();
    if (!hasDatabase()) {
        m_retry.stop();
        m_again = false;
    }
}

bool DeltaSync::canSync() const
{
    return hasDatabase() && m_session.scope().isStarted();
}

void DeltaSync::start()
{
    if (m_started)
        return;
    m_started = true;
    syncNow();
}

void DeltaSync::stop()
{
    m_started = false;
    m_retry.stop();
}

void DeltaSync::setForeground(bool foreground)
{
    if (foreground && m_started)
        syncNow();
}

void DeltaSync::hint(const QString &hinted)
{
    if (m_started && (hinted.isEmpty() || hinted != cursor()))
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
    const QString since = cursor();
    if (!since.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("since"), since);
        path += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    }
    whenFinished(this, m_session.get(path), [this](const ApiReply &reply) {
        if (!reply.ok()) {
            finish(false, &reply);
            return;
        }
        const QJsonValue next = reply.body.value(QStringLiteral("cursor"));
        const QJsonValue more = reply.body.value(QStringLiteral("more"));
        QString problem;
        if (!next.isString() || next.toString().isEmpty() || !more.isBool())
            problem = QStringLiteral("the answer carries no cursor");
        else if (!hasDatabase())
            problem = QStringLiteral("signed out meanwhile");
        if (problem.isEmpty() && applyPage(reply.body, next.toString(), &problem)) {
            if (more.toBool() && ++m_pages < maxPagesPerRun) {
                fetchPage();
                return;
            }
            finish(true, nullptr);
            return;
        }
        ApiReply bad = reply;
        bad.kind = ApiReply::Kind::ProtocolError;
        bad.error = ApiError { QStringLiteral("invalid_reply"), problem };
        finish(false, &bad);
    });
}

void DeltaSync::finish(bool ok, const ApiReply *failure)
{
    m_running = false;
    Q_EMIT loadingChanged();
    if (ok) {
        m_delay = {};
        setError({});
        Q_EMIT synced();
        if (m_again)
            syncNow();
        return;
    }
    if (failure) {
        qCInfo(lcSelfService).noquote()
            << m_path << "sync failed:" << failure->error.code << failure->error.message;
        setError(Session::describeFailure(*failure));
    }
    Q_EMIT syncFailed();
    if (m_again) {
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

void DeltaSync::setError(const QString &message)
{
    if (m_error == message)
        return;
    m_error = message;
    Q_EMIT errorChanged();
}

} // namespace tessera::selfservice
