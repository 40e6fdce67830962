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

int pagedSearch(LDAP *ld, const QString &base, const QString &filter,
    const QList<QByteArray> &attributes, int pageSize, qsizetype maxEntries,
    const std::function<void(LDAPMessage *entry)> &visit, qsizetype *count)
{
    std::vector<char *> names;
    names.reserve(static_cast<size_t>(attributes.size()) + 1);
    for (const QByteArray &attribute : attributes)
        names.push_back(const_cast<char *>(attribute.constData()));
    names.push_back(nullptr);
    const QByteArray baseText = base.toUtf8();
    const QByteArray filterText = filter.toUtf8();
    *count = 0;
    berval cookie {};
    const auto freeCookie = [&cookie] {
        ber_memfree(cookie.bv_val);
        cookie = berval {};
    };
    do {
        LDAPControl *page = nullptr;
        int code = ldap_create_page_control(ld, pageSize, &cookie, 1, &page);
        freeCookie();
        if (code != LDAP_SUCCESS)
            return code;
        LDAPControl *controls[] = { page, nullptr };
        timeval timeout { kOperationTimeoutSeconds, 0 };
        LDAPMessage *raw = nullptr;
        code = ldap_search_ext_s(ld, baseText.constData(), LDAP_SCOPE_SUBTREE,
            filterText.constData(), names.data(), 0, controls, nullptr, &timeout, 0, &raw);
        ldap_control_free(page);
        const LdapMessagePtr message(raw);
        if (code != LDAP_SUCCESS)
            return code;
        for (LDAPMessage *entry : entriesOf(ld, message.get())) {
            if (++*count > maxEntries)
                return LDAP_SIZELIMIT_EXCEEDED;
            visit(entry);
        }
        LDAPControl **returned = nullptr;
        int answered = LDAP_SUCCESS;
        code = ldap_parse_result(
            ld, message.get(), &answered, nullptr, nullptr, nullptr, &returned, 0);
        if (code != LDAP_SUCCESS)
            return code;
        if (answered != LDAP_SUCCESS) {
            ldap_controls_free(returned);
            return answered;
        }
        LDAPControl *response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, nullptr);
        ber_int_t estimate = 0;
        if (response)
            code = ldap_parse_pageresponse_control(ld, response, &estimate, &cookie);
        ldap_controls_free(returned);
        if (code != LDAP_SUCCESS) {
            freeCookie();
            return code;
        }
    } while (cookie.bv_len > 0);
    freeCookie();
    return LDAP_SUCCESS;
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
