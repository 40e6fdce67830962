#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera {

class Database;

// One submission of the outbox (table selfservice_outbox).
struct OutboxEntry
{
    qint64 seq = 0;
    QString serviceId;
    qint64 formVersion = 0;
    QString action; // the submit action's id or verb; empty: the form's only one
    QJsonObject inputs;
    QString idempotencyKey;
    QString state; // pending, sent, failed
    int attempts = 0;
    QDateTime nextAttemptAt; // invalid: due now
    QString lastError;
    QString submissionId; // sent: the server's sub_…
    QString message; // failed: the server's words
    QJsonArray errors; // failed: [{input, message}]
    QDateTime createdAt;
};

namespace selfservice {

// The outbox's SQL, one statement (or transaction) a call.
std::optional<OutboxEntry> insertOutbox(Database &db, const OutboxEntry &entry);
QList<OutboxEntry> outboxEntries(Database &db, const QString &state = {});
std::optional<OutboxEntry> outboxEntry(Database &db, qint64 seq);
bool recordOutboxAttempt(
    Database &db, qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError);
bool markOutboxSent(Database &db, qint64 seq, const QString &submissionId);
bool markOutboxFailed(Database &db, qint64 seq, const QString &message, const QJsonArray &errors);
bool makeOutboxDue(Database &db);

} // namespace selfservice

} // namespace tessera
