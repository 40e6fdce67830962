#include "http/idempotency.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

bool Idempotency::isValidKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > maxKeyLength)
        return false;
    return std::all_of(key.cbegin(), key.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
}

Idempotency::Result Idempotency::claim(QSqlDatabase &db, const QString &scope, const QString &key,
    const QString &requestHash, const QDateTime &now)
{
    Result result;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO idempotency_keys (scope, idem_key, request_hash, state,"
                           " created_at) VALUES (?, ?, ?, 'running', ?)"
                           " ON CONFLICT (scope, idem_key) DO NOTHING"),
            { scope, key, requestHash, wiretime::format(now) }))
        return result;
    if (query.numRowsAffected() == 1) {
        result.claim = Claim::Fresh;
        return result;
    }
    if (!sql::exec(query,
            QStringLiteral("SELECT request_hash, state, status, response, created_at FROM"
                           " idempotency_keys WHERE scope = ? AND idem_key = ?"),
            { scope, key })
        || !query.next())
        return result;
    const QString storedHash = query.value(0).toString();
    const QString state = query.value(1).toString();
    if (storedHash != requestHash) {
        result.claim = Claim::Mismatch;
        return result;
    }
    if (state == QStringLiteral("done")) {
        result.claim = Claim::Replay;
        result.status = query.value(2).toInt();
        result.body = query.value(3).toString().toUtf8();
        return result;
    }
    const QString createdAt = query.value(4).toString();
    const auto created = wiretime::parse(createdAt);
    if (created && created->secsTo(now) > abandonAfterSeconds) {
        QSqlQuery takeOver(db);
        if (sql::exec(takeOver,
                QStringLiteral("UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND"
                               " idem_key = ? AND state = 'running' AND created_at = ?"),
                { wiretime::format(now), scope, key, createdAt })
            && takeOver.numRowsAffected() == 1) {
            result.claim = Claim::Fresh;
            return result;
        }
    }
    result.claim = Claim::InProgress;
    return result;
}

bool Idempotency::complete(
    QSqlDatabase &db, const QString &scope, const QString &key, int status, const QByteArray &body)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("UPDATE idempotency_keys SET state = 'done', status = ?, response = ?"
                       " WHERE scope = ? AND idem_key = ?"),
        { status, QString::fromUtf8(body), scope, key });
}

void Idempotency::release(QSqlDatabase &db, const QString &scope, const QString &key)
{
    QSqlQuery query(db);
    sql::exec(query,
        QStringLiteral("DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND"
                       " state = 'running'"),
        { scope, key });
}

bool Idempotency::prune(QSqlDatabase &db, const QDateTime &before)
{
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("DELETE FROM idempotency_keys WHERE created_at < ?"),
        { wiretime::format(before) });
}

} // namespace tessera::server
