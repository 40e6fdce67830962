#include "identity/directory.h"

#include "base/serverlogging.h"

#include <QFile>
#include <QList>
#include <QMetaEnum>

#include <chrono>
#include <condition_variable>
#include <ldap.h>
#include <memory>
#include <mutex>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <utility>
#include <vector>

namespace tessera::server {

namespace {

// A dead directory answers Unavailable promptly: connect (and TLS handshake) time-out, and a
// bound on every synchronous operation and on the server's search time.
constexpr int kNetworkTimeoutSeconds = 5;
constexpr int kOperationTimeoutSeconds = 10;
constexpr int kSearchTimeLimitSeconds = 10;
// Connecting, TLS and the service bind together; see ConnectionWatchdog.
constexpr int kConnectDeadlineSeconds = kNetworkTimeoutSeconds + kOperationTimeoutSeconds;

// AD's sub-codes in the diagnostic of an invalidCredentials bind answer ("... data 533, ...").
// AD sends these two only when the password was right.
constexpr auto kAdAccountDisabled = "data 533,";
constexpr auto kAdAccountExpired = "data 701,";

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

// Overwrites a copy of a password once libldap has sent it.
void wipe(QByteArray &secret)
{
    volatile char *bytes = secret.data();
    for (qsizetype i = 0; i < secret.size(); ++i)
        bytes[i] = 0;
    secret.clear();
}

QString outcomeName(Directory::Outcome outcome)
{
    return QString::fromLatin1(
        QMetaEnum::fromType<Directory::Outcome>().valueToKey(static_cast<int>(outcome)));
}

// libldap's global state (options read from ldap.conf, the TLS library) is set up lazily and not
// under a lock everywhere: do the global part once, and make TLS contexts one at a time.
void initializeLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] {
        int version = 0;
        ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
    });
}

std::mutex &tlsContextMutex()
{
    static std::mutex mutex;
    return mutex;
}

// "Can't contact LDAP server (-1): <the server's or TLS library's diagnostic>"
QString describe(LDAP *ld, int code)
{
    QString text = QString::fromUtf8(ldap_err2string(code)) + QStringLiteral(" (")
        + QString::number(code) + u')';
    if (ld) {
        char *diagnostic = nullptr;
        if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS
            && diagnostic) {
            const LdapString owned(diagnostic);
            if (*diagnostic != '\0')
                text += QStringLiteral(": ") + QString::fromUtf8(diagnostic);
        }
    }
    return text;
}

QByteArray diagnosticOf(LDAP *ld)
{
    char *diagnostic = nullptr;
    if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) != LDAP_OPT_SUCCESS
        || !diagnostic)
        return {};
    const LdapString owned(diagnostic);
    return QByteArray(diagnostic);
}

// Codes that say the directory (or the way to it) failed, not the person.
bool isConnectionProblem(int code)
{
    switch (code) {
    case LDAP_SERVER_DOWN:
    case LDAP_TIMEOUT:
    case LDAP_CONNECT_ERROR:
    case LDAP_LOCAL_ERROR:
    case LDAP_NO_MEMORY:
    case LDAP_UNAVAILABLE:
    case LDAP_BUSY:
    case LDAP_TIMELIMIT_EXCEEDED:
    case LDAP_ADMINLIMIT_EXCEEDED:
    case LDAP_OTHER:
        return true;
    default:
        return false;
    }
}

// The socket of a connection, as libldap's connect callbacks report it (for the watchdog).
struct SocketSlot
{
    ldap_conncb callbacks {};
    std::mutex mutex;
    ber_socket_t socket = -1;
};

int rememberSocket(LDAP *, Sockbuf *sb, LDAPURLDesc *, sockaddr *, ldap_conncb *callbacks)
{
    auto *slot = static_cast<SocketSlot *>(callbacks->lc_arg);
    ber_socket_t socket = -1;
    if (ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &socket) == 1) {
        const std::lock_guard lock(slot->mutex);
        slot->socket = socket;
    }
    return 0;
}

void forgetSocket(LDAP *, Sockbuf *, ldap_conncb *callbacks)
{
    auto *slot = static_cast<SocketSlot *>(callbacks->lc_arg);
    const std::lock_guard lock(slot->mutex);
    slot->socket = -1;
}

// libldap bounds the TCP connect (LDAP_OPT_NETWORK_TIMEOUT) and the wait for answers
// (LDAP_OPT_TIMEOUT), but libldap 2.5 with GnuTLS (Debian 12) spins for ever, without polling, in
// the TLS handshake (LDAPS, StartTLS) when the peer accepts the connection and stays silent
// (`ldapsearch -o nettimeout=3 -H ldaps://...` hangs the same way). The watchdog shuts the
// socket down when setting up the connection (connect, TLS, service bind) takes longer than its
// limit: the handshake then fails and the call answers Unavailable.
class ConnectionWatchdog
{
public:
    ConnectionWatchdog(SocketSlot &slot, std::chrono::seconds limit)
        : m_slot(slot)
        , m_thread([this, limit] { watch(limit); })
    { }
    ~ConnectionWatchdog()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_finished = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    ConnectionWatchdog(const ConnectionWatchdog &) = delete;
    ConnectionWatchdog &operator=(const ConnectionWatchdog &) = delete;

    bool fired()
    {
        const std::lock_guard lock(m_mutex);
        return m_fired;
    }

private:
    void watch(std::chrono::seconds limit)
    {
        std::unique_lock lock(m_mutex);
        if (m_wake.wait_for(lock, limit, [this] { return m_finished; }))
            return;
        m_fired = true;
        const std::lock_guard slotLock(m_slot.mutex);
        if (m_slot.socket >= 0)
            ::shutdown(m_slot.socket, SHUT_RDWR);
    }

    SocketSlot &m_slot;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_finished = false;
    bool m_fired = false;
    std::thread m_thread; // last: starts once the rest is set up
};

// A connection: the handle, and the socket slot its callbacks point to (which outlives it).
struct Connection
{
    std::unique_ptr<SocketSlot> socket = std::make_unique<SocketSlot>();
    LdapHandle handle;

    LDAP *get() const { return handle.get(); }
    explicit operator bool() const { return static_cast<bool>(handle); }
};

template<typename T>
bool setOption(LDAP *ld, int option, const T *value, const char *name, QString *problem)
{
    if (ldap_set_option(ld, option, value) == LDAP_OPT_SUCCESS)
        return true;
    *problem = QStringLiteral("cannot set libldap option %1").arg(QLatin1String(name));
    return false;
}

// Simple bind on an open connection; answers libldap's code.
// LDAP_SASL_SIMPLE is a C cast of 0: the null mechanism is a simple bind.
int simpleBind(LDAP *ld, const QString &dn, const QString &password)
{
    QByteArray secret = password.toUtf8();
    berval credentials {};
    credentials.bv_len = static_cast<ber_len_t>(secret.size());
    credentials.bv_val = secret.data();
    const int code = ldap_sasl_bind_s(
        ld, dn.toUtf8().constData(), nullptr, &credentials, nullptr, nullptr, nullptr);
    wipe(secret);
    return code;
}

// Opens a connection as the configuration says (TLS set up and, for StartTLS, started) and binds
// as the service account. Empty handle and *problem on failure.
Connection connectAsService(const DirectoryConfig &config, QString *problem)
{
    initializeLibrary();
    const QString url = config.url.toString(QUrl::FullyEncoded);
    const bool wantsLdaps = config.security == DirectoryConfig::Security::Ldaps;
    if (wantsLdaps != (config.url.scheme() == QLatin1String("ldaps"))) {
        *problem = QStringLiteral("directory url %1 does not fit the configured security").arg(url);
        return {};
    }

    LDAP *raw = nullptr;
    const int initialized = ldap_initialize(&raw, url.toUtf8().constData());
    Connection ld;
    ld.handle.reset(raw);
    if (initialized != LDAP_SUCCESS || !ld) {
        *problem =
            QStringLiteral("bad directory url %1: %2").arg(url, describe(nullptr, initialized));
        return {};
    }

    ld.socket->callbacks.lc_add = rememberSocket;
    ld.socket->callbacks.lc_del = forgetSocket;
    ld.socket->callbacks.lc_arg = ld.socket.get();
    const int version = LDAP_VERSION3;
    const timeval networkTimeout { kNetworkTimeoutSeconds, 0 };
    const timeval operationTimeout { kOperationTimeoutSeconds, 0 };
    const int timeLimit = kSearchTimeLimitSeconds;
    if (!setOption(ld.get(), LDAP_OPT_PROTOCOL_VERSION, &version, "PROTOCOL_VERSION", problem)
        // LDAP_OPT_OFF is a C cast of 0: pass the null pointer itself. AD's continuation
        // references are not chased (nor bound to with our credentials).
        || ldap_set_option(ld.get(), LDAP_OPT_REFERRALS, nullptr) != LDAP_OPT_SUCCESS
        || !setOption(
            ld.get(), LDAP_OPT_NETWORK_TIMEOUT, &networkTimeout, "NETWORK_TIMEOUT", problem)
        || !setOption(ld.get(), LDAP_OPT_TIMEOUT, &operationTimeout, "TIMEOUT", problem)
        || !setOption(ld.get(), LDAP_OPT_TIMELIMIT, &timeLimit, "TIMELIMIT", problem)
        || !setOption(
            ld.get(), LDAP_OPT_CONNECT_CB, &ld.socket->callbacks, "CONNECT_CB", problem)) {
        if (problem->isEmpty())
            *problem = QStringLiteral("cannot set libldap option REFERRALS");
        return {};
    }

    if (config.security != DirectoryConfig::Security::Plain) {
        // Options on the handle, then a new TLS context built from them (the context copies the
        // CA file and the certificate requirement when it is made: order matters).
        if (!config.caFile.isEmpty()) {
            const QByteArray caFile = QFile::encodeName(config.caFile);
            if (!setOption(
                    ld.get(), LDAP_OPT_X_TLS_CACERTFILE, caFile.constData(), "CACERTFILE", problem))
                return {};
        }
        const int demand = LDAP_OPT_X_TLS_DEMAND;
        const int minimumProtocol = LDAP_OPT_X_TLS_PROTOCOL_TLS1_2;
        if (!setOption(ld.get(), LDAP_OPT_X_TLS_REQUIRE_CERT, &demand, "REQUIRE_CERT", problem)
            || !setOption(
                ld.get(), LDAP_OPT_X_TLS_PROTOCOL_MIN, &minimumProtocol, "PROTOCOL_MIN", problem))
            return {};
        const int isServer = 0;
        int made = 0;
        {
            const std::lock_guard lock(tlsContextMutex());
            made = ldap_set_option(ld.get(), LDAP_OPT_X_TLS_NEWCTX, &isServer);
        }
        if (made != LDAP_OPT_SUCCESS) {
            *problem =
                QStringLiteral("cannot set up TLS for %1: CA file %2 unreadable or without "
                               "certificates")
                    .arg(url, config.caFile.isEmpty() ? QStringLiteral("(system)") : config.caFile);
            return {};
        }
    }

    // Declared after the connection: stopped before the connection is closed.
    ConnectionWatchdog watchdog(*ld.socket, std::chrono::seconds(kConnectDeadlineSeconds));
    // libldap's GnuTLS backend reports a refused certificate as "(unknown error code)": say what
    // it most likely was.
    const auto hint = [&watchdog, &config](int code) {
        if (watchdog.fired())
            return QStringLiteral(" (gave up after %1 s)").arg(kConnectDeadlineSeconds);
        if (config.security != DirectoryConfig::Security::Plain
            && (code == LDAP_CONNECT_ERROR || code == LDAP_SERVER_DOWN))
            return QStringLiteral(" (if the server answers: TLS failed; is its certificate issued "
                                  "by the CA in %1 and for host %2?)")
                .arg(config.caFile.isEmpty() ? QStringLiteral("the system trust store")
                                             : config.caFile,
                    config.url.host());
        return QString();
    };
    if (config.security == DirectoryConfig::Security::StartTls) {
        const int started = ldap_start_tls_s(ld.get(), nullptr, nullptr);
        if (started != LDAP_SUCCESS) {
            *problem =
                QStringLiteral("StartTLS with %1 failed: %2").arg(url, describe(ld.get(), started))
                + hint(started);
            return {};
        }
    }

    const int bound = simpleBind(ld.get(), config.bindDn, config.bindPassword);
    if (bound != LDAP_SUCCESS) {
        *problem = QStringLiteral("service bind as %1 to %2 failed: %3")
                       .arg(config.bindDn, url, describe(ld.get(), bound))
            + hint(bound);
        return {};
    }
    return ld;
}

struct SearchResult
{
    int code = LDAP_OTHER;
    LdapMessagePtr message;
};

// ldap_search_ext_s; sizeLimit 0 is the server's limit. "1.1" as the only attribute asks for
// none.
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

const QList<QByteArray> &personAttributes()
{
    static const QList<QByteArray> attributes = { "sAMAccountName", "userPrincipalName",
        "employeeID", "displayName", "cn", "mail", "department", "l", "manager",
        "userAccountControl" };
    return attributes;
}

struct PersonEntry
{
    DirectoryPerson person;
    QString managerDn;
};

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

// With the service account: the manager's employeeID, whether anyone reports to the person, the
// groups naming them. False (and *problem) when the directory fails to answer.
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

QString ldapFilterEscape(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'*':
            escaped += QStringLiteral("\\2a");
            break;
        case u'(':
            escaped += QStringLiteral("\\28");
            break;
        case u')':
            escaped += QStringLiteral("\\29");
            break;
        case u'\\':
            escaped += QStringLiteral("\\5c");
            break;
        case u'\0':
            escaped += QStringLiteral("\\00");
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
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

} // namespace tessera::server
