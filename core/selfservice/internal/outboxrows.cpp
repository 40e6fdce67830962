#include "selfservice/internal/outboxrows.h"

#include "storage/database.h"
#include "storage/sqlrows.h"

#include <QJsonDocument>

namespace tessera::selfservice {

namespace {

constexpr char selectColumns[] =
    "SELECT seq, service_id, form_version, action, inputs, idempotency_key, state, attempts, "
    "next_attempt_at, last_error, submission_id, message, errors, created_at "
    "FROM selfservice_outbox";

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

OutboxEntry readRow(const SqlStatement &row)
{
    OutboxEntry entry;
    entry.seq = row.columnInt64(0);
    entry.serviceId = row.columnText(1);
    entry.formVersion = row.columnInt64(2);
    entry.action = row.columnText(3);
    entry.inputs = QJsonDocument::fromJson(row.columnUtf8(4)).object();
    entry.idempotencyKey = row.columnText(5);
    entry.state = row.columnText(6);
    entry.attempts = int(row.columnInt64(7));
    if (!row.isNull(8))
        entry.nextAttemptAt = QDateTime::fromString(row.columnText(8), Qt::ISODateWithMs);
    entry.lastError = row.columnText(9);
    entry.submissionId = row.columnText(10);
    entry.message = row.columnText(11);
    if (!row.isNull(12))
        entry.errors = QJsonDocument::fromJson(row.columnUtf8(12)).array();
    entry.createdAt = QDateTime::fromString(row.columnText(13), Qt::ISODateWithMs);
    return entry;
}

} // namespace

std::optional<OutboxEntry> insertOutbox(Database &db, const OutboxEntry &entry)
{
    SqlStatement insert =
        db.prepare("INSERT INTO selfservice_outbox (service_id, form_version, action, inputs, "
                   "idempotency_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bindText(1, entry.serviceId);
    insert.bindInt64(2, entry.formVersion);
    insert.bindText(3, entry.action);
    insert.bindUtf8(4, QJsonDocument(entry.inputs).toJson(QJsonDocument::Compact));
    insert.bindText(5, entry.idempotencyKey);
    insert.bindText(6, utc(entry.createdAt));
    if (!insert.exec())
        return std::nullopt;
    return outboxEntry(db, db.lastInsertRowId());
}

QList<OutboxEntry> outboxEntries(Database &db, const QString &state)
{
    SqlStatement select = db.prepare(
        QByteArray(selectColumns)
            .append(state.isEmpty() ? " ORDER BY seq" : " WHERE state = ?1 ORDER BY seq"));
    if (!state.isEmpty())
        select.bindText(1, state);
    return rowsOf(select, readRow, "reading the submission outbox");
}

std::optional<OutboxEntry> outboxEntry(Database &db, qint64 seq)
{
    SqlStatement select = db.prepare(QByteArray(selectColumns).append(" WHERE seq = ?1"));
    select.bindInt64(1, seq);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

bool recordOutboxAttempt(
    Database &db, qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError)
{
    SqlStatement update =
        db.prepare("UPDATE selfservice_outbox SET attempts = attempts + 1, next_attempt_at = ?2, "
                   "last_error = ?3 WHERE seq = ?1 AND state = 'pending'");
    update.bindInt64(1, seq);
    update.bindText(2, utc(nextAttemptAt));
    update.bindText(3, lastError);
    return update.exec();
}

bool markOutboxSent(Database &db, qint64 seq, const QString &submissionId)
{
    SqlStatement update = db.prepare(
        "UPDATE selfservice_outbox SET state = 'sent', submission_id = ?2, attempts = attempts + "
        "1, next_attempt_at = NULL, last_error = NULL WHERE seq = ?1 AND state = 'pending'");
    update.bindInt64(1, seq);
    update.bindText(2, submissionId);
    return update.exec();
}

bool markOutboxFailed(Database &db, qint64 seq, const QString &message, const QJsonArray &errors)
{
    SqlStatement update = db.prepare(
        "UPDATE selfservice_outbox SET state = 'failed', message = ?2, errors = ?3, attempts = "
        "attempts + 1, next_attempt_at = NULL WHERE seq = ?1 AND state = 'pending'");
    update.bindInt64(1, seq);
    update.bindText(2, message);
    update.bindUtf8(3, QJsonDocument(errors).toJson(QJsonDocument::Compact));
    return update.exec();
}

bool makeOutboxDue(Database &db)
{
    return db.exec("UPDATE selfservice_outbox SET next_attempt_at = NULL WHERE state = 'pending'");
}

} // namespace tessera::selfservice
