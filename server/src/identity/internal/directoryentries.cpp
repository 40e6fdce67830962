#include "identity/internal/directoryentries.h"

#include "base/serverlogging.h"
#include "identity/internal/ldapsearch.h"
#include "identity/ldapfilter.h"

namespace tessera::server::ldapclient {

const QList<QByteArray> &personAttributes()
{
    static const QList<QByteArray> attributes = { "sAMAccountName", "userPrincipalName",
        "employeeID", "displayName", "cn", "mail", "department", "l", "manager",
        "userAccountControl" };
    return attributes;
}

PersonEntry readPerson(LDAP *ld, LDAPMessage *entry)
{
    PersonEntry read;
    DirectoryPerson &person = read.person;
    person.dn = dnOf(ld, entry);
    person.username = firstValue(ld, entry, "sAMAccountName");
    person.userPrincipalName = firstValue(ld, entry, "userPrincipalName");
    person.employeeId = firstValue(ld, entry, "employeeID");
    person.displayName = firstValue(ld, entry, "displayName");
    if (person.displayName.isEmpty())
        person.displayName = firstValue(ld, entry, "cn");
    person.email = firstValue(ld, entry, "mail");
    person.department = firstValue(ld, entry, "department");
    person.geo = firstValue(ld, entry, "l");
    bool numeric = false;
    const qlonglong flags = firstValue(ld, entry, "userAccountControl").toLongLong(&numeric);
    person.disabled = numeric && (flags & 0x2) != 0;
    read.managerDn = firstValue(ld, entry, "manager");
    return read;
}

bool readRelations(LDAP *ld, const DirectoryConfig &config, PersonEntry &entry, QString *problem)
{
    DirectoryPerson &person = entry.person;
    if (!entry.managerDn.isEmpty()) {
        const SearchResult manager = search(ld, entry.managerDn, LDAP_SCOPE_BASE,
            QStringLiteral("(objectClass=*)"), { "employeeID" }, 1);
        if (manager.code == LDAP_SUCCESS) {
            const QList<LDAPMessage *> found = entriesOf(ld, manager.message.get());
            if (!found.isEmpty())
                person.managerEmployeeId = firstValue(ld, found.first(), "employeeID");
        } else if (isConnectionProblem(manager.code)) {
            *problem = QStringLiteral("reading the manager %1 failed: %2")
                           .arg(entry.managerDn, describe(ld, manager.code));
            return false;
        } else {
            // Gone, elsewhere (a referral) or hidden from the service account: unresolvable.
            qCDebug(lcDirectory).noquote() << "manager" << entry.managerDn << "of" << person.dn
                                           << "unresolvable:" << describe(ld, manager.code);
        }
    }

    const QString dnValue = ldapFilterEscape(person.dn);
    const SearchResult reports = search(ld, config.baseDn, LDAP_SCOPE_SUBTREE,
        QStringLiteral("(manager=") + dnValue + u')', { "1.1" }, 1);
    if (!searchSucceeded(reports.code)) {
        *problem = QStringLiteral("searching the direct reports of %1 failed: %2")
                       .arg(person.dn, describe(ld, reports.code));
        return false;
    }
    person.hasDirectReports = !entriesOf(ld, reports.message.get()).isEmpty();

    const SearchResult groups = search(ld, config.baseDn, LDAP_SCOPE_SUBTREE,
        QStringLiteral("(member=") + dnValue + u')', { "1.1" }, 0);
    if (!searchSucceeded(groups.code)) {
        *problem = QStringLiteral("searching the groups of %1 failed: %2")
                       .arg(person.dn, describe(ld, groups.code));
        return false;
    }
    const QList<LDAPMessage *> groupEntries = entriesOf(ld, groups.message.get());
    for (LDAPMessage *group : groupEntries)
        person.groupDns.append(dnOf(ld, group));
    return true;
}

} // namespace tessera::server::ldapclient
