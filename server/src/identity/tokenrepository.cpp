#include "identity/tokenrepository.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

TokenRepository::TokenRepository(QSqlDatabase &db)
    : m_db(db)
{ }

bool TokenRepository::insertAccess(const QString &tokenHash, const QString &userId,
    const QString &deviceId, const QString &familyId, const QDateTime &at, const QString &expiresAt)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO access_tokens (token_hash, user_id, device_id,"
                       " family_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
        { tokenHash, userId, deviceId, familyId, wiretime::format(at), expiresAt });
}

bool TokenRepository::insertRefresh(const QString &tokenHash, const QString &familyId,
    const QString &userId, const QString &deviceId, const QDateTime &at, const QString &expiresAt)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO refresh_tokens (token_hash, family_id, user_id,"
                       " device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
        { tokenHash, familyId, userId, deviceId, wiretime::format(at), expiresAt });
}

std::optional<TokenRepository::Access> TokenRepository::liveAccess(
    const QString &tokenHash, const QDateTime &at) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id, device_id, expires_at, used_at FROM access_tokens"
                           " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?"),
            { tokenHash, wiretime::format(at) })
        || !query.next())
        return std::nullopt;
    return Access { query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
        !query.value(3).isNull() };
}

bool TokenRepository::markAccessUsed(const QString &tokenHash, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
               QStringLiteral("UPDATE access_tokens SET used_at = COALESCE(used_at, ?) WHERE"
                              " token_hash = ? AND revoked_at IS NULL"),
               { wiretime::format(at), tokenHash })
        && query.numRowsAffected() == 1;
}

bool TokenRepository::refresh(const QString &tokenHash, std::optional<Refresh> *token) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT family_id, user_id, device_id, expires_at, spent_at,"
                           " revoked_at, successor_hash FROM refresh_tokens WHERE"
                           " token_hash = ?"),
            { tokenHash }))
        return false;
    token->reset();
    if (query.next()) {
        *token = Refresh { query.value(0).toString(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), !query.value(4).isNull(),
            query.value(4).toString(), !query.value(5).isNull(), query.value(6).toString() };
    }
    return true;
}

std::optional<qint64> TokenRepository::liveRefreshCount(const QString &familyId) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ? AND"
                           " revoked_at IS NULL"),
            { familyId })
        || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

int TokenRepository::spend(
    const QString &tokenHash, const QString &successorHash, const QDateTime &at)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE refresh_tokens SET spent_at = ?, successor_hash = ?"
                           " WHERE token_hash = ? AND spent_at IS NULL AND revoked_at IS"
                           " NULL"),
            { wiretime::format(at), successorHash, tokenHash }))
        return -1;
    return query.numRowsAffected();
}

int TokenRepository::revokeSuccessor(
    const QString &successorHash, const QString &familyId, const QDateTime &at)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ?"
                           " AND family_id = ? AND spent_at IS NULL AND revoked_at IS"
                           " NULL"),
            { wiretime::format(at), successorHash, familyId }))
        return -1;
    return query.numRowsAffected();
}

std::optional<qint64> TokenRepository::revokeUnusedAccess(
    const QString &familyId, const QDateTime &at)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE access_tokens SET revoked_at = ? WHERE family_id = ?"
                           " AND revoked_at IS NULL AND used_at IS NULL"),
            { wiretime::format(at), familyId })
        || !sql::exec(query,
            QStringLiteral("SELECT COUNT(*) FROM access_tokens WHERE family_id = ? AND"
                           " revoked_at IS NULL"),
            { familyId })
        || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

bool TokenRepository::setSuccessor(const QString &tokenHash, const QString &successorHash)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE refresh_tokens SET successor_hash = ? WHERE token_hash = ?"),
        { successorHash, tokenHash });
}

bool TokenRepository::deleteExpired(const QDateTime &before)
{
    QSqlQuery query(m_db);
    const QString stamp = wiretime::format(before);
    return sql::exec(
               query, QStringLiteral("DELETE FROM access_tokens WHERE expires_at < ?"), { stamp })
        && sql::exec(
            query, QStringLiteral("DELETE FROM refresh_tokens WHERE expires_at < ?"), { stamp });
}

} // namespace tessera::server
