#pragma once

#include "net/outboxretry.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace tessera {

class Database;
class EventStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;
struct RsvpEntry;

// Sends the answers that wait in the store's encrypted RSVP outbox (EventStore::rsvp) to
// PUT /v1/events/{id}/rsvp, one at a time, oldest first, each with its Idempotency-Key, while the
// session's services run. OutboxRetry judges each answer: Done applies the server's answer and
// waiting place to the event (a replayed one, the first answer to a key whose reply was lost, may
// be older than the event: the event's answer now is read, GET /v1/events/{id}); Retry (network,
// 5xx, 429 ...) keeps it and sends it again with the same key after a backoff, and across restarts;
// Final (409 rsvp_closed, 404, 422 ...) drops it: the event shows the server's answer again, with
// the reason kept for its page.
class EventRsvpOutbox : public QObject
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    EventRsvpOutbox(
        AuthorizedApi &api, SessionScope &scope, EventStore &store, QObject *parent = nullptr);
    ~EventRsvpOutbox() override;

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    bool isSending() const { return m_sending; }

    // What one answer of the server to entry does to the store (and which signal follows).
    void handleAnswer(const RsvpEntry &entry, const ApiReply &reply);

public Q_SLOTS:
    // Sends everything waiting now, without waiting for its backoff.
    void sendNow();

Q_SIGNALS:
    // The server took the answer: answer going, maybe, no or waiting (with its place, else 0).
    void rsvpAnswered(const QString &eventId, const QString &answer, int waitingPlace);
    // An attempt failed for now; it is sent again later with the same key.
    void rsvpDeferred(const QString &eventId, const QString &reason);
    // The server refused it for good (the reason in plain words).
    void rsvpRefused(const QString &eventId, const QString &reason);

private:
    void sendDue();
    void send(const RsvpEntry &entry);
    // After a replayed answer: the event's answer now (GET /v1/events/{id}) becomes the entry's.
    void readAgain(const RsvpEntry &entry, const std::weak_ptr<Database> &database);

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    EventStore &m_store;
    QTimer m_timer;
    OutboxRetry m_retry;
    bool m_sending = false;
};

} // namespace tessera
