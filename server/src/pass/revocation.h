#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace tessera::server {

// Which live tokens (access and refresh) to end: all of a person's, one device's of a person,
// or one sign-in's family.
struct TokenScope
{
    static TokenScope person(const QString &userId);
    static TokenScope device(const QString &userId, const QString &deviceId);
    static TokenScope family(const QString &familyId);

    QString where; // SQL over the token tables, with ? placeholders
    QVariantList values;
};

// The one place that ends sessions and passes, for the sign-in, admin and pass code alike. Both
// run in the caller's transaction and answer false when the database refused (the driver's
// message is logged under tessera.storage).

enum class TokenKinds { AccessAndRefresh, AccessOnly };

// Sets revoked_at on every live token in scope: access and refresh tokens (a session ends), or
// access tokens only (a rotation ends the family's current access token; its refresh token is
// spent instead).
bool revokeTokens(QSqlDatabase &db, const QDateTime &at, const TokenScope &scope,
    TokenKinds kinds = TokenKinds::AccessAndRefresh);

// Revokes the live, unexpired passes matching where (SQL over the passes table, with values
// for its ? placeholders) and puts each on the revocation list that scanners sync. Answers how
// many it revoked, or -1 when the database refused.
int revokePasses(
    QSqlDatabase &db, const QDateTime &at, const QString &where, const QVariantList &values);

} // namespace tessera::server
