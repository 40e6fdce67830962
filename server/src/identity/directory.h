#pragma once

#include "base/serverconfig.h"
#include "identity/ldapfilter.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// A person as the directory (Active Directory, or OpenLDAP carrying AD's attributes) describes
// them. Filled with the service account's view of the entry.
struct DirectoryPerson
{
    QString dn;
    QString username; // sAMAccountName
    QString employeeId; // employeeID: the person's user.id
    QString displayName; // displayName (cn when there is none)
    QString email; // mail
    QString department;
    QString geo; // l
    QString userPrincipalName;
    QString managerEmployeeId; // employeeID of the entry named by `manager`; empty if none
    bool disabled = false; // userAccountControl bit 2 (ACCOUNTDISABLE)
    bool hasDirectReports = false; // some entry under baseDn has manager=<this dn>
    QStringList groupDns; // groups under baseDn whose `member` is this dn (direct membership)

    // The account name the server stores: sAMAccountName, else the user principal name, else
    // the employeeID (never empty when employeeId is not).
    QString accountName() const;
};

// The server's client of the directory: search-then-bind sign-in and re-reading a person, with
// OpenLDAP's libldap.
//
// Every call is BLOCKING: call it from a worker thread (the server's bounded pool), never from the
// event loop. A dead or silent directory answers Unavailable within ~15 s (TCP connect 5 s; each
// operation 10 s; connecting, TLS and the service bind together 15 s, enforced by a short-lived
// watchdog thread per call because libldap 2.5 + GnuTLS never times out a stalled TLS handshake).
// The object holds only its configuration, and each call opens, uses and closes its own
// connection, so one Directory may be used from several threads at once.
//
// TLS (Ldaps, StartTls): the directory's certificate must chain to caFile (or, without caFile, to
// the system's trust store named by ldap.conf) and name the url's host; anything else refuses the
// connection (Unavailable).
class Directory
{
    Q_GADGET

public:
    enum class Outcome {
        Ok, // credentials right, account enabled; person set
        InvalidCredentials, // unknown user, wrong or empty password, ambiguous or unusable name
        AccountDisabled, // credentials right (or the directory refused them as disabled)
        NotFound, // lookupByEmployeeId: no such person (any more)
        Unavailable, // unreachable, TLS refused, service account refused, timeouts, errors
    };
    Q_ENUM(Outcome)

    struct Result
    {
        Outcome outcome = Outcome::Unavailable;
        // Set for Ok and AccountDisabled; never for the others.
        std::optional<DirectoryPerson> person;
        // For logs: what happened, with DNs; never a password.
        QString message;
    };

    // Longest username accepted (characters); longer ones are refused without asking.
    static constexpr qsizetype kMaxUsernameLength = 256;

    explicit Directory(DirectoryConfig config);

    const DirectoryConfig &config() const { return m_config; }

    // Search-then-bind. An empty password, and a username that is empty, longer than
    // kMaxUsernameLength or holds control characters, answer InvalidCredentials without
    // contacting the directory (an empty password would be an unauthenticated bind, which
    // succeeds). Otherwise: bind as the service account, find exactly one person whose
    // sAMAccountName or userPrincipalName is username (the directory compares case-insensitively)
    // and who has an employeeID, then simple-bind as that DN with password.
    // - No match, several matches (logged), no employeeID (logged), wrong password:
    //   InvalidCredentials, all alike.
    // - Disabled: decided only once the password is proven right, so that the answer never tells
    //   a guesser that an account exists: AccountDisabled when the bind succeeds and
    //   userAccountControl has bit 2 (OpenLDAP binds disabled entries), or when AD refuses the
    //   bind with its "disabled"/"expired" sub-codes (data 533 / 701, which AD sends only for a
    //   right password). A wrong password for a disabled account is InvalidCredentials.
    // - Unreachable, TLS refused, service bind refused, time-outs, other errors: Unavailable.
    // On success the service account reads the manager's employeeID, direct reports and groups.
    Result authenticate(const QString &username, const QString &password) const;

    // Every person under baseDn who has an employeeID, as the service account reads them (no
    // groups), for the people sync: read in pages of kListPageSize; a directory with more than
    // kMaxListedEntries person entries under baseDn is refused whole (Unavailable, logged), as
    // is any error on any page, so that a sync never works from a partial list.
    struct Listing
    {
        bool ok = false;
        QList<DirectoryPerson> people;
        QString message; // for logs
    };
    static constexpr int kListPageSize = 500;
    static constexpr qsizetype kMaxListedEntries = 50000;
    // The bounds are parameters for the tests only.
    Listing listPeople(
        int pageSize = kListPageSize, qsizetype maxEntries = kMaxListedEntries) const;

    // Re-reads a person by employeeID with the service account (each refresh re-checks the
    // directory). Ok, AccountDisabled (person set), NotFound when no entry (or, logged, several)
    // has it, Unavailable when the directory cannot answer.
    Result lookupByEmployeeId(const QString &employeeId) const;

private:
    DirectoryConfig m_config;
};

} // namespace tessera::server
