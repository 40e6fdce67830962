#pragma once

#include "identity/authresult.h"
#include "identity/tokenrepository.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace tessera::server {

class Clock;
class Directory;
class Storage;

// Rotating refresh tokens with reuse detection (docs/IDENTITY.md): a refresh token is spent
// once for a new pair; a spent one presented again revokes its family (theft), except a retry
// after a lost answer. A directory account is asked about again at every refresh (leavers).
// Blocking; thread-safe.
class TokenRefresh
{
public:
    // A spent refresh token presented again this soon after its rotation, while the pair it was
    // rotated into is unused, is a retry after a lost answer: it gets a new pair, replacing the
    // unused one, instead of revoking the family (docs/IDENTITY.md, "A lost answer").
    static constexpr qint64 refreshRetrySeconds = 60;

    // directory may be null: then directory accounts cannot refresh (DirectoryUnavailable).
    TokenRefresh(Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory);

    AuthResult refresh(const QString &refreshToken) const;

private:
    enum class Rotation { Rotated, Reuse, Error };
    struct NewPair
    {
        QString accessHash;
        QString refreshHash;
        QString accessExpiresAt;
    };

    // The account the family belongs to, as it stands now (a directory account asked again);
    // a result that is not ok() when it may not refresh.
    AuthResult account(QSqlDatabase &db, const TokenRepository::Refresh &token,
        const QDateTime &current, std::optional<UserAccount> *user) const;
    Rotation rotate(QSqlDatabase &db, const TokenRepository::Refresh &token,
        const QString &tokenHash, bool retry, const NewPair &pair, const QDateTime &current) const;
    // Revokes the whole family (theft or a lost account), audited; its sessions end.
    void revokeFamily(QSqlDatabase &db, const TokenRepository::Refresh &token,
        const QDateTime &current, const QString &why, AuthResult *result) const;

    Storage &m_storage;
    const Clock &m_clock;
    std::shared_ptr<const Directory> m_directory;
};

} // namespace tessera::server
