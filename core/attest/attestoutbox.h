#pragma once

#include "cards/submissionvalidator.h"
#include "net/outboxretry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tessera {

class AttestStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;
struct AttestEntry;

// The daily attestation on the client: fetches the admin's form (GET /v1/attestations/form, kept
// in the store for offline use), checks an answer against it as the server does
// (cards::SubmissionValidator), and sends the answer waiting in the store's encrypted outbox to
// POST /v1/attestations with its one Idempotency-Key, while the session's services run.
// OutboxRetry judges each answer: Done (201, or 200 with the day's first answer) keeps the
// server's answer as the last one; Retry (network, 5xx, 429 ...) keeps the entry and sends it
// again with the same key after a backoff, and across restarts; Final (404 no form, 422 ...)
// drops it with the reason. One answer waits at a time: the server takes one a day.
class AttestOutbox : public QObject
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    AttestOutbox(
        AuthorizedApi &api, SessionScope &scope, AttestStore &store, QObject *parent = nullptr);
    ~AttestOutbox() override;

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    bool isSending() const { return m_sending; }

    enum class Submit {
        Queued, // in the outbox, on its way
        AlreadyWaiting, // an earlier answer still waits (seq is its): that one is sent
        Invalid, // errors say what is wrong; nothing queued
        NoForm, // no form fetched yet (or none defined); nothing queued
        Failed, // the store refused
    };
    struct SubmitResult
    {
        Submit outcome = Submit::Failed;
        std::optional<qint64> seq;
        QList<cards::InputError> errors;
    };
    // Checks inputs (for the submit action named action; empty: the only one) against the stored
    // form and queues the answer.
    SubmitResult submit(const QJsonObject &inputs, const QString &action = {});

public Q_SLOTS:
    // GET /v1/attestations/form: formLoaded() or formFailed().
    void fetchForm();
    // GET /v1/attestations/today: the day's answer (made on any device) becomes the last one.
    void fetchToday();
    // Sends the waiting answer now, without waiting for its backoff.
    void sendNow();

Q_SIGNALS:
    void formLoaded(const QJsonObject &form);
    // code: the server's ("not_found": no form defined) or the failure's; the stored form stays.
    void formFailed(const QString &code, const QString &reason);
    // The server took the answer (alreadyAnswered: the day's first answer, this one not stored).
    void answered(qint64 seq, const QJsonObject &attestation, bool alreadyAnswered);
    // An attempt failed for now; it is sent again later with the same key.
    void deferred(qint64 seq, const QString &reason);
    // The server refused it for good (code, plain words, a 422's [{input, message}]).
    void refused(qint64 seq, const QString &code, const QString &reason, const QJsonArray &errors);

private:
    void sendDue();
    void send(const AttestEntry &entry);
    void handleAnswer(const AttestEntry &entry, const ApiReply &reply);

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    AttestStore &m_store;
    QTimer m_timer;
    OutboxRetry m_retry;
    bool m_sending = false;
};

} // namespace tessera
