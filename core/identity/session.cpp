#include "identity/session.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "identity/deviceinfo.h"
#include "identity/failuretext.h"
#include "protocol/version.h"
#include "storage/database.h"

#include <QSslCertificate>

#include <algorithm>
#include <utility>

namespace tessera {

namespace {

const char *stateName(Session::State state)
{
    switch (state) {
    case Session::State::SignedOut:
        return "signed out";
    case Session::State::Restoring:
        return "restoring";
    case Session::State::SigningIn:
        return "signing in";
    case Session::State::PasswordChangeRequired:
        return "password change required";
    case Session::State::SignedIn:
        return "signed in";
    case Session::State::SigningOut:
        return "signing out";
    case Session::State::Unavailable:
        return "unavailable";
    }
    return "unknown";
}

bool isSecretFailure(SecretOutcome outcome)
{
    return outcome != SecretOutcome::Ok && outcome != SecretOutcome::NotFound;
}

} // namespace

Session::Session(ApiClient &client, SecretStore &store, const DeviceInfo &device, Options options,
    QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_device(device)
    , m_options(std::move(options))
    , m_vault(store)
    , m_local(m_vault)
    , m_tokens(client, m_vault)
    , m_deviceKey(store)
    , m_api(client, m_tokens)
{
    if (m_options.appVersion.isEmpty())
        m_options.appVersion = productVersion();
    connect(&m_tokens, &TokenKeeper::refreshed, this, &Session::takeRefreshed);
    connect(&m_tokens, &TokenKeeper::ended, this,
        [this](const ApiReply &reply) { endSession(reply.error.code, describeFailure(reply)); });
    connect(&m_tokens, &TokenKeeper::refreshFinished, this, &Session::refreshFinished);
}

Session::~Session()
{
    clearMemory();
}

bool Session::isBusy() const
{
    return m_state == State::Restoring || m_state == State::SigningIn
        || m_state == State::SigningOut;
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    qCInfo(lcSession) << "session:" << stateName(m_state) << "->" << stateName(state);
    m_state = state;
    // The services hear of it first (started, held or ended), as they did when they followed
    // stateChanged themselves.
    m_scope.setSignedIn(state == State::SignedIn);
    Q_EMIT stateChanged();
}

void Session::releaseServices()
{
    if (m_scope.release())
        Q_EMIT servicesReleased();
}

void Session::setError(const QString &code, const QString &message)
{
    if (m_errorCode == code && m_errorMessage == message)
        return;
    m_errorCode = code;
    m_errorMessage = message;
    if (!code.isEmpty())
        qCInfo(lcSession).noquote() << "session error:" << code;
    Q_EMIT errorChanged();
}

void Session::finish(State state)
{
    setState(state);
    Q_EMIT finished();
}

void Session::becomeUnavailable(Pending pending, const QString &code, const QString &message)
{
    m_pending = pending;
    setError(code, message);
    finish(State::Unavailable);
}

void Session::setKeyringError(SecretOutcome outcome)
{
    setError(FailureText::keyringCode(outcome), FailureText::keyringMessage(outcome));
}

void Session::failOnSecret(Pending pending, SecretOutcome outcome)
{
    becomeUnavailable(
        pending, FailureText::keyringCode(outcome), FailureText::keyringMessage(outcome));
}

void Session::authenticateWithDeviceKey(
    const QString &path, QJsonObject body, const QString &username, State stateOnFailure)
{
    clearError();
    setState(State::SigningIn);
    m_deviceKey.obtainPublicKey(
        [this, path, body, username, stateOnFailure](
            const SecretResult &failure, const QByteArray &publicKey) mutable {
            if (failure.outcome != SecretOutcome::Ok) {
                qCWarning(lcSession).noquote()
                    << "device key:" << outcomeName(failure.outcome) << failure.message;
                setKeyringError(failure.outcome);
                finish(stateOnFailure);
                return;
            }
            body.insert(QStringLiteral("device"),
                m_device.toJson(m_options.deviceId, m_options.appVersion, publicKey));
            authenticate(path, body, username, stateOnFailure);
        });
}

// --- sign-in ---------------------------------------------------------------------------------

void Session::signIn(const QString &kind, const QString &username, const QString &password)
{
    if (isBusy())
        return;
    const State before = m_state == State::PasswordChangeRequired ? State::SignedOut : m_state;
    if (kind != QLatin1String("ad") && kind != QLatin1String("local")) {
        setError(QStringLiteral("invalid_request"), tr("Choose a network account or a local ID."));
        finish(before);
        return;
    }
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        setError(QStringLiteral("invalid_request"), tr("Enter your user name and password."));
        finish(before);
        return;
    }
    const QJsonObject body {
        { QStringLiteral("kind"), kind },
        { QStringLiteral("username"), username.trimmed() },
        { QStringLiteral("password"), password },
    };
    authenticateWithDeviceKey(QStringLiteral("/v1/auth/login"), body, username.trimmed(), before);
}

void Session::changePassword(
    const QString &username, const QString &currentPassword, const QString &newPassword)
{
    if (isBusy())
        return;
    const State before =
        m_state == State::PasswordChangeRequired ? State::PasswordChangeRequired : m_state;
    if (username.trimmed().isEmpty() || currentPassword.isEmpty() || newPassword.isEmpty()) {
        setError(QStringLiteral("invalid_request"),
            tr("Enter your user name, your current password and a new one."));
        finish(before);
        return;
    }
    const QJsonObject body {
        { QStringLiteral("username"), username.trimmed() },
        { QStringLiteral("currentPassword"), currentPassword },
        { QStringLiteral("newPassword"), newPassword },
    };
    authenticateWithDeviceKey(
        QStringLiteral("/v1/auth/password"), body, username.trimmed(), before);
}

void Session::authenticate(
    const QString &path, const QJsonObject &body, const QString &username, State stateOnFailure)
{
    clearError();
    setState(State::SigningIn);
    whenFinished(
        this, m_client.post(path, body), [this, username, stateOnFailure](const ApiReply &reply) {
            if (reply.ok()) {
                QString problem;
                auto tokens = TokenPair::fromReply(reply, &problem);
                if (!tokens || !tokens->user) {
                    qCWarning(lcSession).noquote() << "sign-in answer not understood:" << problem;
                    setError(QStringLiteral("invalid_reply"),
                        tr("The server's answer was not understood: %1").arg(problem));
                    m_deviceKey.forgetFresh();
                    finish(stateOnFailure);
                    return;
                }
                if (tokens->user->username.isEmpty())
                    tokens->user->username = username;
                acceptSignIn(std::move(*tokens));
                return;
            }
            if (reply.httpStatus == 403 && reply.error.code == u"password_change_required") {
                m_pendingUsername = username;
                setError(reply.error.code, describeFailure(reply));
                finish(State::PasswordChangeRequired);
                return;
            }
            setError(reply.error.code, describeFailure(reply));
            m_deviceKey.forgetFresh();
            finish(stateOnFailure);
        });
}

void Session::acceptSignIn(TokenPair tokens)
{
    // A fresh sign-in starts from fresh local data: whatever an earlier session left goes.
    m_tokens.stop();
    closeDatabase();
    m_tokens.take(tokens);
    m_profile = *tokens.user;
    m_pendingUsername.clear();

    m_tokens.store(tokens, [this](const SecretResult &stored) {
        if (stored.outcome != SecretOutcome::Ok) {
            // A session nobody could restore: end it on the server too, and leave nothing.
            const QByteArray token = m_tokens.accessToken();
            whenFinished(this,
                m_client.post(
                    QStringLiteral("/v1/auth/logout"), {}, ApiClient::RequestOptions { token, {} }),
                [](const ApiReply &) {});
            clearMemory();
            m_tokens.removeUnheard();
            m_deviceKey.forgetFresh();
            Q_EMIT userChanged();
            setKeyringError(stored.outcome);
            finish(State::SignedOut);
            return;
        }
        m_deviceKey.keep(); // registered: it stays until sign-out
        whenFinished(this, m_local.reset(m_options.databasePath),
            [this](const LocalDatabaseResetResult &reset) {
                if (!reset.ok)
                    qCWarning(lcSession).noquote() << "clearing earlier data:" << reset.message;
                whenFinished(this, m_local.openOrCreate(m_options.databasePath, m_options.schema),
                    [this](const LocalDatabaseResult &opened) {
                        if (opened.ok()) {
                            saveToDatabase(*opened.database);
                            setDatabase(opened.database);
                        } else {
                            // Signed in all the same; the profile stays in memory only.
                            qCWarning(lcSession).noquote()
                                << "local database:" << outcomeName(opened.outcome);
                        }
                        m_tokens.scheduleRefresh();
                        Q_EMIT userChanged();
                        clearError();
                        finish(State::SignedIn);
                    });
            });
    });
}

// The services following the scope hear of the database first, then the session's own
// listeners (as when the services listened to the session).
void Session::setDatabase(std::shared_ptr<Database> database)
{
    m_scope.setDatabase(std::move(database));
    Q_EMIT databaseChanged();
}

void Session::closeDatabase()
{
    if (m_scope.closeDatabase())
        Q_EMIT databaseChanged();
}

void Session::saveToDatabase(Database &db)
{
    bool ok = true;
    if (!m_profile.isEmpty())
        ok = m_profile.save(db);
    ok = m_tokens.saveTimes(db) && ok;
    if (!ok)
        qCWarning(lcSession) << "could not save the session in the local database";
}

// --- restore ---------------------------------------------------------------------------------

void Session::restore()
{
    if (isBusy())
        return;
    if (m_state == State::SignedIn) {
        Q_EMIT finished();
        return;
    }
    m_pending = Pending::None;
    clearError();
    setState(State::Restoring);
    m_vault.reload(); // one read of the keyring as it is now (the tokens and the database key)
    m_tokens.load([this](const SecretResult &loaded, bool forgotten) {
        if (isSecretFailure(loaded.outcome)) {
            if (forgotten)
                clearMemory();
            failOnSecret(Pending::Restore, loaded.outcome);
            return;
        }
        if (loaded.outcome == SecretOutcome::NotFound) {
            clearMemory();
            finish(State::SignedOut);
            return;
        }
        restoreWithTokens();
    });
}

void Session::restoreWithTokens()
{
    whenFinished(this, m_local.openOrCreate(m_options.databasePath, m_options.schema),
        [this](const LocalDatabaseResult &opened) {
            if (!opened.ok()) {
                // Tokens stay in memory so that an explicit sign-out can still end the session on
                // the server; nothing is deleted.
                becomeUnavailable(Pending::Restore, FailureText::localDataCode(opened),
                    FailureText::localDataMessage(opened));
                return;
            }
            Database &db = *opened.database;
            setDatabase(opened.database);
            if (auto profile = UserProfile::load(db))
                m_profile = *profile;
            m_tokens.loadTimes(db);
            Q_EMIT userChanged();

            m_tokens.scheduleRefresh();
            const bool fresh =
                m_tokens.hasAccessToken() && !m_profile.isEmpty() && m_tokens.isRefreshAhead();
            if (fresh) {
                finish(State::SignedIn);
                return;
            }
            m_tokens.stop();
            using RefreshOutcome = TokenKeeper::RefreshOutcome;
            m_tokens.refresh([this](RefreshOutcome outcome, const ApiReply &reply) {
                switch (outcome) {
                case RefreshOutcome::Ok:
                    finish(State::SignedIn);
                    return;
                case RefreshOutcome::Ended:
                    return; // endSession() has finished in SignedOut
                case RefreshOutcome::Failed:
                    // Offline, or the directory is down: the session stays, with what is cached.
                    setError(reply.error.code, describeFailure(reply));
                    finish(State::SignedIn);
                    return;
                }
            });
        });
}

void Session::retry()
{
    if (m_state != State::Unavailable)
        return;
    const Pending pending = m_pending;
    m_pending = Pending::None;
    if (pending == Pending::Wipe) {
        setState(State::SigningOut);
        wipe([](bool) {});
        return;
    }
    m_state = State::SignedOut; // restore() starts from here; stateChanged comes with Restoring
    restore();
}

// --- refresh ---------------------------------------------------------------------------------

void Session::refreshNow()
{
    m_tokens.refreshNow();
}

void Session::takeRefreshed(const TokenPair &tokens)
{
    const bool userChangedNow = tokens.user && tokens.user->toJson() != m_profile.toJson();
    if (tokens.user)
        m_profile = *tokens.user;
    if (const std::shared_ptr<Database> db = m_scope.database())
        saveToDatabase(*db);
    if (userChangedNow)
        Q_EMIT userChanged();
}

// --- sign-out --------------------------------------------------------------------------------

void Session::signOut()
{
    if (isBusy())
        return;
    clearError();
    setState(State::SigningOut);
    m_tokens.stop();
    if (!m_tokens.hasAccessToken()) {
        wipe([](bool) {});
        return;
    }
    whenFinished(this,
        m_client.post(QStringLiteral("/v1/auth/logout"), {},
            ApiClient::RequestOptions { m_tokens.accessToken(), {} }),
        [this](const ApiReply &reply) {
            // Signing out on this device does not depend on the server: wipe either way.
            const bool told = reply.ok() || reply.httpStatus == 401;
            wipe([this, told, reply](bool ok) {
                if (ok && !told)
                    setError(QStringLiteral("logout_not_confirmed"),
                        tr("Signed out on this device, but the server could not be told: %1")
                            .arg(describeFailure(reply)));
            });
        });
}

void Session::endSession(const QString &code, const QString &message)
{
    qCInfo(lcSession).noquote() << "the server ended the session:" << code;
    setState(State::SigningOut);
    wipe([this, code, message](bool ok) {
        if (ok)
            setError(code, message);
    });
}

void Session::wipe(std::function<void(bool ok)> done)
{
    clearMemory();
    closeDatabase();
    Q_EMIT userChanged();
    // Tokens first: once they are gone no restart can bring the session back, even if deleting
    // the database fails; a database left over is cleared by the next sign-in.
    m_tokens.remove([this, done = std::move(done)](const SecretResult &removed) mutable {
        if (removed.outcome != SecretOutcome::Ok) {
            failOnSecret(Pending::Wipe, removed.outcome);
            done(false);
            return;
        }
        wipeDeviceKey(std::move(done));
    });
}

void Session::wipeDeviceKey(std::function<void(bool ok)> done)
{
    whenFinished(this, m_deviceKey.remove(),
        [this, done = std::move(done)](const SecretResult &key) mutable {
            if (key.outcome != SecretOutcome::Ok) {
                failOnSecret(Pending::Wipe, key.outcome);
                done(false);
                return;
            }
            whenFinished(this, m_local.reset(m_options.databasePath),
                [this, done = std::move(done)](const LocalDatabaseResetResult &reset) {
                    if (!reset.ok)
                        qCWarning(lcSession).noquote() << "sign-out: local data:" << reset.message;
                    m_pending = Pending::None;
                    done(true);
                    finish(State::SignedOut);
                });
        });
}

void Session::clearMemory()
{
    m_tokens.forget();
    m_profile = {};
    m_pendingUsername.clear();
}

} // namespace tessera
