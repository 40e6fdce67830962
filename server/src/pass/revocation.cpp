#include "pass/revocation.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

TokenScope TokenScope::person(const QString &userId)
{
    return { QStringLiteral("user_id = ?"), { userId } };
}

TokenScope TokenScope::device(const QString &userId, const QString &deviceId)
{
    return { QStringLiteral("user_id = ? AND device_id = ?"), { userId, deviceId } };
}

TokenScope TokenScope::family(const QString &familyId)
{
    return { QStringLiteral("family_id = ?"), { familyId } };
}

bool revokeTokens(QSqlDatabase &db, const QDateTime &at, const TokenScope &scope, TokenKinds kinds)
{
    const QVariantList values = QVariantList { wiretime::format(at) } + scope.values;
    QSqlQuery query(db);
    QList<QLatin1String> tables { QLatin1String("access_tokens") };
    if (kinds == TokenKinds::AccessAndRefresh)
        tables.append(QLatin1String("refresh_tokens"));
    for (const QLatin1String table : std::as_const(tables)) {
        if (!sql::exec(query,
                QStringLiteral("UPDATE %1 SET revoked_at = ? WHERE revoked_at IS NULL AND ")
                        .arg(table)
                    + scope.where,
                values))
            return false;
    }
    return true;
}

int revokePasses(
    QSqlDatabase &db, const QDateTime &at, const QString &where, const QVariantList &values)
{
    const QString stamp = wiretime::format(at);
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, expires_at FROM passes WHERE revoked_at IS NULL AND"
                           " expires_at > ? AND ")
                + where,
            QVariantList { stamp } + values))
        return -1;
    QList<std::pair<QString, QString>> passes;
    while (query.next())
        passes.append({ query.value(0).toString(), query.value(1).toString() });
    for (const auto &[id, expires] : std::as_const(passes)) {
        if (!sql::exec(query, QStringLiteral("UPDATE passes SET revoked_at = ? WHERE id = ?"),
                { stamp, id })
            || !sql::exec(query,
                QStringLiteral(
                    "INSERT INTO revocations (pass_id, expires_at, at) VALUES (?, ?, ?)"),
                { id, expires, stamp }))
            return -1;
    }
    return static_cast<int>(passes.size());
}

} // namespace tessera::server
