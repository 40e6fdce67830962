#include "identity/internal/ldapconnection.h"

#include <QFile>
#include <QUrl>

#include <chrono>
#include <condition_variable>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>

namespace tessera::server::ldapclient {

namespace {

// A dead directory answers Unavailable promptly: connect (and TLS handshake) time-out, and a
// bound on every synchronous operation and on the server's search time.
constexpr int kNetworkTimeoutSeconds = 5;
constexpr int kSearchTimeLimitSeconds = 10;
// Connecting, TLS and the service bind together; see ConnectionWatchdog.
constexpr int kConnectDeadlineSeconds = kNetworkTimeoutSeconds + kOperationTimeoutSeconds;

// Overwrites a copy of a password once libldap has sent it.
void wipe(QByteArray &secret)
{
    volatile char *bytes = secret.data();
    for (qsizetype i = 0; i < secret.size(); ++i)
        bytes[i] = 0;
    secret.clear();
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

template<typename T>
bool setOption(LDAP *ld, int option, const T *value, const char *name, QString *problem)
{
    if (ldap_set_option(ld, option, value) == LDAP_OPT_SUCCESS)
        return true;
    *problem = QStringLiteral("cannot set libldap option %1").arg(QLatin1String(name));
    return false;
}

} // namespace

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

} // namespace tessera::server::ldapclient
