#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// One answer waiting in the outbox: the request's body ({"inputs", "action"?}) and the
// Idempotency-Key every attempt carries.
struct AttestEntry
{
    qint64 seq = 0;
    QString idempotencyKey;
    QJsonObject body;
    int attempts = 0;
    QDateTime nextAttemptAt; // UTC; invalid: at once
};

// The attestation's part of the session's encrypted database: the form as last fetched (so an
// answer can be checked and queued offline), the last answer the server took, and the outbox of
// answers to send (AttestOutbox). Without a database every read answers nothing and every write
// fails. Not thread-safe: use it from one thread, like Database.
class AttestStore : public QObject
{
    Q_OBJECT
public:
    explicit AttestStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~AttestStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }

    // {"card","version"} as the server gave it; empty when none was fetched.
    QJsonObject form() const;
    bool setForm(const QJsonObject &form);
    // The last answer the server took ({"id","day","inputs","answeredAt"}); empty when none.
    QJsonObject lastAnswer() const;
    bool setLastAnswer(const QJsonObject &answer);

    // Queues body with a new Idempotency-Key; its seq, nullopt when it could not be stored.
    std::optional<qint64> queue(const QJsonObject &body);
    // The oldest waiting answer, if any.
    std::optional<AttestEntry> pending() const;
    // An attempt failed for now: next at (UTC), one more attempt counted.
    bool deferred(qint64 seq, const QDateTime &at);
    // The server took it, or refused it for good: off the outbox.
    bool remove(qint64 seq);
    // Every waiting answer due at once (sendNow).
    bool makeDue();

Q_SIGNALS:
    // The form, the last answer or the outbox changed (or the database came or went).
    void changed();
    // queue() stored an answer: the outbox has something to send.
    void queued();

private:
    QString value(const char *name) const;
    bool setValue(const char *name, const QJsonObject &value);

    std::shared_ptr<Database> m_database;
};

} // namespace tessera
