#pragma once

#include "base/serverconfig.h"

#include <QByteArray>
#include <QString>

#include <ldap.h>
#include <memory>
#include <mutex>

// A connection to the directory with OpenLDAP's libldap: its C objects owned, the service
// bind, error texts. Private to the identity folder.
namespace tessera::server::ldapclient {

// The bound on every synchronous operation (answers, searches), in seconds.
inline constexpr int kOperationTimeoutSeconds = 10;

// RAII for libldap's C objects.
struct LdapDeleter
{
    void operator()(LDAP *ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
using LdapHandle = std::unique_ptr<LDAP, LdapDeleter>;

struct MessageDeleter
{
    void operator()(LDAPMessage *message) const { ldap_msgfree(message); }
};
using LdapMessagePtr = std::unique_ptr<LDAPMessage, MessageDeleter>;

struct ValuesDeleter
{
    void operator()(berval **values) const { ldap_value_free_len(values); }
};
using LdapValues = std::unique_ptr<berval *, ValuesDeleter>;

struct MemoryDeleter
{
    void operator()(char *text) const { ldap_memfree(text); }
};
using LdapString = std::unique_ptr<char, MemoryDeleter>;

// The socket of a connection, as libldap's connect callbacks report it (for the watchdog).
struct SocketSlot
{
    ldap_conncb callbacks {};
    std::mutex mutex;
    ber_socket_t socket = -1;
};

// A connection: the handle, and the socket slot its callbacks point to (which outlives it).
struct Connection
{
    std::unique_ptr<SocketSlot> socket = std::make_unique<SocketSlot>();
    LdapHandle handle;

    LDAP *get() const { return handle.get(); }
    explicit operator bool() const { return static_cast<bool>(handle); }
};

// "Can't contact LDAP server (-1): <the server's or TLS library's diagnostic>"
QString describe(LDAP *ld, int code);
// The directory's diagnostic message of the last operation (AD's sub-codes are in it).
QByteArray diagnosticOf(LDAP *ld);
// Codes that say the directory (or the way to it) failed, not the person.
bool isConnectionProblem(int code);
// Simple bind on an open connection; answers libldap's code.
// LDAP_SASL_SIMPLE is a C cast of 0: the null mechanism is a simple bind.
int simpleBind(LDAP *ld, const QString &dn, const QString &password);
// Opens a connection as the configuration says (TLS set up and, for StartTLS, started) and binds
// as the service account. Empty handle and *problem on failure.
Connection connectAsService(const DirectoryConfig &config, QString *problem);

} // namespace tessera::server::ldapclient
