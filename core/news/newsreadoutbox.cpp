#include "news/newsreadoutbox.h"

#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "news/internal/newslogging.h"
#include "news/newsstore.h"
#include "storage/database.h"

#include <QJsonArray>

#include <memory>

namespace tessera {

namespace {

// The ids of a list in the answer that were sent (anything else in it is not trusted).
QStringList listed(const QJsonObject &body, const char *name, const QStringList &sent)
{
    QStringList ids;
    const QJsonArray array = body.value(QLatin1StringView(name)).toArray();
    for (const auto &value : array)
        if (value.isString() && sent.contains(value.toString()))
            ids.append(value.toString());
    return ids;
}

} // namespace

NewsReadOutbox::NewsReadOutbox(
    AuthorizedApi &api, SessionScope &scope, NewsStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NewsReadOutbox::sendDue);
    connect(&m_store, &NewsStore::readsQueued, this, &NewsReadOutbox::sendDue);
    // The database came (sign-in) or went; the services may run.
    connect(&m_store, &NewsStore::changed, this, [this]() {
        if (!m_sending && !m_timer.isActive())
            sendDue();
    });
    connect(&m_scope, &SessionScope::started, this, &NewsReadOutbox::sendNow);
    // Another person's (or no) database: the last one's backoff is not theirs.
    connect(&m_scope, &SessionScope::databaseChanged, this, [this]() {
        m_timer.stop();
        m_failures = 0;
        sendDue(); // what that person's database holds, when the services run
    });
    // What an earlier run left: on its way as soon as the event loop runs.
    QTimer::singleShot(0, this, &NewsReadOutbox::sendDue);
}

NewsReadOutbox::~NewsReadOutbox() = default;

void NewsReadOutbox::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

void NewsReadOutbox::sendNow()
{
    m_store.makeReadsDue();
    m_failures = 0;
    sendDue();
}

void NewsReadOutbox::sendDue()
{
    if (m_sending || !m_store.hasDatabase() || !m_scope.isStarted())
        return; // a running batch looks for the next one when it ends
    const QStringList due = m_store.dueReads(QDateTime::currentDateTimeUtc(), maxBatch);
    if (!due.isEmpty()) {
        send(due);
        return;
    }
    OutboxRetry::wakeAt(m_timer, m_store.nextReadAttempt());
}

void NewsReadOutbox::send(const QStringList &ids)
{
    m_sending = true;
    m_timer.stop();
    qCDebug(lcNews) << "sending" << ids.size() << "read marks";
    // The session's database when sent: an answer that comes after a sign-out (or another
    // person's sign-in) belongs to nothing here.
    const std::weak_ptr<Database> database = m_scope.database();
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/news/read"),
            QJsonObject { { QStringLiteral("ids"), QJsonArray::fromStringList(ids) } }),
        [this, ids, database](const ApiReply &reply) {
            m_sending = false;
            const std::shared_ptr<Database> now = m_scope.database();
            if (m_store.hasDatabase() && now && now == database.lock())
                handleAnswer(ids, reply);
            sendDue();
        });
}

void NewsReadOutbox::handleAnswer(const QStringList &ids, const ApiReply &reply)
{
    switch (OutboxRetry::classify(reply)) {
    case OutboxRetry::Verdict::Done: {
        m_failures = 0;
        const QStringList read = listed(reply.body, "read", ids);
        const QStringList ignored = listed(reply.body, "ignored", ids);
        m_store.readsDone(ids);
        qCInfo(lcNews) << "read marks sent:" << read.size() << "read," << ignored.size()
                       << "ignored";
        Q_EMIT batchSent(read, ignored);
        return;
    }
    case OutboxRetry::Verdict::Retry: {
        ++m_failures;
        const OutboxRetry::Deferral later = m_retry.defer(m_failures, reply);
        m_store.readsDeferred(ids, later.at);
        qCInfo(lcNews).noquote() << "read marks deferred:" << reply.error.code << "retry in"
                                 << later.delay.count() << "ms";
        Q_EMIT batchDeferred(FailureText::describe(reply));
        return;
    }
    case OutboxRetry::Verdict::Final:
        m_store.readsDone(ids);
        qCWarning(lcNews).noquote()
            << "read marks refused, dropped:" << reply.httpStatus << reply.error.code;
        Q_EMIT batchDropped(FailureText::describe(reply));
        return;
    }
}

} // namespace tessera
