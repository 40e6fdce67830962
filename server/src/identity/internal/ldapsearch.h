#pragma once

#include "identity/internal/ldapconnection.h"

#include <QList>
#include <QString>

#include <functional>

// Searching the directory and reading entries' values with libldap. Private to the identity
// folder.
namespace tessera::server::ldapclient {

struct SearchResult
{
    int code = LDAP_OTHER;
    LdapMessagePtr message;
};

// ldap_search_ext_s; sizeLimit 0 is the server's limit. "1.1" as the only attribute asks for
// none.
SearchResult search(LDAP *ld, const QString &base, int scope, const QString &filter,
    const QList<QByteArray> &attributes, int sizeLimit);
// A subtree search in pages of pageSize entries (the simple paged results control, RFC 2696, which
// AD needs beyond its MaxPageSize of 1,000): visit sees each entry of each page, and the search
// stops once more than maxEntries have arrived. Answers LDAP_SUCCESS when every page arrived,
// LDAP_SIZELIMIT_EXCEEDED when there were more than maxEntries (or the server's own limit cut the
// search short), otherwise the code that stopped it. *count: the entries seen.
int pagedSearch(LDAP *ld, const QString &base, const QString &filter,
    const QList<QByteArray> &attributes, int pageSize, qsizetype maxEntries,
    const std::function<void(LDAPMessage *entry)> &visit, qsizetype *count);
// Whether a search answered (with a size limit the entries up to it still arrive).
bool searchSucceeded(int code);
// The entries of a search's answer; continuation references are skipped.
QList<LDAPMessage *> entriesOf(LDAP *ld, LDAPMessage *message);
QString dnOf(LDAP *ld, LDAPMessage *entry);
// The entry's first value of attribute as UTF-8; empty when it has none.
QString firstValue(LDAP *ld, LDAPMessage *entry, const char *attribute);

} // namespace tessera::server::ldapclient
