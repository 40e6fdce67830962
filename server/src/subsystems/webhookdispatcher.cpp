#include "subsystems/webhookdispatcher.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"
#include "subsystems/webhookrequest.h"

#include <QMessageAuthenticationCode>
#include <QSqlQuery>
#include <QThreadPool>

namespace tessera::server {

// The secrets that sign a key's webhooks: its own, then while a rotation's overlap runs the one
// it replaced (ApiKeyService::rotate). nullopt when one does not open.
std::optional<QList<QByteArray>> WebhookDispatcher::signingSecrets(const SecretSeal &seal,
    const QString &keyId, const QString &sealed, const QString &previousSealed,
    const QString &previousUntil, const QString &now)
{
    QList<QByteArray> secrets;
    for (const QString &text : { sealed, previousUntil > now ? previousSealed : QString() }) {
        if (text.isEmpty())
            continue;
        const std::optional<QByteArray> secret = seal.open(text, webhookSecretContext(keyId));
        if (!secret)
            return std::nullopt;
        secrets.append(*secret);
    }
    return secrets;
}

WebhookDispatcher::WebhookDispatcher(Storage &storage, const Clock &clock, const SecretSeal &seal,
    QThreadPool *pool, std::chrono::seconds timeout, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
    , m_pool(pool)
    , m_timeout(timeout)
{
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDispatcher::poll);
}

void WebhookDispatcher::start()
{
    m_timer.start();
    poll();
}

void WebhookDispatcher::kick()
{
    QMetaObject::invokeMethod(this, &WebhookDispatcher::poll, Qt::QueuedConnection);
}

QByteArray WebhookDispatcher::signature(
    const QList<QByteArray> &secrets, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray stamp = QByteArray::number(unixSeconds);
    QByteArray header = "t=" + stamp;
    for (const QByteArray &secret : secrets)
        header += ",v1="
            + QMessageAuthenticationCode::hash(
                stamp + '.' + body, secret, QCryptographicHash::Sha256)
                  .toHex();
    return header;
}

qint64 WebhookDispatcher::retryDelay(int attempts)
{
    qint64 delay = firstRetrySeconds;
    for (int i = 1; i < attempts && delay < maxRetrySeconds; ++i)
        delay *= 2;
    return std::min(delay, maxRetrySeconds);
}

void WebhookDispatcher::poll()
{
    if (m_polling || m_inFlight >= maxInFlight)
        return;
    m_polling = true;
    const int room = maxInFlight - m_inFlight;
    m_pool->start([this, room] {
        QList<Due> claimed;
        QSqlDatabase db = m_storage.connection();
        QSqlQuery query(db);
        const QDateTime now = m_clock.now();
        if (sql::exec(query,
                QStringLiteral("SELECT d.id, d.url, d.body, d.attempts, k.webhook_secret,"
                               " d.next_attempt_at, k.id, d.notification_id,"
                               " COALESCE(d.retry_from, d.created_at), k.previous_secret,"
                               " k.previous_until FROM webhook_deliveries d"
                               " JOIN api_keys k ON k.id = d.api_key_id WHERE d.state = 'pending'"
                               " AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ")
                    + QString::number(room),
                { wiretime::format(now) })) {
            QList<std::pair<Due, QString>> due;
            while (query.next()) {
                const QString keyId = query.value(6).toString();
                const std::optional<QList<QByteArray>> secrets = signingSecrets(m_seal, keyId,
                    query.value(4).toString(), query.value(9).toString(),
                    query.value(10).toString(), wiretime::format(now));
                if (!secrets) {
                    // Never sent unsigned: it waits (the server does not start with a wrong key,
                    // so only a damaged row gets here).
                    qCCritical(lcServer) << "the webhook secret of API key" << keyId
                                         << "does not open with the secrets key";
                    continue;
                }
                Due item { query.value(0).toString(), query.value(1).toString(),
                    query.value(2).toString().toUtf8(), *secrets, query.value(3).toInt(), {}, keyId,
                    wiretime::parse(query.value(8).toString()).value_or(now), {} };
                item.notificationId = query.value(7).toString();
                due.append({ item, query.value(5).toString() });
            }
            // The lease: past the call's timeout, so that no other node takes it while it is on
            // the wire; taken only if nobody took it since the SELECT.
            const QString lease =
                wiretime::format(now.addSecs(m_timeout.count() + leaseMarginSeconds));
            for (auto [item, nextAttempt] : std::as_const(due)) {
                QSqlQuery take(db);
                if (sql::exec(take,
                        QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE"
                                       " id = ? AND next_attempt_at = ? AND state = 'pending'"),
                        { lease, item.id, nextAttempt })
                    && take.numRowsAffected() == 1) {
                    item.lease = lease;
                    claimed.append(item);
                }
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, claimed] {
                m_polling = false;
                for (const Due &item : claimed)
                    send(item);
            },
            Qt::QueuedConnection);
    });
}

void WebhookDispatcher::send(const Due &due)
{
    // The URL was normalized when the notification was made; parsed again here, so that a row
    // from before that (or a damaged one) is never sent anywhere but where it seems to lead.
    const std::optional<CallbackUrl> url = CallbackUrl::parse(due.url);
    if (!url) {
        qCWarning(lcServer) << "webhook" << due.id << "has a callback URL that is refused";
        record(due, std::nullopt, QStringLiteral("callback URL refused"));
        return;
    }
    ++m_inFlight;
    const QNetworkRequest request =
        WebhookRequest::make(*url, due.id, due.body, due.secrets, m_clock.now().toSecsSinceEpoch());
    WebhookRequest::post(m_network, request, due.body, m_timeout,
        [this, due](const WebhookRequest::Outcome &outcome) {
            --m_inFlight;
            record(due, outcome.status, outcome.error);
        });
}

void WebhookDispatcher::record(const Due &due, std::optional<int> status, const QString &error)
{
    m_pool->start([this, due, status, error] {
        QSqlDatabase db = m_storage.connection();
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        const QDateTime now = m_clock.now();
        const bool delivered = error.isEmpty();
        const int attempts = due.attempts + 1;
        bool dead = false;
        // The attempt is logged whatever else happens: it was made.
        bool ok = transaction.isActive()
            && sql::exec(query,
                QStringLiteral("INSERT INTO webhook_attempts (delivery_id, at, status, error)"
                               " VALUES (?, ?, ?, ?)"),
                { due.id, wiretime::format(now),
                    status ? QVariant(*status) : QVariant(QMetaType::fromType<int>()),
                    sql::textOrNull(error.left(500)) });
        if (delivered)
            ok = ok
                && sql::exec(query,
                    QStringLiteral("UPDATE webhook_deliveries SET delivered_at = ?, attempts = ?,"
                                   " state = 'delivered' WHERE id = ? AND state = 'pending'"),
                    { wiretime::format(now), attempts, due.id });
        else
            ok = ok && recordFailure(db, due, now, attempts, error, &dead);
        ok = ok && transaction.commit();
        if (!ok)
            qCWarning(lcServer) << "could not record the webhook attempt of" << due.id;
        else if (delivered)
            qCInfo(lcServer) << "webhook" << due.id << "delivered after" << attempts
                             << "attempt(s)";
        else if (dead)
            qCWarning(lcServer).noquote()
                << "webhook" << due.id << "attempt" << attempts << "failed:" << error
                << "- dead-lettered after" << retryWindowSeconds / 3600 << "hours of retries";
        else
            qCInfo(lcServer).noquote()
                << "webhook" << due.id << "attempt" << attempts << "failed:" << error
                << "- retrying in" << retryDelay(attempts) << "s";
    });
}

bool WebhookDispatcher::recordFailure(QSqlDatabase &db, const Due &due, const QDateTime &now,
    int attempts, const QString &error, bool *dead)
{
    const QDateTime next = now.addSecs(retryDelay(attempts));
    *dead = next > due.retryFrom.addSecs(retryWindowSeconds);
    QSqlQuery query(db);
    // Only while the lease is still ours: a node that lost it (stopped longer than the lease)
    // leaves the delivery to the node that took it over.
    const bool ok = *dead
        ? sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET attempts = ?, state = 'dead',"
                           " dead_at = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'"
                           " AND next_attempt_at = ?"),
            { attempts, wiretime::format(now), wiretime::format(now), due.id, due.lease })
        : sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?"
                           " WHERE id = ? AND state = 'pending' AND next_attempt_at = ?"),
            { attempts, wiretime::format(next), due.id, due.lease });
    if (!ok)
        return false;
    if (query.numRowsAffected() != 1) {
        *dead = false;
        qCInfo(lcServer) << "webhook" << due.id << "was taken over by another node meanwhile";
        return true;
    }
    if (*dead && m_deadLetterHook)
        return m_deadLetterHook(db,
            DeadLetter { due.id, due.notificationId, due.apiKeyId, wiretime::format(now), error });
    return true;
}

} // namespace tessera::server
