#pragma once

#include "identity/userprofile.h"
#include "net/apiclient.h"
#include "storage/localdatabase.h"
#include "storage/secretstore.h"

#include <QDateTime>
#include <QFuture>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>
#include <QVariantMap>

#include <functional>
#include <memory>

class QSslCertificate;

namespace tessera {

class Database;
class DeviceInfo;

// The signed-in person on this device: sign-in (network account or local ID, including the
// first-sign-in password change), tokens kept fresh, authorized requests, restore after a
// restart, sign-out. QML binds to its properties; the CLI and tests drive it the same way.
//
// Where things live: the access and refresh tokens in the SecretStore (each well under 200
// bytes, nothing else there but the database key); the profile and the token times in the
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
    };

    // Secret names in the store (the database key has its own: DatabaseKeyProvider).
    static QString refreshTokenSecret() { return QStringLiteral("refresh-token"); }
    static QString accessTokenSecret() { return QStringLiteral("access-token"); }
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
    QDateTime accessTokenExpiry() const { return m_accessExpiry; }
    // When the session will refresh the access token (invalid when nothing is scheduled).
    QDateTime nextRefresh() const;

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

    // The services that follow the session (the inbox's delta sync and live stream, the
    // decision outbox, the pass, the scanner's trust list) do their network and keyring work
    // while servicesMayRun(). With holdServicesOnSignIn(true) (the app) every sign-in, a restore
    // included, holds that work until releaseServices(): the app releases it once the first
    // frame after the sign-in is on screen, so that the first inbox frame does not wait for work
    // it does not show (docs/PERFORMANCE.md, bench_startup). The database is handed out at once
    // either way. Off by default (tessera-cli, tests): the services start on the sign-in itself.
    void setHoldServicesOnSignIn(bool hold) { m_holdServicesOnSignIn = hold; }
    bool servicesHeld() const { return m_servicesHeld; }
    bool servicesMayRun() const { return m_state == State::SignedIn && !m_servicesHeld; }
    // Lets the held services start (servicesReleased()); nothing when none are held.
    void releaseServices();

    // Authorized requests with the session's access token. An answer 401 invalid_token leads to
    // one refresh and one retry. The futures always finish (cancelled if the session is
    // destroyed first); a request without any session answers 401 authentication_required.
    QFuture<ApiReply> get(const QString &path);
    QFuture<ApiReply> post(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {});

    // One sentence for a person about a failed call (wrong password, locked for N minutes, ...).
    static QString describeFailure(const ApiReply &reply);

    // The session's open local database (null while there is none: signed out, restoring,
    // unavailable). Holders must drop it on databaseChanged(): sign-out deletes the file.
    std::shared_ptr<Database> database() const { return m_database; }
    // The upgrade request of a WebSocket at path (ws:// or wss:// after the server's scheme)
    // for the live stream; a null request (empty URL) when there is no access token. It carries
    // the access token, except when the server's key is pinned: a WebSocket's TLS handshake
    // cannot be checked against the pin before the upgrade request is sent, so the token goes
    // in the first message instead (webSocketAuthMessage()) once the socket is connected.
    QNetworkRequest webSocketRequest(const QString &path) const;
    // {"type":"auth","token":...} for a WebSocket opened without the token, when peer (the
    // certificate the server presented on that socket) passes the pin; empty otherwise (no
    // token, plain http, or a key that is not the pinned one: then nothing may be sent).
    QByteArray webSocketAuthMessage(const QSslCertificate &peer, bool encrypted) const;

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
    enum class RefreshOutcome { Ok, Ended, Failed };
    enum class Pending { None, Restore, Wipe };
    struct Tokens;
    using Call = std::function<QFuture<ApiReply>(const QByteArray &accessToken)>;
    using Promise = std::shared_ptr<QPromise<ApiReply>>;

    void setState(State state);
    void setError(const QString &code, const QString &message);
    void clearError() { setError({}, {}); }
    void finish(State state);
    void becomeUnavailable(Pending pending, const QString &code, const QString &message);

    QJsonObject deviceJson(const QByteArray &publicKey = {}) const;
    // The device's pass key (DeviceKey): read, or made and stored on a definite NotFound;
    // next gets the public half, or the store's failure (outcome not Ok) and no key.
    void withDeviceKey(std::function<void(const SecretResult &failure, QByteArray)> next);
    void authenticateWithDeviceKey(
        const QString &path, QJsonObject body, const QString &username, State stateOnFailure);
    void wipeDeviceKey(std::function<void(bool ok)> done);
    void forgetFreshDeviceKey();
    void authenticate(const QString &path, const QJsonObject &body, const QString &username,
        State stateOnFailure);
    void acceptSignIn(Tokens tokens);
    void restoreWithTokens();
    void openDatabase(std::function<void(const LocalDatabaseResult &)> next);

    void refresh(std::function<void(RefreshOutcome, const ApiReply &)> done);
    void scheduleRefresh();
    void scheduleRetry(const ApiReply &reply);
    void storeTokens(const Tokens &tokens, std::function<void(const SecretResult &)> done);
    void saveToDatabase();
    void endSession(const QString &code, const QString &message);
    void wipe(std::function<void(bool ok)> done);
    void clearMemory();

    QFuture<ApiReply> authorized(Call call);
    void attempt(const Call &call, const Promise &promise, bool refreshed);

    ApiClient &m_client;
    SecretStore &m_store;
    const DeviceInfo &m_device;
    Options m_options;
    LocalDatabase m_local;
    std::shared_ptr<Database> m_database;

    State m_state = State::SignedOut;
    Pending m_pending = Pending::None;
    UserProfile m_profile;
    QString m_pendingUsername;
    QString m_errorCode;
    QString m_errorMessage;

    QByteArray m_accessToken;
    QByteArray m_refreshToken;
    QDateTime m_accessIssued; // by this device's clock
    QDateTime m_accessExpiry; // by this device's clock

    QTimer m_refreshTimer;
    int m_retryDelaySeconds = 0;
    bool m_refreshing = false;
    bool m_deviceKeyFresh = false; // made for the sign-in on its way, not registered yet
    bool m_holdServicesOnSignIn = false;
    bool m_servicesHeld = false; // since the last sign-in, until releaseServices()
    std::vector<std::function<void(RefreshOutcome, const ApiReply &)>> m_refreshWaiters;
};

} // namespace tessera
