#pragma once

#include "cards/submissionvalidator.h"
#include "net/outboxretry.h"
#include "protocol/apierror.h"
#include "selfservice/internal/outboxrows.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace tessera {

class CatalogueStore;
class Database;
class RequestsStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;
struct ServiceEntry;

// Submissions of service forms, exactly once. submit() validates the values against the
// service's form as the server does (SubmissionValidator, only the inputs the chosen action
// sends) and queues nothing when any is wrong; otherwise it writes the submission with a new
// Idempotency-Key to the session's encrypted database and sends it
// (POST /v1/services/{id}/submissions). While the network or the server fails (5xx, 408, 429,
// 409 request_in_progress ...) it is sent again with the same key, with backoff, whenever the
// server is back and across restarts, until the server answers for good: 201 (sent: the
// submission joins My requests) or a final refusal (failed: 422 with the inputs named, 409
// form_changed, 404 ...). The server stores a key's submission once, so a retry whose first
// attempt did arrive changes nothing there.
class SubmissionOutbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
public:
    // What submit() did: queued (seq), or refused with the inputs' errors or a reason.
    struct SubmitResult
    {
        std::optional<qint64> seq;
        QList<cards::InputError> errors;
        std::optional<ApiError> refusal;
        bool queued() const { return seq.has_value(); }
    };

    // session and catalogue (and requests, when given) must outlive this object. Follows the
    // session's database; sends while its services may run.
    SubmissionOutbox(AuthorizedApi &api, SessionScope &scope, CatalogueStore &catalogue,
        RequestsStore *requests = nullptr, QObject *parent = nullptr);
    ~SubmissionOutbox() override;

    // Another database than the session's (the unit tests); null drops it.
    void setDatabase(std::shared_ptr<Database> database);

    // values: input id → text. action: the submit action's id or verb; empty: the form's only
    // one.
    SubmitResult submit(const QString &serviceId, const QString &action, const QJsonObject &values);
    // The same checks without queueing anything: the chosen action's name (id or verb, empty
    // when it has neither) or, in *refusal or *errors, why not.
    static std::optional<QString> check(const ServiceEntry &service, const QString &action,
        const QJsonObject &values, QList<cards::InputError> *errors,
        std::optional<ApiError> *refusal);

    QList<OutboxEntry> entries() const;
    std::optional<OutboxEntry> entry(qint64 seq) const;
    int pendingCount() const;
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

public Q_SLOTS:
    // Sends every waiting submission now, without waiting for its backoff.
    void sendNow();

Q_SIGNALS:
    void pendingCountChanged();
    // The server stored it (201).
    void submissionSent(qint64 seq, const QString &submissionId);
    // The server refused it for good; message names the inputs when they were the reason.
    void submissionFailed(qint64 seq, const QString &message);
    // An attempt failed for now; it is sent again later with the same key.
    void submissionDeferred(qint64 seq, const QString &reason);
    // The server says the form changed since it was filled (the catalogue is behind).
    void formChanged(const QString &serviceId);

private:
    void sendDue();
    void send(const OutboxEntry &entry);
    void handleAnswer(const OutboxEntry &entry, const ApiReply &reply);
    void countChanged();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    CatalogueStore &m_catalogue;
    RequestsStore *m_requests;
    std::shared_ptr<Database> m_database;
    QTimer m_timer;
    bool m_sending = false;
    int m_lastCount = 0;
    OutboxRetry m_retry;
};

} // namespace tessera
