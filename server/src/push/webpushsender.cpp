#include "push/webpushsender.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "push/pushsubscriptions.h"
#include "push/webpushcrypto.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QThreadPool>

namespace tessera::server {

namespace {

constexpr std::chrono::seconds callTimeout { 30 };

// Retry-After (RFC 9110 section 10.2.3): seconds, or an HTTP date.
std::optional<qint64> retryAfterOf(const QByteArray &value, const QDateTime &now)
{
    bool number = false;
    const qint64 seconds = value.trimmed().toLongLong(&number);
    if (number)
        return seconds >= 0 ? std::optional<qint64>(seconds) : std::nullopt;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.secsTo(at));
}

} // namespace

WebPushSender::WebPushSender(Storage &storage, const Clock &clock, QThreadPool *pool, VapidKey key,
    QString subject, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_clock(clock)
    , m_pool(pool)
    , m_key(std::move(key))
    , m_subject(std::move(subject))
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &WebPushSender::poll);
}

WebPushSender::~WebPushSender() = default;

void WebPushSender::start()
{
    m_timer.start();
    poll();
}

void WebPushSender::kick()
{
    QMetaObject::invokeMethod(this, &WebPushSender::poll, Qt::QueuedConnection);
}

qint64 WebPushSender::retryDelay(int attempts)
{
    qint64 delay = firstRetrySeconds;
    for (int i = 1; i < attempts && delay < maxRetrySeconds; ++i)
        delay *= 2;
    return std::min(delay, maxRetrySeconds);
}

QByteArray WebPushSender::topic(const QString &itemId)
{
    static const QRegularExpression urlSafe(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
    if (urlSafe.match(itemId).hasMatch())
        return itemId.toLatin1();
    return QCryptographicHash::hash(itemId.toUtf8(), QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        .left(32);
}

QByteArray WebPushSender::payload(const PushQueue::Due &due)
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

void WebPushSender::poll()
{
    if (m_polling || m_inFlight >= maxInFlight)
        return;
    m_polling = true;
    const int room = maxInFlight - m_inFlight;
    m_pool->start([this, room] {
        const std::optional<QList<PushQueue::Due>> claimed =
            PushQueue::claim(m_storage, m_clock.now(), room);
        const QList<Outgoing> pushes = claimed ? prepare(*claimed) : QList<Outgoing>();
        QMetaObject::invokeMethod(
            this,
            [this, pushes] {
                m_polling = false;
                for (const Outgoing &push : pushes)
                    send(push);
            },
            Qt::QueuedConnection);
    });
}

QList<WebPushSender::Outgoing> WebPushSender::prepare(const QList<PushQueue::Due> &claimed)
{
    QSqlDatabase db = m_storage.connection();
    const QDateTime now = m_clock.now();
    QList<Outgoing> pushes;
    for (const PushQueue::Due &due : claimed) {
        const auto subscription = PushSubscriptions::find(db, due.userId, due.deviceId);
        if (!subscription || due.createdAt.addSecs(due.ttl) < now) {
            // Unsubscribed since it was queued, or too late to matter.
            PushQueue::finish(db, due);
            continue;
        }
        const QUrl endpoint(subscription->endpoint);
        const auto body =
            WebPushCrypto::encrypt(payload(due), subscription->p256dh, subscription->auth);
        // The push service checks exp against its own clock: the real time, never the
        // server's injected one (--now, --clock-file).
        const auto authorization =
            m_key.authorization(endpoint, m_subject, QDateTime::currentDateTimeUtc());
        if (!body || !authorization) {
            qCWarning(lcServer) << "push" << due.id << "could not be encrypted or signed: dropped";
            PushQueue::finish(db, due);
            continue;
        }
        pushes.append({ due, subscription->endpoint, *body, *authorization });
    }
    return pushes;
}

void WebPushSender::send(const Outgoing &push)
{
    ++m_inFlight;
    QNetworkRequest request { QUrl(push.endpoint) };
    request.setTransferTimeout(int(std::chrono::milliseconds(callTimeout).count()));
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    request.setRawHeader("Content-Encoding", "aes128gcm");
    request.setRawHeader("TTL", QByteArray::number(push.due.ttl));
    request.setRawHeader("Urgency", push.due.urgency.toLatin1());
    request.setRawHeader("Topic", topic(push.due.itemId));
    request.setRawHeader("Authorization", push.authorization);
    QNetworkReply *reply = m_network.post(request, push.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, push] {
        reply->deleteLater();
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        record(push, status, retryAfterOf(reply->rawHeader("Retry-After"), m_clock.now()));
    });
}

void WebPushSender::record(const Outgoing &push, int status, std::optional<qint64> retryAfter)
{
    m_pool->start([this, push, status, retryAfter] {
        QSqlDatabase db = m_storage.connection();
        const PushQueue::Due &due = push.due;
        bool ok = true;
        if (status >= 200 && status < 300) {
            ok = PushQueue::finish(db, due);
            qCInfo(lcServer) << "push" << due.id << "for item" << due.itemId << "accepted ("
                             << status << ")";
        } else if (status == 404 || status == 410) {
            sql::Transaction transaction(db);
            ok = transaction.isActive()
                && PushSubscriptions::removeIfEndpoint(db, due.userId, due.deviceId, push.endpoint)
                && PushQueue::finish(db, due) && transaction.commit();
            qCInfo(lcServer) << "push subscription of device" << due.deviceId << "gone (" << status
                             << "): removed";
        } else if (status == 0 || status == 429 || status >= 500) {
            const qint64 wait =
                retryAfter ? std::min(*retryAfter, maxRetrySeconds) : retryDelay(due.attempts + 1);
            ok = PushQueue::retry(db, due, m_clock.now().addSecs(wait));
            qCInfo(lcServer) << "push" << due.id << "answered" << status << "- retrying in" << wait
                             << "s";
        } else {
            ok = PushQueue::finish(db, due);
            qCWarning(lcServer) << "push" << due.id << "refused (" << status << "): dropped";
        }
        if (!ok)
            qCWarning(lcServer) << "could not record the outcome of push" << due.id;
        kick();
    });
}

} // namespace tessera::server
