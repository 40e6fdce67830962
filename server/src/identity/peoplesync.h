#pragma once

#include "identity/sessionsended.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace tessera::server {

class Clock;
class Directory;
class Storage;

// The directory's people copied into the server's people store, so that sub-systems can address
// an employee who never signed in (their inbox items wait for their first sign-in).
//
// The people store is the users table itself, not a table of its own: inbox items, devices,
// tokens, passes and statuses all reference users(id), the inbox reads by user id, and sign-in
// already keeps a directory person's row there by employeeID (kind 'ad'). A second table would
// need to be kept in step with it and joined into every recipient query; one row per person
// keeps sign-in, refresh and the sync writing the same fields of the same row.
//
// A sync lists every person under the directory's baseDn (Directory::listPeople: pages of 500,
// at most 50,000 entries) outside any transaction, then in one transaction adds the people the
// server has not seen, refreshes the changed ones, and disables those the directory disabled or
// no longer lists: they lose every session and pass, as when an admin disables them. Only a
// person the directory disabled is enabled again by it. A failed listing (directory down, a
// page refused, over the bound) or a listing without anyone changes nothing and is logged. A
// directory person whose employeeID is a local ID, or whose account name another person holds,
// is skipped (logged); a known person whose new account name is taken keeps their fields but
// still follows the directory's disabled state.
//
// Blocking (LDAP, database): call it on a worker thread. Thread-safe: syncs on one node run one
// at a time. Across nodes, the caller holds the people sync's lease (ScheduledJob) from before
// the listing to after the apply, and passes its check: the apply's transaction confirms the
// lease first, so that a listing never applies after a newer one (a sync that outlived its
// lease changes nothing).
class PeopleSync
{
public:
    static constexpr std::chrono::minutes interval { 15 };

    enum class Outcome { Synced, NotConfigured, Unavailable, LeaseLost, Failed };
    // Inside the apply's transaction: true while the caller still holds the sync's lease,
    // false when it lapsed (LeaseLost), nullopt when the database refused (Failed).
    using LeaseCheck = std::function<std::optional<bool>(QSqlDatabase &)>;

    // The actor of scheduled syncs in the audit log.
    static QString scheduledActor() { return QStringLiteral("directory-sync"); }

    struct Result
    {
        Outcome outcome = Outcome::Failed;
        int listed = 0; // directory people with an employeeID
        int added = 0;
        int updated = 0;
        int disabled = 0; // disabled or gone in the directory
        int enabled = 0; // enabled again in the directory
        int skipped = 0; // clashing with a local ID or another person's account name

        bool ok() const { return outcome == Outcome::Synced; }
        // What went wrong, for the job's last_error (no directory text, no secrets); empty when
        // synced or when there is no directory.
        QString failure() const;
        QJsonObject counts() const;
    };

    PeopleSync(Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory);

    // Told after a sync's commit: the people whose audience facts changed (department, geo,
    // manager standing, disabled or enabled). The composition root records a resync for each
    // (DeltaReset), so that their apps sync every audience feature again from the start.
    using AudienceChanged = std::function<void(const QStringList &userIds)>;

    // Set once, before the first sync.
    void setSessionsEndedListener(SessionsEnded listener) { m_sessionsEnded = std::move(listener); }
    void setAudienceChangedListener(AudienceChanged listener)
    {
        m_audienceChanged = std::move(listener);
    }

    // actor: who asked (an admin's user id, or "directory-sync" for the timer), for the audit.
    // leaseHeld: checked inside the apply's transaction (none: not checked).
    Result run(const QString &actor, const LeaseCheck &leaseHeld = {}) const;

private:
    Storage &m_storage;
    const Clock &m_clock;
    std::shared_ptr<const Directory> m_directory;
    SessionsEnded m_sessionsEnded;
    AudienceChanged m_audienceChanged;
    mutable std::mutex m_running;
};

} // namespace tessera::server
