#pragma once

#include "identity/accountrepository.h"
#include "identity/loginlockout.h"
#include "identity/useraccount.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

class Clock;
class PasswordHasher;
class Storage;

// The admin's work on people's accounts: creating local IDs, disabling and enabling people,
// resetting a local ID's password, setting roles. Every change is audited under the acting
// admin. Blocking (database, Argon2id); thread-safe.
class AdminUsers
{
public:
    static constexpr qint64 temporaryPasswordHours = 72;

    enum class Error {
        None,
        NotFound,
        CannotDisableSelf,
        CannotDropOwnAdmin,
        UnknownRole, // a role no admin may grant (personroles::granted()): nothing was changed
        // The stand-in account of an erased person (users.stand_in, "Former employee"): it keeps
        // their work for the organisation and is never enabled, disabled, given a password or
        // roles; nothing was changed.
        StandIn,
        Internal,
    };

    struct Result
    {
        Error error = Error::None;
        QString userId;
        QString temporaryPassword; // create, reset
        QDateTime temporaryPasswordExpiresAt; // create, reset
        std::optional<UserAccount> user; // setRoles: the account with its new roles

        bool ok() const { return error == Error::None; }
    };

    AdminUsers(Storage &storage, const Clock &clock, const PasswordHasher &hasher);

    // A new local ID with a temporary password; its roles must be granted ones.
    Result createLocalUser(const QString &actor, const AccountRepository::NewLocalUser &user) const;
    // Disabling ends every session and pass of the person at once.
    Result setDisabled(const QString &actor, const QString &userId, bool disabled) const;
    // A new temporary password: the old password's sessions and passes end, its failures are
    // forgotten.
    Result resetLocalPassword(const QString &actor, const QString &userId) const;
    // roles: granted roles (personroles::granted()), sorted without duplicates.
    Result setRoles(const QString &actor, const QString &userId, const QStringList &roles) const;

private:
    static Result failure(Error error);
    // Error::None when userId may be changed, NotFound, StandIn, or Internal (the read failed).
    static Error changeable(QSqlDatabase &db, const QString &userId);

    Storage &m_storage;
    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    LoginLockout m_lockout;
};

} // namespace tessera::server
