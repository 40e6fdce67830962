#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// Ends a person's passes when their standing changes, so that offline scanners deny the old
// codes after their next sync (GET /v1/revocations) instead of at the pass's expiry
// (docs/PASS_FORMAT.md, "When passes are revoked"). Runs in the caller's transaction on
// db; every answer of -1 / nullopt means the database refused (the caller answers 500 and
// rolls back).
class PassRevoker
{
public:
    PassRevoker(QSqlDatabase &db, const QDateTime &now);

    // Locks the person's row until the caller's transaction ends (PostgreSQL: SELECT ... FOR
    // UPDATE; SQLite's write transactions are serialized already), so that issuing a pass and
    // a change that revokes passes happen one after the other, also across nodes. Disabling
    // and password resets lock it by updating the row.
    static bool lockPerson(QSqlDatabase &db, const QString &userId);

    // Revokes every live pass of userId (the account was disabled, or its password reset by an
    // admin) and, when there were any, writes the audit line revoke_passes naming why.
    // Answers how many were revoked.
    int revokePersonsPasses(const QString &userId, const QString &actor, const QString &why);

    // Ends every session (access and refresh tokens) and every live pass of userId, whose
    // account actor disabled, or whose local password actor reset. false when the database
    // refused.
    bool personDisabled(const QString &userId, const QString &actor);
    bool passwordReset(const QString &userId, const QString &actor);

    // Whether setting userId's status claim to value (holding until `until`, or with no end)
    // takes something away that the person's current passes give: in some check process that
    // reads this claim, at some moment of a current pass's life, the new status gives a
    // stricter verdict (allow > action > deny) than the one it replaces (or, when there was
    // none, than no status). Call it before storing the new value.
    std::optional<bool> statusChangeRestricts(const QString &userId, const QString &claim,
        const QString &value, const std::optional<QDateTime> &until);

    // statusChangeRestricts and, when it does, revokePersonsPasses (why: "status <claim>"):
    // the person's app then fetches a pass with the new status, the scanners deny the old one.
    // Answers how many passes were revoked. Call it before storing the new value.
    int revokeIfStatusRestricts(const QString &userId, const QString &claim, const QString &value,
        const std::optional<QDateTime> &until, const QString &actor);

private:
    bool revokeSessionsAndPasses(const QString &userId, const QString &actor, const QString &why);

    QSqlDatabase &m_db;
    QDateTime m_now;
};

} // namespace tessera::server
