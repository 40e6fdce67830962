#include "push/pushsender.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "push/pushsubscriptions.h"
#include "push/webpushcrypto.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThreadPool>

#include <utility>

namespace tessera::server {

PushSender::PushSender(Storage &storage, const Clock &clock, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_clock(clock)
    , m_pool(pool)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &PushSender::poll);
}

PushSender::~PushSender() = default;

void PushSender::addTransport(std::unique_ptr<PushTransport> transport)
{
    const QString name = transport->name();
    transport->setParent(this);
    m_transports.insert(name, transport.release());
}

void PushSender::start()
{
    m_timer.start();
    poll();
}

void PushSender::drain(std::chrono::milliseconds limit)
{
    m_draining = true;
    m_timer.stop();
    QElapsedTimer waited;
    waited.start();
    // The pushes already claimed and encrypted go out too: under way like those in flight.
    while ((m_inFlight > 0 || !m_ready.isEmpty() || m_polling || m_recording > 0
               || !m_accepted.isEmpty() || m_finishing)
        && waited.elapsed() < limit.count())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (m_inFlight + m_ready.size() > 0)
        qCWarning(lcServer) << "push:" << m_inFlight + m_ready.size()
                            << "pushes unanswered at the stop: sent again after their lease";
}

void PushSender::kick()
{
    QMetaObject::invokeMethod(this, &PushSender::poll, Qt::QueuedConnection);
}

qint64 PushSender::retryDelay(int attempts)
{
    qint64 delay = firstRetrySeconds;
    for (int i = 1; i < attempts && delay < maxRetrySeconds; ++i)
        delay *= 2;
    return std::min(delay, maxRetrySeconds);
}

QByteArray PushSender::topic(const QString &itemId)
{
    static const QRegularExpression urlSafe(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
    if (urlSafe.match(itemId).hasMatch())
        return itemId.toLatin1();
    return QCryptographicHash::hash(itemId.toUtf8(), QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        .left(32);
}

QByteArray PushSender::payload(const PushQueue::Due &due)
{
    QString title = due.title;
    const auto encode = [&](const QString &shown) {
        return QJsonDocument(
            QJsonObject { { QStringLiteral("id"), due.itemId }, { QStringLiteral("title"), shown },
                { QStringLiteral("actions"), due.actions } })
            .toJson(QJsonDocument::Compact);
    };
    QByteArray text = encode(title);
    while (text.size() > WebPushCrypto::maxPlaintextBytes && !title.isEmpty()) {
        // A character is at most 6 bytes of JSON (\u001f): cutting a sixth of what is over
        // never cuts too much. Never splitting a surrogate pair.
        const qsizetype over = text.size() - WebPushCrypto::maxPlaintextBytes;
        const qsizetype cut = std::max<qsizetype>(1, over / 6);
        qsizetype keep = std::max<qsizetype>(0, title.size() - cut);
        if (keep > 0 && title.at(keep - 1).isHighSurrogate())
            --keep;
        title.truncate(keep);
        text = encode(title);
    }
    if (text.size() > WebPushCrypto::maxPlaintextBytes)
        text = QJsonDocument(QJsonObject { { QStringLiteral("id"), due.itemId } })
                   .toJson(QJsonDocument::Compact);
    return text;
}

void PushSender::poll()
{
    // Up to maxInFlight in flight and as many more claimed and encrypted behind them, so that the
    // pool prepares the next batch while the event loop waits for answers. A claim waits for room
    // for half a batch (fewer, larger claims) unless nothing is left to send.
    const qsizetype room = 2 * maxInFlight - m_inFlight - m_ready.size();
    if (m_draining || m_polling || room <= 0 || (room < maxInFlight / 2 && !m_ready.isEmpty()))
        return;
    m_polling = true;
    m_pool->start([this, room] {
        const std::optional<QList<PushQueue::Due>> claimed =
            PushQueue::claim(m_storage, m_clock.now(), int(room));
        const QList<PushTransport::Push> pushes =
            claimed ? prepare(*claimed) : QList<PushTransport::Push>();
        const bool full = claimed && claimed->size() == room;
        QMetaObject::invokeMethod(
            this,
            [this, pushes, full] {
                m_polling = false;
                m_ready.append(pushes);
                pump();
                if (full)
                    poll(); // more may be due
            },
            Qt::QueuedConnection);
    });
}

void PushSender::pump()
{
    while (m_inFlight < maxInFlight && !m_ready.isEmpty())
        send(m_ready.takeFirst());
}

QList<PushTransport::Push> PushSender::prepare(const QList<PushQueue::Due> &claimed)
{
    QSqlDatabase db = m_storage.connection();
    const QDateTime now = m_clock.now();
    QList<PushTransport::Push> pushes;
    for (const PushQueue::Due &due : claimed) {
        const auto subscription = PushSubscriptions::find(db, due.userId, due.deviceId);
        if (!subscription || due.createdAt.addSecs(due.ttl) < now) {
            // Unsubscribed since it was queued, or too late to matter.
            PushQueue::finish(db, due);
            continue;
        }
        if (!m_transports.contains(subscription->transport)) {
            qCWarning(lcServer) << "push" << due.id << "for a" << subscription->transport
                                << "subscription, a transport this server has not configured:"
                                   " dropped";
            PushQueue::finish(db, due);
            continue;
        }
        const auto body =
            WebPushCrypto::encrypt(payload(due), subscription->p256dh, subscription->auth);
        if (!body) {
            qCWarning(lcServer) << "push" << due.id << "could not be encrypted: dropped";
            PushQueue::finish(db, due);
            continue;
        }
        pushes.append({ due, *subscription, *body });
    }
    return pushes;
}

void PushSender::send(const PushTransport::Push &push)
{
    PushTransport *transport = m_transports.value(push.subscription.transport);
    if (!transport)
        return; // prepare() checked
    ++m_inFlight;
    transport->send(push, [this, push](const PushTransport::Result &result) {
        --m_inFlight;
        record(push, result);
        pump();
        poll();
    });
}

void PushSender::finishAccepted()
{
    if (m_finishing || m_accepted.isEmpty())
        return;
    m_finishing = true;
    m_pool->start([this, batch = std::exchange(m_accepted, {})] {
        QSqlDatabase db = m_storage.connection();
        if (!PushQueue::finishAll(db, batch))
            qCWarning(lcServer) << "could not record the acceptance of" << batch.size()
                                << "pushes: sent again after their lease";
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_finishing = false;
                finishAccepted();
            },
            Qt::QueuedConnection);
    });
}

void PushSender::record(const PushTransport::Push &push, const PushTransport::Result &result)
{
    if (result.outcome == PushTransport::Outcome::Accepted) {
        qCInfo(lcServer) << "push" << push.due.id << "for item" << push.due.itemId << "accepted by"
                         << push.subscription.transport << "(" << result.status << ")";
        m_accepted.append(push.due);
        finishAccepted();
        return;
    }
    ++m_recording;
    m_pool->start([this, push, result] {
        using Outcome = PushTransport::Outcome;
        QSqlDatabase db = m_storage.connection();
        const PushQueue::Due &due = push.due;
        const QString via = push.subscription.transport;
        bool ok = true;
        switch (result.outcome) {
        case Outcome::Accepted: // finishAccepted()
            break;
        case Outcome::Gone: {
            sql::Transaction transaction(db);
            ok = transaction.isActive()
                && PushSubscriptions::removeIfEndpoint(
                    db, due.userId, due.deviceId, push.subscription.endpoint)
                && PushQueue::finish(db, due) && transaction.commit();
            qCInfo(lcServer) << "push subscription of device" << due.deviceId << "gone (" << via
                             << result.status << result.detail << "): removed";
            break;
        }
        case Outcome::Retry: {
            const qint64 wait = result.retryAfterSeconds
                ? std::min(*result.retryAfterSeconds, maxRetrySeconds)
                : retryDelay(due.attempts + 1);
            ok = PushQueue::retry(db, due, m_clock.now().addSecs(wait));
            qCInfo(lcServer) << "push" << due.id << "answered" << result.status << result.detail
                             << "by" << via << "- retrying in" << wait << "s";
            break;
        }
        case Outcome::Refused:
            ok = PushQueue::finish(db, due);
            qCWarning(lcServer) << "push" << due.id << "refused by" << via << "(" << result.status
                                << result.detail << "): dropped";
            break;
        }
        if (!ok)
            qCWarning(lcServer) << "could not record the outcome of push" << due.id;
        kick();
        --m_recording;
    });
}

} // namespace tessera::server
