#include "identity/authroutes.h"

#include "base/clock.h"
#include "http/jsonreader.h"
#include "identity/accountrepository.h"
#include "identity/devicerepository.h"
#include "identity/passwordchange.h"
#include "identity/signin.h"
#include "identity/signindevice.h"
#include "identity/tokenrefresh.h"
#include "identity/tokenrepository.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::server {

namespace {

constexpr qsizetype kMaxPasswordLength = 1024;

std::optional<SignInDevice> readDevice(JsonReader &reader)
{
    JsonReader device(reader.object(QStringLiteral("device")), QStringLiteral("device"));
    if (!reader.ok())
        return std::nullopt;
    device.allowOnly(
        { QStringLiteral("id"), QStringLiteral("platform"), QStringLiteral("osVersion"),
            QStringLiteral("model"), QStringLiteral("appVersion"), QStringLiteral("publicKey") });
    SignInDevice result;
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

HttpResponse tooManyAttempts(qint64 seconds)
{
    const qint64 minutes = std::max<qint64>(1, (seconds + 59) / 60);
    HttpResponse response = http::error(429, QStringLiteral("too_many_attempts"),
        QStringLiteral("Too many failed sign-in attempts. Try again in %1 minute%2.")
            .arg(minutes)
            .arg(minutes == 1 ? QString() : QStringLiteral("s")));
    response.setHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(seconds));
    return response;
}

HttpResponse refusal(const AuthResult &result)
{
    const QString disabled =
        QStringLiteral("This account is disabled. Contact your administrator.");
    switch (result.error) {
    case AuthError::None:
    case AuthError::Internal:
        break;
    case AuthError::InvalidCredentials:
        return http::error(401, QStringLiteral("invalid_credentials"),
            QStringLiteral("The user name or password is not right."));
    case AuthError::DirectoryUnavailable:
        return http::error(503, QStringLiteral("directory_unavailable"),
            QStringLiteral("The company directory cannot be reached right now. Nothing is wrong "
                           "with your password; try again in a few minutes."));
    case AuthError::AccountDisabled:
        return http::error(403, QStringLiteral("account_disabled"), disabled);
    case AuthError::TemporaryPasswordExpired:
        return http::error(403, QStringLiteral("temporary_password_expired"),
            QStringLiteral("Your first-time password has expired. Ask your administrator "
                           "for a new one."));
    case AuthError::PasswordChangeRequired:
        return http::error(403, QStringLiteral("password_change_required"),
            QStringLiteral("Choose your own password to finish signing in."));
    case AuthError::TooManyAttempts:
        return tooManyAttempts(result.retryAfterSeconds);
    case AuthError::UpgradeRequired:
        return http::error(426, QStringLiteral("upgrade_required"),
            QStringLiteral("This version of the app is too old. Update it to %1 or later.")
                .arg(result.message));
    case AuthError::WeakPassword:
        return http::error(422, QStringLiteral("weak_password"), result.message);
    case AuthError::SessionEnded:
        return http::error(401, QStringLiteral("invalid_refresh_token"),
            QStringLiteral("Your session has ended. Sign in again."));
    case AuthError::SessionAccountDisabled:
        return http::error(401, QStringLiteral("invalid_refresh_token"), disabled);
    }
    return http::internalError();
}

} // namespace

AuthRoutes::AuthRoutes(Storage &storage, const Clock &clock, const SignIn &signIn,
    const PasswordChange &passwordChange, const TokenRefresh &tokenRefresh)
    : m_storage(storage)
    , m_clock(clock)
    , m_signIn(signIn)
    , m_passwordChange(passwordChange)
    , m_tokenRefresh(tokenRefresh)
{ }

void AuthRoutes::addRoutes(RouteTable &routes)
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
    routes.add(M::Delete, QStringLiteral("/v1/me/devices/{deviceId}"), Access::SignedIn,
        [this](const HttpRequest &request) { return signOutDevice(request); });
}

HttpResponse AuthRoutes::answer(const AuthResult &result) const
{
    if (result.ended && m_sessionsEnded)
        m_sessionsEnded(result.ended->userId, result.ended->deviceId);
    if (!result.ok()) {
        HttpResponse response = refusal(result);
        response.logUserId = result.userId;
        return response;
    }
    HttpResponse response = http::json(QJsonObject {
        { QStringLiteral("accessToken"), result.tokens.accessToken },
        { QStringLiteral("accessTokenExpiresAt"), result.tokens.accessTokenExpiresAt },
        { QStringLiteral("refreshToken"), result.tokens.refreshToken },
        { QStringLiteral("refreshTokenExpiresAt"), result.tokens.refreshTokenExpiresAt },
        { QStringLiteral("user"), result.user.toJson() },
    });
    response.logUserId = result.userId;
    response.logDeviceId = result.deviceId;
    return response;
}

HttpResponse AuthRoutes::login(const HttpRequest &request) const
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
    const std::optional<SignInDevice> device = readDevice(reader);
    if (reader.ok() && kind != QStringLiteral("ad") && kind != QStringLiteral("local"))
        reader.fail(QStringLiteral("“kind” must be \"ad\" or \"local\"."));
    if (!reader.ok() || !device)
        return http::badRequest(reader.error());
    return answer(m_signIn.signIn(
        kind == QStringLiteral("ad") ? SignIn::Kind::Directory : SignIn::Kind::Local, username,
        password, *device, request.remoteAddress.toString()));
}

HttpResponse AuthRoutes::changePassword(const HttpRequest &request) const
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
    const std::optional<SignInDevice> device = readDevice(reader);
    if (!reader.ok() || !device)
        return http::badRequest(reader.error());
    return answer(m_passwordChange.change(
        username, current, next, *device, request.remoteAddress.toString()));
}

HttpResponse AuthRoutes::refresh(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("refreshToken") });
    const QString token = reader.string(QStringLiteral("refreshToken"), maxTokenLength);
    if (!reader.ok())
        return http::badRequest(reader.error());
    return answer(m_tokenRefresh.refresh(token));
}

HttpResponse AuthRoutes::logout(const HttpRequest &request) const
{
    const Principal &principal = *request.principal;
    if (!m_signIn.signOut(principal.userId, principal.deviceId))
        return http::internalError();
    if (m_sessionsEnded)
        m_sessionsEnded(principal.userId, principal.deviceId);
    return http::noContent();
}

HttpResponse AuthRoutes::me(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<UserAccount> user = AccountRepository(db).byId(request.principal->userId);
    if (!user)
        return http::internalError();
    return http::json(QJsonObject {
        { QStringLiteral("user"), user->toJson() },
        { QStringLiteral("deviceId"), request.principal->deviceId },
    });
}

HttpResponse AuthRoutes::signOutDevice(const HttpRequest &request) const
{
    const Principal &principal = *request.principal;
    const QString deviceId = request.params.value(0);
    switch (m_signIn.signOutDevice(principal.userId, deviceId)) {
    case SignIn::DeviceSignOut::Done:
        break;
    case SignIn::DeviceSignOut::NotFound:
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("You have no device with that id."));
    case SignIn::DeviceSignOut::Failed:
        return http::internalError();
    }
    if (m_sessionsEnded)
        m_sessionsEnded(principal.userId, deviceId); // its live stream closes now
    return http::noContent();
}

HttpResponse AuthRoutes::devices(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    const auto records = DeviceRepository(db).list(request.principal->userId, m_clock.now());
    if (!records)
        return http::internalError();
    QJsonArray list;
    for (const DeviceRepository::Record &device : *records) {
        list.append(QJsonObject {
            { QStringLiteral("id"), device.id },
            { QStringLiteral("platform"), device.platform },
            { QStringLiteral("osVersion"), device.osVersion },
            { QStringLiteral("model"), device.model },
            { QStringLiteral("appVersion"), device.appVersion },
            { QStringLiteral("createdAt"), device.createdAt },
            { QStringLiteral("lastSeenAt"), device.lastSeenAt },
            { QStringLiteral("current"), device.id == request.principal->deviceId },
            { QStringLiteral("signedIn"), device.signedIn },
        });
    }
    return http::json(QJsonObject { { QStringLiteral("devices"), list } });
}

} // namespace tessera::server
