#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"
#include "identity/loginlockout.h"
#include "identity/passwordpolicy.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace tessera::server {

class Clock;
class Directory;
class PasswordHasher;
class Storage;

// Sign-in, tokens and devices (docs/IDENTITY.md): directory and local-ID sign-in, the first
// password change, rotating refresh tokens with reuse detection, lockout, the access log's
// retention (AccessLog writes it), and the admin's creation of local IDs. Every method is blocking
// (database, LDAP, Argon2id) and runs on the route table's worker pool; the object holds no
// per-request state and is thread-safe.
class AuthService
{
public:
    static constexpr qint64 accessTokenSeconds = 24 * 3600;
    static constexpr qint64 refreshFamilyDays = 30;
    // A spent refresh token presented again this soon after its rotation, while the pair it was
    // rotated into is unused, is a retry after a lost answer: it gets a new pair, replacing the
    // unused one, instead of revoking the family (docs/IDENTITY.md, "A lost answer").
    static constexpr qint64 refreshRetrySeconds = 60;
    static constexpr qint64 temporaryPasswordHours = 72;

    // Told when a person's sessions on deviceId end (every device's when it is empty), so that
    // their live streams close (StreamHub::endSessions). Thread-safe; called after the change is
    // committed and before its answer is sent.
    using SessionsEnded = std::function<void(const QString &userId, const QString &deviceId)>;

    // directory may be null: then network accounts cannot sign in (503 directory_unavailable).
    AuthService(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
        std::shared_ptr<const Directory> directory, QString minimumAppVersion);
    ~AuthService();

    // Registers the sign-in, token, profile and admin routes.
    void addRoutes(RouteTable &routes);
    // Set once, before the server takes requests.
    void setSessionsEndedListener(SessionsEnded listener) { m_sessionsEnded = std::move(listener); }

    // A person's access token (tsa_) or a sub-system's API key (tsk_).
    std::optional<Principal> authenticate(const QByteArray &token) const;
    // Deletes access-log lines older than accessLogDays, sign-in failures past their window,
    // tokens that expired more than a day ago and idempotency keys older than idempotencyKeyDays.
    // Answers false when the database refused.
    bool prune(int accessLogDays, int idempotencyKeyDays) const;

    HttpResponse login(const HttpRequest &request) const;
    HttpResponse changePassword(const HttpRequest &request) const;
    HttpResponse refresh(const HttpRequest &request) const;
    HttpResponse logout(const HttpRequest &request) const;
    HttpResponse me(const HttpRequest &request) const;
    HttpResponse devices(const HttpRequest &request) const;
    HttpResponse createLocalUser(const HttpRequest &request) const;
    HttpResponse setDisabled(const HttpRequest &request) const;
    HttpResponse resetLocalPassword(const HttpRequest &request) const;
    HttpResponse setRoles(const HttpRequest &request) const;

    struct Device;
    struct User;

private:
    std::optional<Principal> authenticateApiKey(const QByteArray &key) const;
    void clearFailures(QSqlDatabase &db, const QString &usernameKey) const;
    void sessionsEnded(const QString &userId, const QString &deviceId = {}) const;
    std::optional<HttpResponse> checkAppVersion(const Device &device) const;
    HttpResponse directoryLogin(QSqlDatabase &db, const QString &username, const QString &password,
        const Device &device, LoginLockout::Attempt &attempt) const;
    HttpResponse localLogin(QSqlDatabase &db, const QString &username, const QString &password,
        const Device &device, LoginLockout::Attempt &attempt) const;
    std::optional<User> loadUser(
        QSqlDatabase &db, const QString &where, const QVariant &value) const;
    bool verifyLocalPassword(const std::optional<User> &user, const QString &password) const;
    // A local ID's password check shared by sign-in and the password change: nullopt when the
    // password is right and the account may go on (user set); else the answer. The attempt's
    // outcome is recorded (a failure counts towards the lockout).
    std::optional<HttpResponse> checkLocalPassword(QSqlDatabase &db, const QString &username,
        const QString &password, LoginLockout::Attempt &attempt, std::optional<User> *user) const;
    // A new sign-in on device: replaces the device's tokens with a new family.
    HttpResponse signIn(QSqlDatabase &db, const User &user, const Device &device) const;
    // A sign-in that registers another device key than the device had: revokes the passes bound
    // to the old one (put on the revocation list, so scanners deny them after their next sync).
    bool revokePassesOfOldKey(
        QSqlDatabase &db, const User &user, const Device &device, const QDateTime &at) const;
    QDateTime now() const;

    Storage &m_storage;
    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    std::shared_ptr<const Directory> m_directory;
    QString m_minimumAppVersion;
    PasswordPolicy m_policy;
    LoginLockout m_lockout;
    SessionsEnded m_sessionsEnded;
    QString m_dummyHash; // verified against for unknown users, so that they take as long
};

} // namespace tessera::server
