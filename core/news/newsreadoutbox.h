#pragma once

#include "net/outboxretry.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace tessera {

class NewsStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;

// Sends the read marks that wait in the store's encrypted outbox (NewsStore::markRead) to
// POST /v1/news/read, oldest first, in batches of at most maxBatch ids, while the session's
// services run. The call is idempotent: a 2xx takes the batch off the outbox (the ids the server
// "ignored" — not visible to the person any more — are done too); a failure OutboxRetry calls
// Retry (network, 5xx, 429 ...) keeps the batch and tries again after a backoff, and across
// restarts; a final refusal (422 ...) drops the batch with a warning (sending it again would not
// change the answer).
class NewsReadOutbox : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxBatch = 500;

    // api, scope and store must outlive this object.
    NewsReadOutbox(
        AuthorizedApi &api, SessionScope &scope, NewsStore &store, QObject *parent = nullptr);
    ~NewsReadOutbox() override;

    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    bool isSending() const { return m_sending; }

public Q_SLOTS:
    // Sends everything waiting now, without waiting for its backoff.
    void sendNow();

Q_SIGNALS:
    // A batch was taken by the server (read: marked now; ignored: not visible to the person).
    void batchSent(const QStringList &read, const QStringList &ignored);
    // A batch failed for now (it waits) or for good (dropped).
    void batchDeferred(const QString &reason);
    void batchDropped(const QString &reason);

private:
    void sendDue();
    void send(const QStringList &ids);
    void handleAnswer(const QStringList &ids, const ApiReply &reply);

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    NewsStore &m_store;
    QTimer m_timer;
    OutboxRetry m_retry;
    bool m_sending = false;
    int m_failures = 0;
};

} // namespace tessera
