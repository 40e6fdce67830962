#include "identity/internal/ldapsearch.h"

#include <sys/time.h>
#include <vector>

namespace tessera::server::ldapclient {

SearchResult search(LDAP *ld, const QString &base, int scope, const QString &filter,
    const QList<QByteArray> &attributes, int sizeLimit)
{
    std::vector<char *> names;
    names.reserve(static_cast<size_t>(attributes.size()) + 1);
    for (const QByteArray &attribute : attributes)
        names.push_back(const_cast<char *>(attribute.constData()));
    names.push_back(nullptr);
    timeval timeout { kOperationTimeoutSeconds, 0 };
    LDAPMessage *raw = nullptr;
    SearchResult result;
    result.code = ldap_search_ext_s(ld, base.toUtf8().constData(), scope,
        filter.toUtf8().constData(), names.data(), 0, nullptr, nullptr, &timeout, sizeLimit, &raw);
    result.message.reset(raw); // to be freed also on errors
    return result;
}

bool searchSucceeded(int code)
{
    // With a size limit the entries up to it still arrive.
    return code == LDAP_SUCCESS || code == LDAP_SIZELIMIT_EXCEEDED;
}

QList<LDAPMessage *> entriesOf(LDAP *ld, LDAPMessage *message)
{
    QList<LDAPMessage *> entries;
    if (!message)
        return entries;
    // Only entries: continuation references (AD's DomainDnsZones, ...) are skipped.
    for (LDAPMessage *entry = ldap_first_entry(ld, message); entry;
         entry = ldap_next_entry(ld, entry))
        entries.append(entry);
    return entries;
}

QString dnOf(LDAP *ld, LDAPMessage *entry)
{
    const LdapString dn(ldap_get_dn(ld, entry));
    return dn ? QString::fromUtf8(dn.get()) : QString();
}

QString firstValue(LDAP *ld, LDAPMessage *entry, const char *attribute)
{
    const LdapValues values(ldap_get_values_len(ld, entry, attribute));
    if (!values || !values.get()[0])
        return {};
    const berval *value = values.get()[0];
    return QString::fromUtf8(value->bv_val, static_cast<qsizetype>(value->bv_len));
}

} // namespace tessera::server::ldapclient
