#pragma once

#include "identity/authorizedapi.h"
#include "identity/devicekeystore.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "identity/sessionvault.h"
#include "identity/tokenkeeper.h"
#include "identity/userprofile.h"
#include "net/apiclient.h"
#include "storage/localdatabase.h"
#include "storage/secretstore.h"

#include <QDateTime>
#include <QFuture>
#include <QNetworkRequest>
#include <QObject>
#include <QVariantMap>

#include <functional>
#include <memory>

class QSslCertificate;

namespace tessera {

class Database;
class DeviceInfo;

// The signed-in person on this device, as a state machine: sign-in (network account or local
// ID, including the first-sign-in password change), restore after a restart, sign-out. QML
// binds to its properties; the CLI and tests drive it the same way. Its parts, for those that
// need only one: the token keeper (tokens()), the authorized requests (api()), the scope that
// the signed-in services follow (scope(): the open database, started and ended), the device
// key (DeviceKeyStore).
//
// Where things live: the access and refresh tokens and the database key in one SecretStore
// entry (SessionVault: read once at start, moved there from three entries of before); the
// device key in its own entry; the profile and the token times in the
// encrypted local database; the device id in the app's settings (not secret, survives
// sign-out; the caller passes it in). A secure store that cannot be read is Unavailable, never
// "signed out": nothing is wiped and no key is made until retry() or an explicit signOut().
class Session : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap user READ userMap NOTIFY userChanged)
    Q_PROPERTY(QString errorCode READ errorCode NOTIFY errorChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
    Q_PROPERTY(QString pendingUsername READ pendingUsername NOTIFY stateChanged)
    Q_PROPERTY(QString deviceId READ deviceId CONSTANT)
public:
    enum class State {
        SignedOut, // no session on this device
        Restoring, // reading the stored session after a start
        SigningIn, // a sign-in or password change is on its way
        PasswordChangeRequired, // a local ID's temporary password: changePassword() next
        SignedIn,
        SigningOut,
        Unavailable, // the secure store or the local database cannot be used now: retry()
    };
    Q_ENUM(State)

    struct Options
    {
        QString databasePath; // the SQLCipher file of this session's data
        QString deviceId; // DeviceId::obtain(settings)
        QString appVersion; // empty: productVersion()
        // The local database's migrations: the client stack's (clientSchema(), every feature's)
        // in the app and the CLI; base alone by default.
        DatabaseSchema schema = DatabaseSchema::base();
    };

    // Secret names of the record's fields (SessionVault; the database key's:
    // DatabaseKeyProvider::defaultSecretName()).
    static QString refreshTokenSecret() { return TokenKeeper::refreshTokenSecret(); }
    static QString accessTokenSecret() { return TokenKeeper::accessTokenSecret(); }
    // The device's pass key has its own too: DeviceKey::secretName(). A sign-in makes it when
    // the store has none (never on a read failure: then the sign-in fails with keyring_*) and
    // sends its public half as device.publicKey; sign-out removes it with the tokens.

    // client, store and device must outlive the session.
    Session(ApiClient &client, SecretStore &store, const DeviceInfo &device, Options options,
        QObject *parent = nullptr);
    ~Session() override;

    State state() const { return m_state; }
    bool isBusy() const;
    const UserProfile &profile() const { return m_profile; }
    QVariantMap userMap() const { return m_profile.toVariantMap(); }
    QString errorCode() const { return m_errorCode; }
    QString errorMessage() const { return m_errorMessage; }
    QString pendingUsername() const { return m_pendingUsername; }
    QString deviceId() const { return m_options.deviceId; }
    // When the access token expires, by this device's clock (invalid when there is none).
    QDateTime accessTokenExpiry() const { return m_tokens.accessExpiry(); }
    // When the session will refresh the access token (invalid when nothing is scheduled).
    QDateTime nextRefresh() const { return m_tokens.nextRefresh(); }

    // The parts: authorized requests, the token keeper, what the signed-in services follow.
    AuthorizedApi &api() { return m_api; }
    TokenKeeper &tokens() { return m_tokens; }
    SessionScope &scope() { return m_scope; }
    const SessionScope &scope() const { return m_scope; }

    // Reads the stored session (after a start). Ends in SignedIn, SignedOut or Unavailable.
    Q_INVOKABLE void restore();
    // kind "ad" or "local". Ends in SignedIn, PasswordChangeRequired or SignedOut with an error.
    Q_INVOKABLE void signIn(const QString &kind, const QString &username, const QString &password);
    // A local ID's password (the first sign-in's temporary one, or the current one); signs in.
    Q_INVOKABLE void changePassword(
        const QString &username, const QString &currentPassword, const QString &newPassword);
    // Tells the server, then removes the tokens and the local database (the device id stays).
    Q_INVOKABLE void signOut();
    // After Unavailable: does again what could not be done (restore, or finishing a sign-out).
    Q_INVOKABLE void retry();
    // Refreshes the access token now (normally done by the session's timer).
    Q_INVOKABLE void refreshNow();

    // The hold of the signed-in services until the app's first frame (SessionScope): while
    // held, servicesMayRun() is false; releaseServices() lets them start (servicesReleased()).
    void setHoldServicesOnSignIn(bool hold) { m_scope.setHoldOnStart(hold); }
    bool servicesHeld() const { return m_scope.isHeld(); }
    bool servicesMayRun() const { return m_scope.isStarted(); }
    void releaseServices();

    // Authorized requests (AuthorizedApi): one refresh and one retry after 401 invalid_token.
    QFuture<ApiReply> get(const QString &path) { return m_api.get(path); }
    QFuture<ApiReply> post(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {})
    {
        return m_api.post(path, body, idempotencyKey);
    }
    QFuture<ApiReply> put(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {})
    {
        return m_api.put(path, body, idempotencyKey);
    }
    QFuture<ApiReply> putBytes(
        const QString &path, const QByteArray &bytes, const QByteArray &contentType)
    {
        return m_api.putBytes(path, bytes, contentType);
    }
    QFuture<ApiReply> deleteResource(const QString &path) { return m_api.deleteResource(path); }

    // One sentence for a person about a failed call (wrong password, locked for N minutes, ...).
    static QString describeFailure(const ApiReply &reply) { return FailureText::describe(reply); }

    // The session's open local database (SessionScope::database()).
    std::shared_ptr<Database> database() const { return m_scope.database(); }
    // The live stream's WebSocket (AuthorizedApi).
    QNetworkRequest webSocketRequest(const QString &path) const
    {
        return m_api.webSocketRequest(path);
    }
    QByteArray webSocketAuthMessage(const QSslCertificate &peer, bool encrypted) const
    {
        return m_api.webSocketAuthMessage(peer, encrypted);
    }

Q_SIGNALS:
    void stateChanged();
    void userChanged();
    void errorChanged();
    // restore(), signIn(), changePassword(), signOut() or retry() has come to its end state.
    void finished();
    // A refresh ended: ok says whether the session has a new token pair.
    void refreshFinished(bool ok);
    // database() opened or closed (drop any copy of the old one at once).
    void databaseChanged();
    // releaseServices() let the services held since the sign-in start (servicesMayRun()).
    void servicesReleased();

private:
    enum class Pending { None, Restore, Wipe };

    void setState(State state);
    void setError(const QString &code, const QString &message);
    void clearError() { setError({}, {}); }
    void finish(State state);
    void becomeUnavailable(Pending pending, const QString &code, const QString &message);
    void setKeyringError(SecretOutcome outcome);
    void failOnSecret(Pending pending, SecretOutcome outcome);

    void authenticateWithDeviceKey(
        const QString &path, QJsonObject body, const QString &username, State stateOnFailure);
    void authenticate(const QString &path, const QJsonObject &body, const QString &username,
        State stateOnFailure);
    void acceptSignIn(TokenPair tokens);
    void restoreWithTokens();

    void takeRefreshed(const TokenPair &tokens);
    void setDatabase(std::shared_ptr<Database> database);
    void closeDatabase();
    void saveToDatabase(Database &db);
    void endSession(const QString &code, const QString &message);
    void wipe(std::function<void(bool ok)> done);
    void wipeDeviceKey(std::function<void(bool ok)> done);
    void clearMemory();

    ApiClient &m_client;
    const DeviceInfo &m_device;
    Options m_options;
    // Declared in the order they are built: the vault before the two that keep their secrets
    // in it; the API goes before the tokens it uses.
    SessionVault m_vault;
    LocalDatabase m_local;
    TokenKeeper m_tokens;
    DeviceKeyStore m_deviceKey;
    SessionScope m_scope;
    AuthorizedApi m_api;

    State m_state = State::SignedOut;
    Pending m_pending = Pending::None;
    UserProfile m_profile;
    QString m_pendingUsername;
    QString m_errorCode;
    QString m_errorMessage;
};

} // namespace tessera
