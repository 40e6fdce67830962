#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

class QSqlDatabase;
class QThreadPool;

namespace tessera::server {

class SecretSeal;

class Clock;
class Storage;

// Sends the queued webhook deliveries (docs/NOTIFICATIONS.md, "Webhooks": a decision's, and a
// submission's to a service with a callback URL, docs/CARDS.md) and retries them with
// exponential backoff until a 2xx, across restarts, for up to three days; then the delivery is
// dead-lettered (state "dead") until the sub-system redelivers it. A delivery whose key is
// revoked or whose key's secret does not open is dead-lettered unsent. The queue is the
// webhook_deliveries table. Database work runs on the worker pool, HTTP on the event loop and
// outside any transaction. A delivery is leased before it is sent (a compare-and-set of its
// next_attempt_at to a time past the call's timeout), so that two servers on one database never
// send it at the same moment, and an attempt's outcome only moves the delivery on while that
// lease is still its own (at least once, not exactly once: receivers deduplicate by
// Tessera-Delivery-Id). A delivery queued without a body (a survey's: decision 9, payloads are
// built when sent) has it built when it is claimed by its event's Builder; when that finds
// nothing to send (what it told of is gone) it is dead-lettered unsent.
class WebhookDispatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxInFlight = 16;
    static constexpr qint64 firstRetrySeconds = 5;
    static constexpr qint64 maxRetrySeconds = 3600;
    // A delivery is retried while its next attempt falls within this time of its queueing (or
    // its redelivery); after that it is dead.
    static constexpr qint64 retryWindowSeconds = qint64(3) * 24 * 3600;
    // How much longer than the call's timeout a lease lasts.
    static constexpr qint64 leaseMarginSeconds = 60;
    // How many times one poll reads due deliveries again after dead-lettering some it cannot
    // send (their key revoked, its secret does not open), to fill its batch with the rows behind.
    static constexpr int maxClaimRounds = 8;

    // A delivery that was dead-lettered just now, told inside the transaction that did it.
    struct DeadLetter
    {
        QString deliveryId;
        QString notificationId;
        QString apiKeyId;
        QString at; // RFC 3339
        QString lastError;
        QString submissionId; // a submission's delivery (notificationId empty then)
    };
    // Records what else a dead letter means (an event for the sub-system); false rolls the dead
    // letter back (it is tried again at the next poll).
    using DeadLetterHook = std::function<bool(QSqlDatabase &db, const DeadLetter &letter)>;
    // What a submission's receiver answered with its 2xx (at most WebhookRequest::maxAnswerBytes;
    // tooLarge when it was longer), told on a worker thread after the delivery is recorded.
    using AnswerHook = std::function<void(const QString &apiKeyId, const QString &submissionId,
        const QByteArray &answer, bool tooLarge)>;

    // A delivery stored without a body: body builds it now (on a worker thread, outside any
    // transaction) from ref (webhook_deliveries.survey_ref); nullopt when there is nothing to
    // send any more, with *failed set when the database failed (then it is tried again later).
    // delivered, in the transaction that records a 2xx, lets go of what the body was built from.
    struct Builder
    {
        std::function<std::optional<QByteArray>(
            QSqlDatabase &db, const QString &ref, const QString &deliveryId, bool *failed)>
            body;
        std::function<bool(QSqlDatabase &db, const QString &ref)> delivered;
    };

    WebhookDispatcher(Storage &storage, const Clock &clock, const SecretSeal &seal,
        QThreadPool *pool, std::chrono::seconds timeout, QObject *parent = nullptr);

    // Set before start(): it is called on worker threads.
    void setDeadLetterHook(DeadLetterHook hook) { m_deadLetterHook = std::move(hook); }
    void setAnswerHook(AnswerHook hook) { m_answerHook = std::move(hook); }
    // The builder of event's bodies (before start()).
    void addBuilder(const QString &event, const Builder &builder)
    {
        m_builders.insert(event, builder);
    }
    // "not sent: what it tells of is gone"
    static QString goneError();
    void start(); // polls now and every two seconds
    // Thread-safe: look for due deliveries soon (after a decision queued one).
    void kick();
    // Draining (SIGTERM): claims nothing more; idle() once those in flight were sent and
    // recorded (an unfinished one's lease expires and another node sends it). Event loop only.
    void stop();
    bool idle() const { return m_inFlight == 0 && !m_polling; }
    std::chrono::seconds timeout() const { return m_timeout; }

    // "t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>", one v1= for each secret in
    // order (the key's own first, then during a rotation's overlap the one it replaced).
    static QByteArray signature(
        const QList<QByteArray> &secrets, qint64 unixSeconds, const QByteArray &body);
    // The secrets that sign keyId's webhooks at now (wire time): its own (sealed), then while a
    // rotation's overlap runs (previousUntil > now) the one it replaced; nullopt when one does not
    // open.
    static std::optional<QList<QByteArray>> signingSecrets(const SecretSeal &seal,
        const QString &keyId, const QString &sealed, const QString &previousSealed,
        const QString &previousUntil, const QString &now);
    // Seconds until the next attempt after `attempts` failed ones: 5, 10, 20, ... at most 3600.
    static qint64 retryDelay(int attempts);

private:
    struct Due
    {
        QString id;
        QString url;
        QByteArray body;
        QList<QByteArray> secrets; // the key's own first (signature())
        int attempts = 0;
        QString notificationId;
        QString apiKeyId;
        QDateTime retryFrom; // the retry window's start
        QString lease; // next_attempt_at as this node set it when it claimed the delivery
        QString submissionId; // empty for a decision's
        QString event;
        QString surveyRef; // a survey's (its body built when sent)
    };

    void poll();
    // On a worker thread: leases up to room due deliveries; dead-letters those it cannot send.
    QList<Due> claim(int room);
    // One delivery that cannot be sent dead-lettered (with its dead-letter hook) unless another
    // node took it since it was read; false when the database failed.
    bool deadLetterUnsent(QSqlDatabase &db, const Due &due, const QString &nextAttempt,
        const QString &now, const QString &error);
    void send(const Due &due);
    void record(const Due &due, std::optional<int> status, const QString &error,
        const QByteArray &answer = {}, bool answerTooLarge = false);
    bool recordFailure(QSqlDatabase &db, const Due &due, const QDateTime &now, int attempts,
        const QString &error, bool *dead);

    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    QThreadPool *m_pool;
    std::chrono::seconds m_timeout;
    DeadLetterHook m_deadLetterHook;
    AnswerHook m_answerHook;
    QHash<QString, Builder> m_builders;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    int m_inFlight = 0;
    bool m_polling = false;
    bool m_stopped = false;
};

} // namespace tessera::server
