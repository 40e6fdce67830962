#pragma once

#include "net/outboxretry.h"
#include "protocol/apierror.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tessera {

class InboxStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;
struct PendingDecision;

// Decisions on inbox items, exactly once. decide() writes the decision to the database first
// (action, comment, the item's version and a new Idempotency-Key, made once and kept for every
// retry of that decision): the item shows as pending at once. Then POST
// /v1/inbox/{id}/decision, retried with exponential backoff while the network or the server
// fails (also 409 request_in_progress), across restarts: a new outbox on the same database sends
// what is left. It ends confirmed (200: the decided item is stored), conflicted (409
// already_decided / version_conflict, 410 expired / withdrawn: the server's current item is
// stored with words such as "Already approved by A. Rao on Pixel 8 at 10:42") or refused (422 and
// other refusals: the words are shown); then it leaves the outbox.
class DecisionOutbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
public:
    enum class Outcome {
        Confirmed, // the server applied it
        Conflicted, // decided elsewhere first, changed, expired or withdrawn
        Refused, // the server will never take it (needs a comment, unknown action ...)
    };
    Q_ENUM(Outcome)

    // api, scope and store must outlive this object. Sends what the store's outbox holds as soon
    // as the session is signed in (and its services are not held: SessionScope::isStarted()).
    DecisionOutbox(
        AuthorizedApi &api, SessionScope &scope, InboxStore &store, QObject *parent = nullptr);
    ~DecisionOutbox() override;

    // Checks the decision against the cached item (known, open, actionable, the action is one
    // of its actions, a comment where one is required, no decision already waiting; for an item
    // with a card, inputs checked by core's SubmissionValidator against what the card's submit
    // action of that id sends), writes it (with its inputs) and starts sending. nullopt when
    // queued; otherwise why not, in plain words (invalid_inputs: *inputErrors, when given, gets
    // [{"input","message"}]). A 422 invalid_inputs from the server is a refusal whose errors the
    // store keeps for the item (InboxItem::inputErrors).
    std::optional<ApiError> decide(const QString &itemId, const QString &action,
        const QString &comment = {}, const QJsonObject &inputs = {},
        QJsonArray *inputErrors = nullptr);

    int pendingCount() const;
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

public Q_SLOTS:
    // Sends every waiting decision now, without waiting for its backoff (the network is back).
    void sendNow();

Q_SIGNALS:
    void pendingCountChanged();
    // A decision has its final answer (and has left the outbox). text: what to show.
    void decisionFinished(
        const QString &itemId, tessera::DecisionOutbox::Outcome outcome, const QString &text);
    // An attempt failed for now; the decision stays and is sent again later with the same key.
    void decisionDeferred(const QString &itemId, const QString &reason);

private:
    void sendDue();
    void send(const PendingDecision &decision);
    void handleAnswer(const PendingDecision &decision, const ApiReply &reply);

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    InboxStore &m_store;
    QTimer m_timer;
    bool m_sending = false;
    int m_lastCount = -1;
    OutboxRetry m_retry;
};

} // namespace tessera
