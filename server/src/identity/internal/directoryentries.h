#pragma once

#include "base/serverconfig.h"
#include "identity/directory.h"

#include <QList>
#include <QString>

#include <ldap.h>

// Mapping directory entries to DirectoryPerson: the attributes read, the person's own values
// and, with the service account, their relations. Private to the identity folder.
namespace tessera::server::ldapclient {

// The attributes a person is read with.
const QList<QByteArray> &personAttributes();

// A person's entry as read, with the DN of their manager (resolved by readRelations).
struct PersonEntry
{
    DirectoryPerson person;
    QString managerDn;
};

PersonEntry readPerson(LDAP *ld, LDAPMessage *entry);
// With the service account: the manager's employeeID, whether anyone reports to the person, the
// groups naming them. False (and *problem) when the directory fails to answer.
bool readRelations(LDAP *ld, const DirectoryConfig &config, PersonEntry &entry, QString *problem);

} // namespace tessera::server::ldapclient
