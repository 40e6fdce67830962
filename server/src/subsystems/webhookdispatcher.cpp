#include "subsystems/webhookdispatcher.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"
#include "subsystems/deliverylog.h"
#include "subsystems/webhookrequest.h"

#include <QMessageAuthenticationCode>
#include <QSqlQuery>
#include <QThreadPool>

namespace tessera::server {

// The secrets that sign a key's webhooks: its own, then while a rotation's overlap runs the one
// it replaced (ApiKeyService::rotate). nullopt when its own does not open; a replaced one that
// does not open (the rotation that fixes a damaged secret moves it there) is left out, so that
// the deliveries of the overlap are signed with the new secret alone.
std::optional<QList<QByteArray>> WebhookDispatcher::signingSecrets(const SecretSeal &seal,
    const QString &keyId, const QString &sealed, const QString &previousSealed,
    const QString &previousUntil, const QString &now)
{
    const std::optional<QByteArray> secret = seal.open(sealed, webhookSecretContext(keyId));
    if (!secret)
        return std::nullopt;
    QList<QByteArray> secrets { *secret };
    if (previousUntil > now && !previousSealed.isEmpty()) {
        if (const std::optional<QByteArray> previous =
                seal.open(previousSealed, webhookSecretContext(keyId)))
            secrets.append(*previous);
        else // the key's id only: never the secret, sealed or not
            qCWarning(lcServer) << "the previous webhook secret of API key" << keyId
                                << "does not open with the secrets key: signed with the current"
                                   " secret only";
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

void WebhookDispatcher::stop()
{
    m_stopped = true;
    m_timer.stop();
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

QString WebhookDispatcher::goneError()
{
    return QStringLiteral("not sent: what it tells of is gone");
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
    if (m_stopped || m_polling || m_inFlight >= maxInFlight)
        return;
    m_polling = true;
    const int room = maxInFlight - m_inFlight;
    m_pool->start([this, room] {
        const QList<Due> claimed = claim(room);
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

QList<WebhookDispatcher::Due> WebhookDispatcher::claim(int room)
{
    QList<Due> claimed;
    QSqlDatabase db = m_storage.connection();
    const QDateTime now = m_clock.now();
    const QString nowText = wiretime::format(now);
    // The lease: past the call's timeout, so that no other node takes it while it is on the
    // wire; taken only if nobody took it since the SELECT.
    const QString lease = wiretime::format(now.addSecs(m_timeout.count() + leaseMarginSeconds));
    // A delivery that cannot be sent (its key revoked, its key's secret does not open) is
    // dead-lettered where it is met, and another round reads the rows behind it: such rows never
    // fill the batch and starve the others.
    for (int round = 0; round < maxClaimRounds && claimed.size() < room; ++round) {
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT d.id, d.url, d.body, d.attempts, k.webhook_secret,"
                               " d.next_attempt_at, k.id, d.notification_id,"
                               " COALESCE(d.retry_from, d.created_at), k.previous_secret,"
                               " k.previous_until, k.revoked_at, d.submission_id, d.event,"
                               " d.survey_ref FROM"
                               " webhook_deliveries d"
                               " JOIN api_keys k ON k.id = d.api_key_id WHERE d.state = 'pending'"
                               " AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ")
                    + QString::number(room - claimed.size()),
                { nowText }))
            break;
        QList<std::pair<Due, QString>> due; // with next_attempt_at as read
        struct Unsendable
        {
            Due due;
            QString nextAttempt; // as read
            QString error;
        };
        QList<Unsendable> unsendable;
        while (query.next()) {
            const QString keyId = query.value(6).toString();
            Due item { query.value(0).toString(), query.value(1).toString(),
                query.value(2).toString().toUtf8(), {}, query.value(3).toInt(),
                query.value(7).toString(), keyId,
                wiretime::parse(query.value(8).toString()).value_or(now), {},
                query.value(12).toString(), query.value(13).toString(),
                query.value(14).toString() };
            const QString nextAttempt = query.value(5).toString();
            if (!query.value(11).isNull()) {
                unsendable.append({ item, nextAttempt, DeliveryLog::keyRevokedError() });
                continue;
            }
            const std::optional<QList<QByteArray>> secrets =
                signingSecrets(m_seal, keyId, query.value(4).toString(), query.value(9).toString(),
                    query.value(10).toString(), nowText);
            if (!secrets) {
                // Never sent unsigned (the server does not start with a wrong secrets key, so
                // only a damaged row gets here). Ids only: never the secret, sealed or not.
                qCCritical(lcServer) << "the webhook secret of API key" << keyId
                                     << "does not open with the secrets key: webhook" << item.id
                                     << "is dead-lettered unsent";
                unsendable.append({ item, nextAttempt, DeliveryLog::secretDoesNotOpenError() });
                continue;
            }
            item.secrets = *secrets;
            due.append({ item, nextAttempt });
        }
        query.finish();
        // Bodies built when sent: those whose source is gone are dead-lettered unsent.
        for (qsizetype i = 0; i < due.size();) {
            Due &item = due[i].first;
            const auto builder = m_builders.constFind(item.event);
            if (!item.body.isEmpty() || builder == m_builders.cend()) {
                ++i;
                continue;
            }
            bool failed = false;
            const std::optional<QByteArray> body =
                builder->body(db, item.surveyRef, item.id, &failed);
            if (body) {
                item.body = *body;
                ++i;
                continue;
            }
            if (!failed)
                unsendable.append({ item, due[i].second, goneError() });
            due.removeAt(i);
        }
        for (auto [item, nextAttempt] : std::as_const(due)) {
            QSqlQuery take(db);
            if (sql::exec(take,
                    QStringLiteral(
                        "UPDATE webhook_deliveries SET next_attempt_at = ?, leased_until = ?"
                        " WHERE id = ? AND next_attempt_at = ? AND state = 'pending'"),
                    { lease, lease, item.id, nextAttempt })
                && take.numRowsAffected() == 1) {
                item.lease = lease;
                claimed.append(item);
            }
        }
        if (unsendable.isEmpty())
            break; // nothing hid rows behind it
        for (const Unsendable &row : std::as_const(unsendable)) {
            if (!deadLetterUnsent(db, row.due, row.nextAttempt, nowText, row.error))
                return claimed; // the database failed: the next poll tries again
        }
    }
    return claimed;
}

bool WebhookDispatcher::deadLetterUnsent(QSqlDatabase &db, const Due &due,
    const QString &nextAttempt, const QString &now, const QString &error)
{
    sql::Transaction transaction(db);
    const std::optional<bool> dead = transaction.isActive()
        ? DeliveryLog::deadLetterUnsent(db, due.id, nextAttempt, now, error)
        : std::nullopt;
    const bool ok = dead
        && (!*dead || !m_deadLetterHook
            || m_deadLetterHook(db,
                DeadLetter {
                    due.id, due.notificationId, due.apiKeyId, now, error, due.submissionId }))
        && transaction.commit();
    if (!ok)
        qCWarning(lcServer) << "could not dead-letter webhook" << due.id;
    else if (*dead)
        qCWarning(lcServer).noquote()
            << "webhook" << due.id << "of API key" << due.apiKeyId << "dead-lettered:" << error;
    return ok;
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
            record(due, outcome.status, outcome.error, outcome.answer, outcome.answerTooLarge);
        });
}

void WebhookDispatcher::record(const Due &due, std::optional<int> status, const QString &error,
    const QByteArray &answer, bool answerTooLarge)
{
    m_pool->start([this, due, status, error, answer, answerTooLarge] {
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
        if (delivered) {
            ok = ok
                && sql::exec(query,
                    QStringLiteral("UPDATE webhook_deliveries SET delivered_at = ?, attempts = ?,"
                                   " state = 'delivered', leased_until = NULL WHERE id = ? AND"
                                   " state = 'pending'"),
                    { wiretime::format(now), attempts, due.id });
            // What a body built when sent came from is let go with its delivery.
            const auto builder = m_builders.constFind(due.event);
            if (!due.surveyRef.isEmpty() && builder != m_builders.cend() && builder->delivered)
                ok = ok && builder->delivered(db, due.surveyRef);
        } else
            ok = ok && recordFailure(db, due, now, attempts, error, &dead);
        ok = ok && transaction.commit();
        if (!ok)
            qCWarning(lcServer) << "could not record the webhook attempt of" << due.id;
        else if (delivered) {
            qCInfo(lcServer) << "webhook" << due.id << "delivered after" << attempts
                             << "attempt(s)";
            // A submission's receiver may answer with its result card (SubmissionService).
            if (!due.submissionId.isEmpty() && m_answerHook)
                m_answerHook(due.apiKeyId, due.submissionId, answer, answerTooLarge);
        } else if (dead)
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
                           " dead_at = ?, next_attempt_at = ?, leased_until = NULL WHERE id = ? AND"
                           " state = 'pending'"
                           " AND next_attempt_at = ?"),
            { attempts, wiretime::format(now), wiretime::format(now), due.id, due.lease })
        : sql::exec(query,
            QStringLiteral("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?,"
                           " leased_until = NULL WHERE id = ? AND state = 'pending' AND"
                           " next_attempt_at = ?"),
            { attempts, wiretime::format(next), due.id, due.lease });
    if (!ok)
        return false;
    if (query.numRowsAffected() != 1) {
        *dead = false;
        qCInfo(lcServer) << "webhook" << due.id
                         << "changed meanwhile (another node took it over, or its key was revoked)";
        return true;
    }
    if (*dead && m_deadLetterHook)
        return m_deadLetterHook(db,
            DeadLetter { due.id, due.notificationId, due.apiKeyId, wiretime::format(now), error,
                due.submissionId });
    return true;
}

} // namespace tessera::server
