#include "identity/authservice.h"

#include "admin/auditlog.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/passwordhasher.h"
#include "crypto/randomtokens.h"
#include "http/idempotency.h"
#include "http/jsonreader.h"
#include "identity/directory.h"
#include "pass/passrevoker.h"
#include "pass/revocation.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVersionNumber>

namespace tessera::server {

namespace {

const QString kAccessPrefix = QStringLiteral("tsa_");
const QString kRefreshPrefix = QStringLiteral("tsr_");
constexpr qsizetype kMaxTokenLength = 128;
constexpr qsizetype kMaxPasswordLength = 1024;
constexpr qint64 kDeviceSeenResolutionSeconds = 300;

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

// The roles held in the server's role table (manager follows from the directory).
void checkStoredRoles(JsonReader &reader, const QStringList &roles)
{
    for (const QString &role : roles) {
        if (reader.ok() && role != QStringLiteral("scanner") && role != QStringLiteral("publisher")
            && role != QStringLiteral("admin"))
            reader.fail(QStringLiteral("Unknown role “%1”: roles are scanner, publisher and admin "
                                       "(manager follows from the directory).")
                            .arg(role));
    }
}

HttpResponse invalidCredentials()
{
    return http::error(401, QStringLiteral("invalid_credentials"),
        QStringLiteral("The user name or password is not right."));
}

HttpResponse directoryUnavailable()
{
    return http::error(503, QStringLiteral("directory_unavailable"),
        QStringLiteral("The company directory cannot be reached right now. Nothing is wrong "
                       "with your password; try again in a few minutes."));
}

HttpResponse accountDisabled()
{
    return http::error(403, QStringLiteral("account_disabled"),
        QStringLiteral("This account is disabled. Contact your administrator."));
}

HttpResponse invalidRefreshToken(const QString &message)
{
    return http::error(401, QStringLiteral("invalid_refresh_token"), message);
}

} // namespace

struct AuthService::Device
{
    QString id;
    QString platform;
    QString osVersion;
    QString model;
    QString appVersion;
    QString publicKey;
};

struct AuthService::User
{
    QString id;
    QString kind;
    QString username;
    QString displayName;
    QString email;
    QString department;
    QString geo;
    QString userType;
    QString passwordHash;
    bool passwordTemporary = false;
    QString passwordExpiresAt;
    bool disabled = false;
    QStringList roles;

    QJsonObject toJson() const
    {
        const auto textOrNull = [](const QString &value) {
            return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
        };
        return QJsonObject {
            { QStringLiteral("id"), id },
            { QStringLiteral("kind"), kind },
            { QStringLiteral("username"), username },
            { QStringLiteral("employeeId"),
                userType == QStringLiteral("employee") ? QJsonValue(id)
                                                       : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("displayName"), displayName },
            { QStringLiteral("email"), textOrNull(email) },
            { QStringLiteral("department"), textOrNull(department) },
            { QStringLiteral("userType"), userType },
            { QStringLiteral("geo"), textOrNull(geo) },
            { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
        };
    }
};

namespace {

std::optional<AuthService::Device> readDevice(JsonReader &reader)
{
    JsonReader device(reader.object(QStringLiteral("device")), QStringLiteral("device"));
    if (!reader.ok())
        return std::nullopt;
    device.allowOnly(
        { QStringLiteral("id"), QStringLiteral("platform"), QStringLiteral("osVersion"),
            QStringLiteral("model"), QStringLiteral("appVersion"), QStringLiteral("publicKey") });
    AuthService::Device result;
    result.id = device.string(QStringLiteral("id"), 64);
    result.platform = device.string(QStringLiteral("platform"), 32);
    result.osVersion = device.string(QStringLiteral("osVersion"), 64);
    result.model = device.string(QStringLiteral("model"), 64);
    result.appVersion = device.string(QStringLiteral("appVersion"), 32);
    result.publicKey = device.optionalString(QStringLiteral("publicKey"), 64);
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"));
    if (device.ok() && !idPattern.match(result.id).hasMatch())
        device.fail(QStringLiteral("“device.id” must be 8 to 64 letters, digits, '-' or '_'."));
    if (device.ok() && QVersionNumber::fromString(result.appVersion).isNull())
        device.fail(QStringLiteral("“device.appVersion” must be a version such as 1.2.0."));
    if (device.ok() && !result.publicKey.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            result.publicKey.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != 32)
            device.fail(QStringLiteral(
                "“device.publicKey” must be an Ed25519 public key (32 bytes, base64)."));
    }
    if (!device.ok()) {
        reader.fail(device.error());
        return std::nullopt;
    }
    return result;
}

} // namespace

AuthService::AuthService(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
    std::shared_ptr<const Directory> directory, QString minimumAppVersion)
    : m_storage(storage)
    , m_clock(clock)
    , m_hasher(hasher)
    , m_directory(std::move(directory))
    , m_minimumAppVersion(std::move(minimumAppVersion))
    , m_lockout(clock)
{
    m_dummyHash = m_hasher.hash(randomtokens::password()).value_or(QString());
}

AuthService::~AuthService() = default;

QDateTime AuthService::now() const
{
    return m_clock.now();
}

void AuthService::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Post, QStringLiteral("/v1/auth/login"), Access::Public,
        [this](const HttpRequest &request) { return login(request); });
    routes.add(M::Post, QStringLiteral("/v1/auth/password"), Access::Public,
        [this](const HttpRequest &request) { return changePassword(request); });
    routes.add(M::Post, QStringLiteral("/v1/auth/refresh"), Access::Public,
        [this](const HttpRequest &request) { return refresh(request); });
    // Sign-in bodies are small and come from anyone: their limit is lower (DESIGN.md, second
    // round, decision 2).
    for (const QString &path : { QStringLiteral("/v1/auth/login"),
             QStringLiteral("/v1/auth/password"), QStringLiteral("/v1/auth/refresh") })
        routes.setMaxBodyBytes(M::Post, path, RouteTable::signInBodyBytes);
    routes.add(M::Post, QStringLiteral("/v1/auth/logout"), Access::SignedIn,
        [this](const HttpRequest &request) { return logout(request); });
    routes.add(M::Get, QStringLiteral("/v1/me"), Access::SignedIn,
        [this](const HttpRequest &request) { return me(request); });
    routes.add(M::Get, QStringLiteral("/v1/me/devices"), Access::SignedIn,
        [this](const HttpRequest &request) { return devices(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/local-users"), Access::Admin,
        [this](const HttpRequest &request) { return createLocalUser(request); });
    // Disabling a person and resetting their password end all their sessions: their streams
    // close too, before the answer.
    routes.add(M::Post, QStringLiteral("/v1/admin/users/{id}/disabled"), Access::Admin,
        [this](const HttpRequest &request) {
            HttpResponse response = setDisabled(request);
            if (response.status == 200
                && QJsonDocument::fromJson(response.body)
                       .object()
                       .value(QStringLiteral("disabled"))
                       .toBool())
                sessionsEnded(request.params.value(0));
            return response;
        });
    routes.add(M::Post, QStringLiteral("/v1/admin/local-users/{id}/reset-password"), Access::Admin,
        [this](const HttpRequest &request) {
            HttpResponse response = resetLocalPassword(request);
            if (response.status == 200)
                sessionsEnded(request.params.value(0));
            return response;
        });
    routes.add(M::Put, QStringLiteral("/v1/admin/users/{id}/roles"), Access::Admin,
        [this](const HttpRequest &request) { return setRoles(request); });
}

// --- users ---------------------------------------------------------------------------------

std::optional<AuthService::User> AuthService::loadUser(
    QSqlDatabase &db, const QString &where, const QVariant &value) const
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, kind, username, display_name, email, department, geo,"
                           " user_type, password_hash, password_temporary, password_expires_at,"
                           " disabled, has_direct_reports FROM users WHERE ")
                + where,
            { value })
        || !query.next())
        return std::nullopt;
    User user;
    user.id = query.value(0).toString();
    user.kind = query.value(1).toString();
    user.username = query.value(2).toString();
    user.displayName = query.value(3).toString();
    user.email = query.value(4).toString();
    user.department = query.value(5).toString();
    user.geo = query.value(6).toString();
    user.userType = query.value(7).toString();
    user.passwordHash = query.value(8).toString();
    user.passwordTemporary = query.value(9).toInt() != 0;
    user.passwordExpiresAt = query.value(10).toString();
    user.disabled = query.value(11).toInt() != 0;
    const bool directReports = query.value(12).toInt() != 0;

    QSqlQuery roles(db);
    if (!sql::exec(roles,
            QStringLiteral("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role"),
            { user.id }))
        return std::nullopt;
    while (roles.next())
        user.roles.append(roles.value(0).toString());
    bool manages = directReports;
    if (!manages) {
        QSqlQuery reports(db);
        if (sql::exec(
                reports, QStringLiteral("SELECT 1 FROM users WHERE manager_id = ?"), { user.id })
            && reports.next())
            manages = true;
    }
    if (manages)
        user.roles.prepend(QStringLiteral("manager"));
    return user;
}

bool AuthService::verifyLocalPassword(
    const std::optional<User> &user, const QString &password) const
{
    if (!user || user->passwordHash.isEmpty()) {
        // The same work as for a real account: no timing difference tells a guesser which
        // usernames exist.
        m_hasher.verify(m_dummyHash, password);
        return false;
    }
    return m_hasher.verify(user->passwordHash, password);
}

void AuthService::clearFailures(QSqlDatabase &db, const QString &usernameKey) const
{
    m_lockout.clear(db, usernameKey);
}

void AuthService::sessionsEnded(const QString &userId, const QString &deviceId) const
{
    if (m_sessionsEnded)
        m_sessionsEnded(userId, deviceId);
}

std::optional<HttpResponse> AuthService::checkAppVersion(const Device &device) const
{
    if (m_minimumAppVersion.isEmpty())
        return std::nullopt;
    if (QVersionNumber::fromString(device.appVersion)
        < QVersionNumber::fromString(m_minimumAppVersion))
        return http::error(426, QStringLiteral("upgrade_required"),
            QStringLiteral("This version of the app is too old. Update it to %1 or later.")
                .arg(m_minimumAppVersion));
    return std::nullopt;
}

// --- sign-in ---------------------------------------------------------------------------------

HttpResponse AuthService::login(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("kind"), QStringLiteral("username"),
        QStringLiteral("password"), QStringLiteral("device") });
    const QString kind = reader.string(QStringLiteral("kind"), 8);
    const QString username = reader.string(QStringLiteral("username"), 256);
    const QJsonValue passwordValue = body->value(QStringLiteral("password"));
    if (reader.ok() && !passwordValue.isString())
        reader.fail(QStringLiteral("“password” must be a string."));
    const QString password = passwordValue.toString();
    if (reader.ok() && password.size() > kMaxPasswordLength)
        reader.fail(QStringLiteral("“password” is too long."));
    const std::optional<Device> device = readDevice(reader);
    if (reader.ok() && kind != QStringLiteral("ad") && kind != QStringLiteral("local"))
        reader.fail(QStringLiteral("“kind” must be \"ad\" or \"local\"."));
    if (!reader.ok() || !device)
        return http::badRequest(reader.error());
    if (auto refusal = checkAppVersion(*device))
        return *refusal;

    QSqlDatabase db = m_storage.connection();
    auto reserved =
        m_lockout.reserve(db, LoginLockout::key(username), request.remoteAddress.toString());
    if (const auto *refusal = std::get_if<HttpResponse>(&reserved))
        return *refusal;
    auto &attempt = std::get<LoginLockout::Attempt>(reserved);
    return kind == QStringLiteral("ad") ? directoryLogin(db, username, password, *device, attempt)
                                        : localLogin(db, username, password, *device, attempt);
}

std::optional<HttpResponse> AuthService::checkLocalPassword(QSqlDatabase &db,
    const QString &username, const QString &password, LoginLockout::Attempt &attempt,
    std::optional<User> *user) const
{
    *user = loadUser(db, QStringLiteral("username_key = ? AND kind = 'local'"), username.toLower());
    if (password.isEmpty() || !verifyLocalPassword(*user, password)) {
        attempt.failed();
        return invalidCredentials();
    }
    attempt.succeeded();
    if ((*user)->disabled)
        return accountDisabled();
    if ((*user)->passwordTemporary) {
        const auto expires = wiretime::parse((*user)->passwordExpiresAt);
        if (!expires || *expires <= now())
            return http::error(403, QStringLiteral("temporary_password_expired"),
                QStringLiteral("Your first-time password has expired. Ask your administrator "
                               "for a new one."));
    }
    return std::nullopt;
}

HttpResponse AuthService::localLogin(QSqlDatabase &db, const QString &username,
    const QString &password, const Device &device, LoginLockout::Attempt &attempt) const
{
    std::optional<User> user;
    if (auto refusal = checkLocalPassword(db, username, password, attempt, &user))
        return *refusal;
    if (user->passwordTemporary) {
        HttpResponse response = http::error(403, QStringLiteral("password_change_required"),
            QStringLiteral("Choose your own password to finish signing in."));
        response.logUserId = user->id;
        return response;
    }
    return signIn(db, *user, device);
}

HttpResponse AuthService::directoryLogin(QSqlDatabase &db, const QString &username,
    const QString &password, const Device &device, LoginLockout::Attempt &attempt) const
{
    if (!m_directory) {
        qCWarning(lcServer) << "network-account sign-in refused: no directory is configured";
        return directoryUnavailable();
    }
    const Directory::Result result = m_directory->authenticate(username, password);
    switch (result.outcome) {
    case Directory::Outcome::Unavailable:
        qCWarning(lcDirectory).noquote() << "sign-in: directory unavailable:" << result.message;
        return directoryUnavailable();
    case Directory::Outcome::InvalidCredentials:
    case Directory::Outcome::NotFound:
        qCInfo(lcDirectory).noquote() << "sign-in refused:" << result.message;
        attempt.failed();
        return invalidCredentials();
    case Directory::Outcome::AccountDisabled:
        attempt.succeeded();
        return accountDisabled();
    case Directory::Outcome::Ok:
        break;
    }
    attempt.succeeded();
    const DirectoryPerson &person = *result.person;
    const QString stamp = t(now());
    QSqlQuery query(db);
    // The directory is the source of truth for its people: refresh the copy at every sign-in.
    if (!sql::exec(query,
            QStringLiteral(
                "INSERT INTO users (id, kind, username, username_key, display_name, email,"
                " department, geo, user_type, manager_id, has_direct_reports, disabled,"
                " created_at, updated_at)"
                " VALUES (?, 'ad', ?, ?, ?, ?, ?, ?, 'employee', ?, ?, 0, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET username = excluded.username,"
                " username_key = excluded.username_key, display_name = excluded.display_name,"
                " email = excluded.email, department = excluded.department, geo = excluded.geo,"
                " manager_id = excluded.manager_id,"
                " has_direct_reports = excluded.has_direct_reports, disabled = 0,"
                " updated_at = excluded.updated_at WHERE users.kind = 'ad'"),
            { person.employeeId, person.username, person.username.toLower(), person.displayName,
                sql::textOrNull(person.email), sql::textOrNull(person.department),
                sql::textOrNull(person.geo), sql::textOrNull(person.managerEmployeeId),
                person.hasDirectReports ? 1 : 0, stamp, stamp })) {
        return http::internalError();
    }
    const std::optional<User> user =
        loadUser(db, QStringLiteral("id = ? AND kind = 'ad'"), person.employeeId);
    if (!user) {
        qCWarning(lcServer) << "directory person" << person.employeeId
                            << "clashes with a local account of the same ID or user name";
        return http::internalError();
    }
    return signIn(db, *user, device);
}

HttpResponse AuthService::changePassword(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("username"), QStringLiteral("currentPassword"),
        QStringLiteral("newPassword"), QStringLiteral("device") });
    const QString username = reader.string(QStringLiteral("username"), 256);
    const QString current = reader.string(QStringLiteral("currentPassword"), kMaxPasswordLength);
    const QString next = reader.string(QStringLiteral("newPassword"), kMaxPasswordLength);
    const std::optional<Device> device = readDevice(reader);
    if (!reader.ok() || !device)
        return http::badRequest(reader.error());
    if (auto refusal = checkAppVersion(*device))
        return *refusal;

    QSqlDatabase db = m_storage.connection();
    auto reserved =
        m_lockout.reserve(db, LoginLockout::key(username), request.remoteAddress.toString());
    if (const auto *refusal = std::get_if<HttpResponse>(&reserved))
        return *refusal;
    std::optional<User> user;
    if (auto refusal = checkLocalPassword(
            db, username, current, std::get<LoginLockout::Attempt>(reserved), &user))
        return *refusal;
    std::optional<QString> problem =
        m_policy.problem(next, { user->username, user->id, user->displayName, user->email });
    if (!problem && next == current)
        problem = QStringLiteral("Choose a password different from the current one.");
    if (problem) {
        HttpResponse response = http::error(422, QStringLiteral("weak_password"), *problem);
        response.logUserId = user->id;
        return response;
    }
    const std::optional<QString> hash = m_hasher.hash(next);
    if (!hash)
        return http::internalError();
    {
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        if (!transaction.isActive()
            || !sql::exec(query,
                QStringLiteral("UPDATE users SET password_hash = ?, password_temporary = 0,"
                               " password_expires_at = NULL, updated_at = ? WHERE id = ?"),
                { *hash, t(now()), user->id })
            // Every session of the old password ends with it (an attacker's too); the device
            // that changed it is signed in again below.
            || !revokeTokens(db, now(), TokenScope::person(user->id)) || !transaction.commit())
            return http::internalError();
    }
    user->passwordTemporary = false;
    qCInfo(lcServer) << "password changed for" << user->id << ": every other session ended";
    HttpResponse response = signIn(db, *user, *device);
    sessionsEnded(user->id); // before the answer: no stream of an old session hears another hint
    return response;
}

HttpResponse AuthService::signIn(QSqlDatabase &db, const User &user, const Device &device) const
{
    const QDateTime issued = now();
    const QString accessToken = randomtokens::urlSafe(kAccessPrefix, 32);
    const QString refreshToken = randomtokens::urlSafe(kRefreshPrefix, 32);
    const QString family = randomtokens::urlSafe(QStringLiteral("fam_"), 12);
    const QDateTime accessExpires = issued.addSecs(accessTokenSeconds);
    const QDateTime refreshExpires = issued.addDays(refreshFamilyDays);
    {
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        const bool ok = transaction.isActive() && revokePassesOfOldKey(db, user, device, issued)
            && sql::exec(query,
                QStringLiteral(
                    "INSERT INTO devices (user_id, id, platform, os_version, model, app_version,"
                    " public_key, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (user_id, id) DO UPDATE SET platform = excluded.platform,"
                    " os_version = excluded.os_version, model = excluded.model,"
                    " app_version = excluded.app_version,"
                    " public_key = COALESCE(excluded.public_key, devices.public_key),"
                    " last_seen_at = excluded.last_seen_at"),
                { user.id, device.id, device.platform, device.osVersion, device.model,
                    device.appVersion, sql::textOrNull(device.publicKey), t(issued), t(issued) })
            && revokeTokens(db, issued, TokenScope::device(user.id, device.id))
            && sql::exec(query,
                QStringLiteral("INSERT INTO access_tokens (token_hash, user_id, device_id,"
                               " family_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                { randomtokens::sha256Hex(accessToken), user.id, device.id, family, t(issued),
                    t(accessExpires) })
            && sql::exec(query,
                QStringLiteral("INSERT INTO refresh_tokens (token_hash, family_id, user_id,"
                               " device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                { randomtokens::sha256Hex(refreshToken), family, user.id, device.id, t(issued),
                    t(refreshExpires) })
            && transaction.commit();
        if (!ok)
            return http::internalError();
    }
    qCInfo(lcServer) << "signed in:" << user.id << "on device" << device.id;
    HttpResponse response = http::json(QJsonObject {
        { QStringLiteral("accessToken"), accessToken },
        { QStringLiteral("accessTokenExpiresAt"), t(accessExpires) },
        { QStringLiteral("refreshToken"), refreshToken },
        { QStringLiteral("refreshTokenExpiresAt"), t(refreshExpires) },
        { QStringLiteral("user"), user.toJson() },
    });
    response.logUserId = user.id;
    response.logDeviceId = device.id;
    return response;
}

bool AuthService::revokePassesOfOldKey(
    QSqlDatabase &db, const User &user, const Device &device, const QDateTime &at) const
{
    if (device.publicKey.isEmpty())
        return true; // the device keeps the key it has (docs/PASS_FORMAT.md, "Device key")
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT public_key FROM devices WHERE user_id = ? AND id = ?"),
            { user.id, device.id }))
        return false;
    if (!query.next() || query.value(0).isNull())
        return true; // a new device, or its first key: no pass can bind to an older one
    const QString previous = query.value(0).toString();
    query.finish();
    if (QByteArray::fromBase64(previous.toLatin1())
        == QByteArray::fromBase64(device.publicKey.toLatin1()))
        return true;
    // Passes recorded before their key was (migration 6) were bound to an older key too.
    const int revoked = revokePasses(db, at,
        QStringLiteral("user_id = ? AND device_id = ? AND (device_public_key IS NULL OR "
                       "device_public_key <> ?)"),
        { user.id, device.id, device.publicKey });
    if (revoked < 0)
        return false;
    if (revoked > 0) {
        writeAudit(db, at, QStringLiteral("system"), QStringLiteral("revoke_passes_of_old_key"),
            user.id,
            QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("device"), device.id },
                                                { QStringLiteral("passes"), revoked } })
                                  .toJson(QJsonDocument::Compact)));
        qCInfo(lcServer) << "new device key for" << user.id << "on device" << device.id
                         << ": revoked" << revoked << "passes of the old key";
    }
    return true;
}

// --- tokens ----------------------------------------------------------------------------------

std::optional<Principal> AuthService::authenticate(const QByteArray &token) const
{
    if (token.size() > kMaxTokenLength)
        return std::nullopt;
    if (token.startsWith("tsk_"))
        return authenticateApiKey(token);
    if (!token.startsWith(kAccessPrefix.toLatin1()))
        return std::nullopt;
    QSqlDatabase db = m_storage.connection();
    const QDateTime current = now();
    const QString tokenHash = randomtokens::sha256Hex(QString::fromLatin1(token));
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id, device_id, expires_at, used_at FROM access_tokens"
                           " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?"),
            { tokenHash, t(current) })
        || !query.next())
        return std::nullopt;
    const QString userId = query.value(0).toString();
    const QString deviceId = query.value(1).toString();
    const QDateTime expiresAt = wiretime::parse(query.value(2).toString()).value_or(current);
    if (query.value(3).isNull()) {
        // The first use: from now on a retried refresh may no longer replace this pair. Written
        // only while the token is live, so a refresh retry revoking it at the same moment wins
        // or loses as a whole.
        if (!sql::exec(query,
                QStringLiteral("UPDATE access_tokens SET used_at = COALESCE(used_at, ?) WHERE"
                               " token_hash = ? AND revoked_at IS NULL"),
                { t(current), tokenHash })
            || query.numRowsAffected() != 1)
            return std::nullopt;
    }
    const std::optional<User> user = loadUser(db, QStringLiteral("id = ?"), userId);
    if (!user || user->disabled)
        return std::nullopt;
    sql::exec(query,
        QStringLiteral("UPDATE devices SET last_seen_at = ? WHERE user_id = ? AND id = ?"
                       " AND last_seen_at < ?"),
        { t(current), userId, deviceId, t(current.addSecs(-kDeviceSeenResolutionSeconds)) });
    Principal principal;
    principal.userId = user->id;
    principal.deviceId = deviceId;
    principal.kind = user->kind;
    principal.userType = user->userType;
    principal.roles = user->roles;
    principal.tokenExpiresAt = expiresAt;
    return principal;
}

std::optional<Principal> AuthService::authenticateApiKey(const QByteArray &key) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, subsystem FROM api_keys WHERE key_hash = ? AND"
                           " revoked_at IS NULL"),
            { randomtokens::sha256Hex(QString::fromLatin1(key)) })
        || !query.next())
        return std::nullopt;
    Principal principal;
    principal.apiKeyId = query.value(0).toString();
    principal.subsystem = query.value(1).toString();
    return principal;
}

HttpResponse AuthService::refresh(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("refreshToken") });
    const QString token = reader.string(QStringLiteral("refreshToken"), kMaxTokenLength);
    if (!reader.ok())
        return http::badRequest(reader.error());
    const QString signInAgain = QStringLiteral("Your session has ended. Sign in again.");
    if (!token.startsWith(kRefreshPrefix))
        return invalidRefreshToken(signInAgain);

    QSqlDatabase db = m_storage.connection();
    const QDateTime current = now();
    const QString tokenHash = randomtokens::sha256Hex(token);
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT family_id, user_id, device_id, expires_at, spent_at,"
                           " revoked_at, successor_hash FROM refresh_tokens WHERE"
                           " token_hash = ?"),
            { tokenHash }))
        return http::internalError();
    if (!query.next())
        return invalidRefreshToken(signInAgain);
    const QString family = query.value(0).toString();
    const QString userId = query.value(1).toString();
    const QString deviceId = query.value(2).toString();
    const QString familyExpires = query.value(3).toString();
    const bool spent = !query.value(4).isNull();
    const bool revoked = !query.value(5).isNull();
    const std::optional<QDateTime> spentAt = wiretime::parse(query.value(4).toString());
    const QString successorHash = query.value(6).toString();

    const auto revokeFamily = [&](const QString &why) {
        revokeTokens(db, current, TokenScope::family(family));
        sessionsEnded(userId, deviceId);
        writeAudit(db, now(), QStringLiteral("system"), QStringLiteral("revoke_token_family"),
            userId,
            QString::fromUtf8(QJsonDocument(
                QJsonObject { { QStringLiteral("family"), family },
                    { QStringLiteral("device"), deviceId }, { QStringLiteral("reason"), why } })
                                  .toJson(QJsonDocument::Compact)));
    };

    if (revoked) {
        // Revoked while its family lives on: a retry replaced this token (below), so whoever
        // presents it got it from the answer that retry called lost. Two holders: theft.
        QSqlQuery live(db);
        if (!sql::exec(live,
                QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ? AND"
                               " revoked_at IS NULL"),
                { family })
            || !live.next())
            return http::internalError();
        if (live.value(0).toLongLong() > 0) {
            qCWarning(lcServer) << "a refresh token replaced by a retry was presented: revoking"
                                   " family"
                                << family << "of" << userId << "on device" << deviceId;
            revokeFamily(QStringLiteral("replaced refresh token presented"));
        }
        return invalidRefreshToken(signInAgain);
    }
    // A lost answer (docs/IDENTITY.md): the same spent token again within the grace window may
    // replace its successor pair, if nobody has used that pair yet (checked when replacing it).
    const bool retry = spent && spentAt && !successorHash.isEmpty()
        && current < spentAt->addSecs(refreshRetrySeconds);
    if (spent && !retry) {
        qCWarning(lcServer) << "a spent refresh token was presented again: revoking family"
                            << family << "of" << userId << "on device" << deviceId;
        revokeFamily(QStringLiteral("refresh token reuse"));
        return invalidRefreshToken(signInAgain);
    }
    const auto expires = wiretime::parse(familyExpires);
    if (!expires || *expires <= current)
        return invalidRefreshToken(signInAgain);

    std::optional<User> user = loadUser(db, QStringLiteral("id = ?"), userId);
    if (!user || user->disabled) {
        revokeFamily(QStringLiteral("account disabled"));
        return invalidRefreshToken(
            QStringLiteral("This account is disabled. Contact your administrator."));
    }
    if (user->kind == QStringLiteral("ad")) {
        // Leavers: every refresh asks the directory again.
        if (!m_directory)
            return directoryUnavailable();
        const Directory::Result result = m_directory->lookupByEmployeeId(user->id);
        if (result.outcome == Directory::Outcome::Unavailable) {
            qCWarning(lcDirectory).noquote() << "refresh: directory unavailable:" << result.message;
            return directoryUnavailable();
        }
        if (result.outcome != Directory::Outcome::Ok) {
            qCInfo(lcServer) << "refresh refused: directory account of" << user->id
                             << "is disabled or gone";
            QSqlQuery update(db);
            sql::exec(
                update, QStringLiteral("UPDATE users SET disabled = 1 WHERE id = ?"), { user->id });
            // A leaver loses every session and pass, as when an admin disables them.
            PassRevoker(db, current).personDisabled(user->id, QStringLiteral("system"));
            sessionsEnded(user->id);
            revokeFamily(QStringLiteral("directory account disabled or removed"));
            return invalidRefreshToken(
                QStringLiteral("This account is disabled. Contact your administrator."));
        }
        const DirectoryPerson &person = *result.person;
        QSqlQuery update(db);
        sql::exec(update,
            QStringLiteral("UPDATE users SET display_name = ?, email = ?, department = ?,"
                           " geo = ?, manager_id = ?, has_direct_reports = ?, updated_at = ?"
                           " WHERE id = ?"),
            { person.displayName, sql::textOrNull(person.email), sql::textOrNull(person.department),
                sql::textOrNull(person.geo), sql::textOrNull(person.managerEmployeeId),
                person.hasDirectReports ? 1 : 0, t(current), user->id });
        user = loadUser(db, QStringLiteral("id = ?"), userId);
        if (!user)
            return http::internalError();
    }

    const QString accessToken = randomtokens::urlSafe(kAccessPrefix, 32);
    const QString refreshToken = randomtokens::urlSafe(kRefreshPrefix, 32);
    const QString refreshHash = randomtokens::sha256Hex(refreshToken);
    const QDateTime accessExpires = std::min(current.addSecs(accessTokenSeconds), *expires);
    enum class Outcome { Rotated, Reuse, Error };
    const auto rotate = [&]() {
        sql::Transaction transaction(db);
        QSqlQuery update(db);
        if (!transaction.isActive())
            return Outcome::Error;
        if (retry) {
            // Replace the successor pair: its refresh token must be unspent and its access token
            // unused. Both are claimed by updates, so a concurrent use either comes first (and
            // this is theft) or finds them revoked.
            if (!sql::exec(update,
                    QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ?"
                                   " AND family_id = ? AND spent_at IS NULL AND revoked_at IS"
                                   " NULL"),
                    { t(current), successorHash, family }))
                return Outcome::Error;
            if (update.numRowsAffected() != 1)
                return Outcome::Reuse;
            if (!sql::exec(update,
                    QStringLiteral("UPDATE access_tokens SET revoked_at = ? WHERE family_id = ?"
                                   " AND revoked_at IS NULL AND used_at IS NULL"),
                    { t(current), family })
                || !sql::exec(update,
                    QStringLiteral("SELECT COUNT(*) FROM access_tokens WHERE family_id = ? AND"
                                   " revoked_at IS NULL"),
                    { family })
                || !update.next())
                return Outcome::Error;
            if (update.value(0).toLongLong() != 0)
                return Outcome::Reuse; // the successor's access token was used
            if (!sql::exec(update,
                    QStringLiteral(
                        "UPDATE refresh_tokens SET successor_hash = ? WHERE token_hash = ?"),
                    { refreshHash, tokenHash }))
                return Outcome::Error;
        } else {
            if (!sql::exec(update,
                    QStringLiteral("UPDATE refresh_tokens SET spent_at = ?, successor_hash = ?"
                                   " WHERE token_hash = ? AND spent_at IS NULL AND revoked_at IS"
                                   " NULL"),
                    { t(current), refreshHash, tokenHash }))
                return Outcome::Error;
            // Another request spent it first: a copy is in someone else's hands.
            if (update.numRowsAffected() != 1)
                return Outcome::Reuse;
            if (!revokeTokens(db, current, TokenScope::family(family), TokenKinds::AccessOnly))
                return Outcome::Error;
        }
        const bool ok =
            sql::exec(update,
                QStringLiteral("INSERT INTO access_tokens (token_hash, user_id, device_id,"
                               " family_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                { randomtokens::sha256Hex(accessToken), userId, deviceId, family, t(current),
                    t(accessExpires) })
            && sql::exec(update,
                QStringLiteral("INSERT INTO refresh_tokens (token_hash, family_id, user_id,"
                               " device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
                { refreshHash, family, userId, deviceId, t(current), familyExpires })
            && transaction.commit();
        return ok ? Outcome::Rotated : Outcome::Error;
    };
    switch (rotate()) {
    case Outcome::Rotated:
        break;
    case Outcome::Error:
        return http::internalError();
    case Outcome::Reuse:
        if (retry)
            qCWarning(lcServer) << "a spent refresh token was presented again after its successor"
                                   " was used: revoking family"
                                << family << "of" << userId << "on device" << deviceId;
        else
            qCWarning(lcServer) << "a refresh token was spent twice at once: revoking family"
                                << family;
        revokeFamily(QStringLiteral("refresh token reuse"));
        return invalidRefreshToken(signInAgain);
    }
    if (retry)
        qCInfo(lcServer) << "refresh retried within the grace window (answer lost): replaced the"
                            " unused successor pair of family"
                         << family << "of" << userId << "on device" << deviceId;
    HttpResponse response = http::json(QJsonObject {
        { QStringLiteral("accessToken"), accessToken },
        { QStringLiteral("accessTokenExpiresAt"), t(accessExpires) },
        { QStringLiteral("refreshToken"), refreshToken },
        { QStringLiteral("refreshTokenExpiresAt"), familyExpires },
        { QStringLiteral("user"), user->toJson() },
    });
    response.logUserId = userId;
    response.logDeviceId = deviceId;
    return response;
}

HttpResponse AuthService::logout(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    if (!revokeTokens(
            db, now(), TokenScope::device(request.principal->userId, request.principal->deviceId)))
        return http::internalError();
    qCInfo(lcServer) << "signed out:" << request.principal->userId << "on device"
                     << request.principal->deviceId;
    sessionsEnded(request.principal->userId, request.principal->deviceId);
    return http::noContent();
}

HttpResponse AuthService::me(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<User> user =
        loadUser(db, QStringLiteral("id = ?"), request.principal->userId);
    if (!user)
        return http::internalError();
    return http::json(QJsonObject {
        { QStringLiteral("user"), user->toJson() },
        { QStringLiteral("deviceId"), request.principal->deviceId },
    });
}

HttpResponse AuthService::devices(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    const QString current = t(now());
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT d.id, d.platform, d.os_version, d.model, d.app_version, d.created_at,"
                " d.last_seen_at, EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.user_id ="
                " d.user_id AND r.device_id = d.id AND r.revoked_at IS NULL AND r.spent_at IS"
                " NULL AND r.expires_at > ?) FROM devices d WHERE d.user_id = ?"
                " ORDER BY d.last_seen_at DESC, d.id"),
            { current, request.principal->userId }))
        return http::internalError();
    QJsonArray list;
    while (query.next()) {
        const QString id = query.value(0).toString();
        list.append(QJsonObject {
            { QStringLiteral("id"), id },
            { QStringLiteral("platform"), query.value(1).toString() },
            { QStringLiteral("osVersion"), query.value(2).toString() },
            { QStringLiteral("model"), query.value(3).toString() },
            { QStringLiteral("appVersion"), query.value(4).toString() },
            { QStringLiteral("createdAt"), query.value(5).toString() },
            { QStringLiteral("lastSeenAt"), query.value(6).toString() },
            { QStringLiteral("current"), id == request.principal->deviceId },
            { QStringLiteral("signedIn"), query.value(7).toBool() },
        });
    }
    return http::json(QJsonObject { { QStringLiteral("devices"), list } });
}

// --- admin -----------------------------------------------------------------------------------

HttpResponse AuthService::createLocalUser(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly(
        { QStringLiteral("displayName"), QStringLiteral("email"), QStringLiteral("geo"),
            QStringLiteral("department"), QStringLiteral("roles"), QStringLiteral("userType") });
    const QString displayName = reader.string(QStringLiteral("displayName"), 200);
    const QString email = reader.optionalString(QStringLiteral("email"), 254);
    const QString geo = reader.optionalString(QStringLiteral("geo"), 100);
    const QString department = reader.optionalString(QStringLiteral("department"), 100);
    const QStringList roles = reader.stringList(QStringLiteral("roles"), 3, 16);
    QString userType = reader.optionalString(QStringLiteral("userType"), 16);
    if (userType.isEmpty())
        userType = QStringLiteral("non_employee");
    static const QRegularExpression emailPattern(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (reader.ok() && !email.isEmpty() && !emailPattern.match(email).hasMatch())
        reader.fail(QStringLiteral("“email” is not an e-mail address."));
    if (reader.ok() && userType != QStringLiteral("employee")
        && userType != QStringLiteral("non_employee"))
        reader.fail(QStringLiteral("“userType” must be \"employee\" or \"non_employee\"."));
    checkStoredRoles(reader, roles);
    if (!reader.ok())
        return http::badRequest(reader.error());

    const QString temporaryPassword = randomtokens::password();
    const std::optional<QString> hash = m_hasher.hash(temporaryPassword);
    if (!hash)
        return http::internalError();
    const QDateTime created = now();
    const QDateTime expires = created.addSecs(temporaryPasswordHours * 3600);
    QSqlDatabase db = m_storage.connection();
    QString userId;
    {
        sql::Transaction transaction(db);
        if (!transaction.isActive())
            return http::internalError();
        QSqlQuery query(db);
        for (int attempt = 0; attempt < 20 && userId.isEmpty(); ++attempt) {
            const QString candidate = QStringLiteral("L") + randomtokens::digits(7);
            if (!sql::exec(query,
                    QStringLiteral("SELECT 1 FROM users WHERE id = ? OR"
                                   " username_key = ?"),
                    { candidate, candidate.toLower() }))
                return http::internalError();
            if (!query.next())
                userId = candidate;
        }
        if (userId.isEmpty())
            return http::internalError();
        bool ok = sql::exec(query,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " email, department, geo, user_type, password_hash,"
                           " password_temporary, password_expires_at, created_at, updated_at)"
                           " VALUES (?, 'local', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"),
            { userId, userId, userId.toLower(), displayName, sql::textOrNull(email),
                sql::textOrNull(department), sql::textOrNull(geo), userType, *hash, t(expires),
                t(created), t(created) });
        for (const QString &role : roles) {
            ok = ok
                && sql::exec(query,
                    QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"),
                    { userId, role });
        }
        if (!ok)
            return http::internalError();
        writeAudit(db, now(), request.principal->userId, QStringLiteral("create_local_user"),
            userId,
            QString::fromUtf8(QJsonDocument(
                QJsonObject { { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
                    { QStringLiteral("userType"), userType } })
                                  .toJson(QJsonDocument::Compact)));
        if (!transaction.commit())
            return http::internalError();
    }
    qCInfo(lcServer) << "local ID" << userId << "created by" << request.principal->userId;
    return http::json(
        QJsonObject {
            { QStringLiteral("userId"), userId },
            { QStringLiteral("temporaryPassword"), temporaryPassword },
            { QStringLiteral("temporaryPasswordExpiresAt"), t(expires) },
        },
        201);
}

bool AuthService::prune(int accessLogDays, int idempotencyKeyDays) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    const QDateTime current = now();
    const QString dayAgo = t(current.addDays(-1));
    const bool ok = sql::exec(query, QStringLiteral("DELETE FROM access_log WHERE at < ?"),
                        { t(current.addDays(-accessLogDays)) })
        && m_lockout.prune(db) && Idempotency::prune(db, current.addDays(-idempotencyKeyDays))
        && sql::exec(
            query, QStringLiteral("DELETE FROM access_tokens WHERE expires_at < ?"), { dayAgo })
        && sql::exec(
            query, QStringLiteral("DELETE FROM refresh_tokens WHERE expires_at < ?"), { dayAgo });
    if (ok)
        qCDebug(lcServer) << "pruned the access log, old sign-in failures, expired tokens and"
                             " idempotency keys";
    return ok;
}

HttpResponse AuthService::setDisabled(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    if (!json::unknownFields(*body, { QStringLiteral("disabled") }).isEmpty()
        || !body->value(QStringLiteral("disabled")).isBool())
        return http::badRequest(QStringLiteral("The body must be {\"disabled\": true|false}."));
    const bool disabled = body->value(QStringLiteral("disabled")).toBool();
    if (disabled && userId == request.principal->userId)
        return http::error(422, QStringLiteral("cannot_disable_self"),
            QStringLiteral("You cannot disable your own account."));
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    const QString stamp = t(now());
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?"),
            { disabled ? 1 : 0, stamp, userId }))
        return http::internalError();
    if (query.numRowsAffected() != 1)
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such person."));
    // A disabled account loses every session and pass at once (scanners deny its codes).
    if (disabled && !PassRevoker(db, now()).personDisabled(userId, request.principal->userId))
        return http::internalError();
    writeAudit(db, now(), request.principal->userId,
        disabled ? QStringLiteral("disable_user") : QStringLiteral("enable_user"), userId, {});
    if (!transaction.commit())
        return http::internalError();
    return http::json(QJsonObject {
        { QStringLiteral("userId"), userId }, { QStringLiteral("disabled"), disabled } });
}

HttpResponse AuthService::resetLocalPassword(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    const QString temporaryPassword = randomtokens::password();
    const std::optional<QString> hash = m_hasher.hash(temporaryPassword);
    if (!hash)
        return http::internalError();
    const QDateTime expires = now().addSecs(temporaryPasswordHours * 3600);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    const QString stamp = t(now());
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral(
                "UPDATE users SET password_hash = ?, password_temporary = 1,"
                " password_expires_at = ?, updated_at = ? WHERE id = ? AND kind = 'local'"),
            { *hash, t(expires), stamp, userId }))
        return http::internalError();
    if (query.numRowsAffected() != 1)
        return http::error(404, QStringLiteral("not_found"),
            QStringLiteral("There is no such local ID (network accounts reset their password in "
                           "the directory)."));
    // The old password's sessions end with it, and the passes they fetched.
    if (!PassRevoker(db, now()).passwordReset(userId, request.principal->userId))
        return http::internalError();
    clearFailures(db, userId.toLower());
    writeAudit(db, now(), request.principal->userId, QStringLiteral("reset_password"), userId, {});
    if (!transaction.commit())
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("userId"), userId },
        { QStringLiteral("temporaryPassword"), temporaryPassword },
        { QStringLiteral("temporaryPasswordExpiresAt"), t(expires) } });
}

HttpResponse AuthService::setRoles(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("roles") });
    if (!body->value(QStringLiteral("roles")).isArray())
        reader.fail(QStringLiteral("“roles” must be an array."));
    QStringList roles = reader.stringList(QStringLiteral("roles"), 3, 16);
    checkStoredRoles(reader, roles);
    if (!reader.ok())
        return http::badRequest(reader.error());
    roles.removeDuplicates();
    roles.sort();
    if (userId == request.principal->userId && !roles.contains(QStringLiteral("admin")))
        return http::error(422, QStringLiteral("cannot_drop_own_admin"),
            QStringLiteral("You cannot take the admin role from yourself."));
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query, QStringLiteral("SELECT 1 FROM users WHERE id = ?"), { userId }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such person."));
    bool ok =
        sql::exec(query, QStringLiteral("DELETE FROM user_roles WHERE user_id = ?"), { userId });
    for (const QString &role : std::as_const(roles))
        ok = ok
            && sql::exec(query,
                QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"),
                { userId, role });
    if (!ok)
        return http::internalError();
    writeAudit(db, now(), request.principal->userId, QStringLiteral("set_roles"), userId,
        roles.join(QLatin1Char(',')));
    if (!transaction.commit())
        return http::internalError();
    const std::optional<User> user = loadUser(db, QStringLiteral("id = ?"), userId);
    return user ? http::json(QJsonObject { { QStringLiteral("user"), user->toJson() } })
                : http::internalError();
}

} // namespace tessera::server
