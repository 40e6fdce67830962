#include "subsystems/webhookdispatcher.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"

#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QThreadPool>

namespace tessera::server {

namespace {

// The secrets that sign a key's webhooks: its own, then while a rotation's overlap runs the one
// it replaced (ApiKeyService::rotate). nullopt when one does not open.
std::optional<QList<QByteArray>> signingSecrets(const SecretSeal &seal, const QString &keyId,
    const QString &sealed, const QString &previousSealed, const QString &previousUntil,
    const QString &now)
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

} // namespace

WebhookDispatcher::WebhookDispatcher(Storage &storage, const Clock &clock, const SecretSeal &seal,
    QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
    , m_pool(pool)
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
                               " d.next_attempt_at, k.id, k.previous_secret, k.previous_until"
                               " FROM webhook_deliveries d JOIN api_keys k ON"
                               " k.id = d.api_key_id WHERE d.delivered_at IS NULL AND"
                               " d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ")
                    + QString::number(room),
                { wiretime::format(now) })) {
            QList<std::pair<Due, QString>> due;
            while (query.next()) {
                const QString keyId = query.value(6).toString();
                const std::optional<QList<QByteArray>> secrets = signingSecrets(m_seal, keyId,
                    query.value(4).toString(), query.value(7).toString(), query.value(8).toString(),
                    wiretime::format(now));
                if (!secrets) {
                    // Never sent unsigned: it waits (the server does not start with a wrong key,
                    // so only a damaged row gets here).
                    qCCritical(lcServer) << "the webhook secret of API key" << keyId
                                         << "does not open with the secrets key";
                    continue;
                }
                Due item { query.value(0).toString(), query.value(1).toString(),
                    query.value(2).toString().toUtf8(), *secrets, query.value(3).toInt() };
                due.append({ item, query.value(5).toString() });
            }
            for (const auto &[item, nextAttempt] : std::as_const(due)) {
                QSqlQuery lease(db);
                if (sql::exec(lease,
                        QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE"
                                       " id = ? AND next_attempt_at = ? AND delivered_at IS NULL"),
                        { wiretime::format(now.addSecs(leaseSeconds)), item.id, nextAttempt })
                    && lease.numRowsAffected() == 1)
                    claimed.append(item);
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
    QNetworkRequest request { url->url() };
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Tessera-Delivery-Id"), due.id.toLatin1());
    request.setRawHeader(QByteArrayLiteral("Tessera-Signature"),
        signature(due.secrets, m_clock.now().toSecsSinceEpoch(), due.body));
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Tessera-Webhooks"));
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = m_network.post(request, due.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, due] {
        reply->deleteLater();
        --m_inFlight;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        std::optional<int> code;
        if (status.isValid())
            code = status.toInt();
        QString error;
        if (!code) {
            // The same words for every failure below HTTP (refused, timed out, reset, TLS): the
            // delivery log must not tell a sub-system which ports are open (a port scanner).
            error = QStringLiteral("could not connect");
            qCInfo(lcServer).noquote()
                << "webhook" << due.id << "could not connect:" << reply->errorString();
        } else if (*code < 200 || *code > 299)
            error = QStringLiteral("HTTP %1").arg(*code);
        record(due, code, error);
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
                    QStringLiteral("UPDATE webhook_deliveries SET delivered_at = ?, attempts = ?"
                                   " WHERE id = ?"),
                    { wiretime::format(now), attempts, due.id });
        else
            ok = ok
                && sql::exec(query,
                    QStringLiteral("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?"
                                   " WHERE id = ? AND delivered_at IS NULL"),
                    { attempts, wiretime::format(now.addSecs(retryDelay(attempts))), due.id });
        ok = ok && transaction.commit();
        if (delivered)
            qCInfo(lcServer) << "webhook" << due.id << "delivered after" << attempts
                             << "attempt(s)";
        else
            qCInfo(lcServer).noquote()
                << "webhook" << due.id << "attempt" << attempts << "failed:" << error
                << "- retrying in" << retryDelay(attempts) << "s";
        if (!ok)
            qCWarning(lcServer) << "could not record the webhook attempt of" << due.id;
    });
}

} // namespace tessera::server
