#include "identity/directory.h"

#include "base/serverlogging.h"
#include "identity/internal/directoryentries.h"
#include "identity/internal/ldapconnection.h"
#include "identity/internal/ldapsearch.h"

#include <QHash>
#include <QList>
#include <QMetaEnum>
#include <QSet>

namespace tessera::server {

using namespace ldapclient;

namespace {

// AD's sub-codes in the diagnostic of an invalidCredentials bind answer ("... data 533, ...").
// AD sends these two only when the password was right.
constexpr auto kAdAccountDisabled = "data 533,";
constexpr auto kAdAccountExpired = "data 701,";

QString outcomeName(Directory::Outcome outcome)
{
    return QString::fromLatin1(
        QMetaEnum::fromType<Directory::Outcome>().valueToKey(static_cast<int>(outcome)));
}

bool isAcceptableName(const QString &name)
{
    if (name.isEmpty() || name.size() > Directory::kMaxUsernameLength)
        return false;
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

Directory::Result finish(Directory::Outcome outcome, QString message,
    std::optional<DirectoryPerson> person = std::nullopt)
{
    if (outcome == Directory::Outcome::Unavailable)
        qCWarning(lcDirectory).noquote() << outcomeName(outcome) + QStringLiteral(": ") + message;
    else
        qCInfo(lcDirectory).noquote() << outcomeName(outcome) + QStringLiteral(": ") + message;
    return { outcome, std::move(person), std::move(message) };
}

} // namespace

QString DirectoryPerson::accountName() const
{
    if (!username.isEmpty())
        return username;
    return userPrincipalName.isEmpty() ? employeeId : userPrincipalName;
}

Directory::Directory(DirectoryConfig config)
    : m_config(std::move(config))
{ }

Directory::Result Directory::authenticate(const QString &username, const QString &password) const
{
    // Before any network: an empty password would be an unauthenticated bind, which succeeds.
    if (password.isEmpty())
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("empty password refused without asking the directory"));
    if (!isAcceptableName(username))
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("username refused without asking the directory (empty, longer than "
                           "%1 characters or with control characters)")
                .arg(kMaxUsernameLength));

    QString problem;
    const Connection ld = connectAsService(m_config, &problem);
    if (!ld)
        return finish(Outcome::Unavailable, problem);

    const QString name = ldapFilterEscape(username);
    const QString filter = QStringLiteral("(&(objectClass=person)(|(sAMAccountName=") + name
        + QStringLiteral(")(userPrincipalName=") + name + QStringLiteral(")))");
    // Two are enough to know that the name is ambiguous.
    const SearchResult found =
        search(ld.get(), m_config.baseDn, LDAP_SCOPE_SUBTREE, filter, personAttributes(), 2);
    if (!searchSucceeded(found.code))
        return finish(Outcome::Unavailable,
            QStringLiteral("searching %1 for a username failed: %2")
                .arg(m_config.baseDn, describe(ld.get(), found.code)));
    const QList<LDAPMessage *> entries = entriesOf(ld.get(), found.message.get());
    // The username itself is not logged: people type passwords into it by mistake.
    if (entries.isEmpty())
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("no directory entry has that "
                           "username"));
    if (entries.size() > 1) {
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("username is ambiguous: %1 and %2 (at least) match")
                .arg(dnOf(ld.get(), entries.at(0)), dnOf(ld.get(), entries.at(1))));
    }

    PersonEntry entry = readPerson(ld.get(), entries.first());
    if (entry.person.employeeId.isEmpty())
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("%1 has no employeeID and cannot sign in").arg(entry.person.dn));

    const int bound = simpleBind(ld.get(), entry.person.dn, password);
    if (bound == LDAP_INVALID_CREDENTIALS) {
        const QByteArray diagnostic = diagnosticOf(ld.get());
        if (diagnostic.contains(kAdAccountDisabled) || diagnostic.contains(kAdAccountExpired)) {
            entry.person.disabled = true;
            return finish(Outcome::AccountDisabled,
                QStringLiteral("%1 is disabled or expired (the directory refused the bind: %2)")
                    .arg(entry.person.dn, QString::fromUtf8(diagnostic)),
                entry.person);
        }
        return finish(Outcome::InvalidCredentials,
            QStringLiteral("wrong password for %1").arg(entry.person.dn));
    }
    if (bound != LDAP_SUCCESS)
        return finish(Outcome::Unavailable,
            QStringLiteral("bind as %1 failed: %2")
                .arg(entry.person.dn, describe(ld.get(), bound)));

    if (entry.person.disabled)
        return finish(Outcome::AccountDisabled,
            QStringLiteral("%1 is disabled (userAccountControl)").arg(entry.person.dn),
            entry.person);

    // Back to the service account, which may read what the person may not (the manager, ...).
    const int rebound = simpleBind(ld.get(), m_config.bindDn, m_config.bindPassword);
    if (rebound != LDAP_SUCCESS)
        return finish(Outcome::Unavailable,
            QStringLiteral("service bind as %1 after the sign-in of %2 failed: %3")
                .arg(m_config.bindDn, entry.person.dn, describe(ld.get(), rebound)));
    if (!readRelations(ld.get(), m_config, entry, &problem))
        return finish(Outcome::Unavailable, problem);

    return finish(Outcome::Ok, QStringLiteral("signed in %1").arg(entry.person.dn), entry.person);
}

Directory::Result Directory::lookupByEmployeeId(const QString &employeeId) const
{
    if (!isAcceptableName(employeeId))
        return finish(Outcome::NotFound,
            QStringLiteral("employeeID refused without asking the directory (empty, too long or "
                           "with control characters)"));

    QString problem;
    const Connection ld = connectAsService(m_config, &problem);
    if (!ld)
        return finish(Outcome::Unavailable, problem);

    const QString filter = QStringLiteral("(&(objectClass=person)(employeeID=")
        + ldapFilterEscape(employeeId) + QStringLiteral("))");
    const SearchResult found =
        search(ld.get(), m_config.baseDn, LDAP_SCOPE_SUBTREE, filter, personAttributes(), 2);
    if (!searchSucceeded(found.code))
        return finish(Outcome::Unavailable,
            QStringLiteral("searching %1 for employeeID %2 failed: %3")
                .arg(m_config.baseDn, employeeId, describe(ld.get(), found.code)));
    const QList<LDAPMessage *> entries = entriesOf(ld.get(), found.message.get());
    if (entries.isEmpty())
        return finish(
            Outcome::NotFound, QStringLiteral("no entry has employeeID %1").arg(employeeId));
    if (entries.size() > 1)
        return finish(Outcome::NotFound,
            QStringLiteral("employeeID %1 is ambiguous: %2 and %3 (at least) carry it")
                .arg(employeeId, dnOf(ld.get(), entries.at(0)), dnOf(ld.get(), entries.at(1))));

    PersonEntry entry = readPerson(ld.get(), entries.first());
    if (!readRelations(ld.get(), m_config, entry, &problem))
        return finish(Outcome::Unavailable, problem);
    if (entry.person.disabled)
        return finish(Outcome::AccountDisabled,
            QStringLiteral("%1 (employeeID %2) is disabled").arg(entry.person.dn, employeeId),
            entry.person);
    return finish(Outcome::Ok,
        QStringLiteral("%1 has employeeID %2").arg(entry.person.dn, employeeId), entry.person);
}

Directory::Listing Directory::listPeople(int pageSize, qsizetype maxEntries) const
{
    Listing listing;
    QString problem;
    const Connection ld = connectAsService(m_config, &problem);
    if (!ld) {
        listing.message = problem;
        return listing;
    }
    // Every person entry, also those without an employeeID: they may be someone's manager.
    QList<PersonEntry> entries;
    qsizetype count = 0;
    const int code = pagedSearch(
        ld.get(), m_config.baseDn, QStringLiteral("(objectClass=person)"), personAttributes(),
        pageSize, maxEntries,
        [&](LDAPMessage *entry) { entries.append(readPerson(ld.get(), entry)); }, &count);
    if (code == LDAP_SIZELIMIT_EXCEEDED) {
        listing.message = QStringLiteral("listing the people under %1 stopped: more than %2 "
                                         "entries, or the directory's own size limit")
                              .arg(m_config.baseDn)
                              .arg(maxEntries);
        return listing;
    }
    if (code != LDAP_SUCCESS) {
        listing.message = QStringLiteral("listing the people under %1 failed: %2")
                              .arg(m_config.baseDn, describe(ld.get(), code));
        return listing;
    }
    // Relations from the list itself: a manager outside it (another base, no person) is none.
    QHash<QString, QString> employeeIdByDn;
    QSet<QString> managerDns;
    for (const PersonEntry &entry : std::as_const(entries)) {
        employeeIdByDn.insert(entry.person.dn.toLower(), entry.person.employeeId);
        if (!entry.managerDn.isEmpty())
            managerDns.insert(entry.managerDn.toLower());
    }
    for (PersonEntry &entry : entries) {
        if (entry.person.employeeId.isEmpty())
            continue;
        entry.person.managerEmployeeId = employeeIdByDn.value(entry.managerDn.toLower());
        entry.person.hasDirectReports = managerDns.contains(entry.person.dn.toLower());
        listing.people.append(std::move(entry.person));
    }
    listing.ok = true;
    listing.message = QStringLiteral("%1 entries under %2, %3 with an employeeID")
                          .arg(count)
                          .arg(m_config.baseDn)
                          .arg(listing.people.size());
    return listing;
}

} // namespace tessera::server
