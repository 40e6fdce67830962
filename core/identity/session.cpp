#include "identity/session.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "base/securewipe.h"
#include "identity/deviceinfo.h"
#include "identity/devicekey.h"
#include "protocol/version.h"
#include "protocol/wiretime.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QSslCertificate>

#include <algorithm>
#include <cmath>
#include <utility>

namespace tessera {

namespace {

// A failed refresh is retried after 4 s, doubling: 4, 12, 28 and 60 s after the failure. A
// refresh whose answer was lost on the way is honoured by the server when retried within 60 s
// (docs/IDENTITY.md, "A refresh retried after a lost answer"); later it counts as token theft.
constexpr int firstRetrySeconds = 4;
constexpr int lastRetrySeconds = 15 * 60;
constexpr qint64 refreshMarginSeconds = 5 * 60;

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

ApiReply localReply(int status, const QString &code, const QString &message)
{
    ApiReply reply;
    reply.kind = ApiReply::Kind::HttpError;
    reply.httpStatus = status;
    reply.error = ApiError { code, message };
    return reply;
}

QString keyringMessage(SecretOutcome outcome)
{
    if (outcome == SecretOutcome::Denied)
        return QStringLiteral("The keyring refused access to Tessera's sign-in. Unlock it and "
                              "try again.");
    return QStringLiteral("The keyring is locked or not available yet. Unlock it and try again.");
}

QString keyringCode(SecretOutcome outcome)
{
    return outcome == SecretOutcome::Denied ? QStringLiteral("keyring_denied")
                                            : QStringLiteral("keyring_unavailable");
}

bool isSecretFailure(SecretOutcome outcome)
{
    return outcome != SecretOutcome::Ok && outcome != SecretOutcome::NotFound;
}

// Settings rows of the session in the local database (token times by this device's clock).
const QByteArray accessIssuedSetting = QByteArrayLiteral("session.accessTokenIssuedAt");
const QByteArray accessExpirySetting = QByteArrayLiteral("session.accessTokenExpiresAt");

bool writeSetting(Database &db, const QByteArray &name, const QString &value)
{
    SqlStatement statement =
        db.prepare("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)");
    if (!statement.isValid())
        return false;
    statement.bindText(1, QString::fromLatin1(name));
    statement.bindText(2, value);
    return statement.exec();
}

QString readSetting(Database &db, const QByteArray &name)
{
    SqlStatement statement = db.prepare("SELECT value FROM settings WHERE name = ?1");
    if (!statement.isValid())
        return {};
    statement.bindText(1, QString::fromLatin1(name));
    if (statement.step() != SqlStatement::Step::Row)
        return {};
    return statement.columnText(0);
}

} // namespace

// A token pair and the person, as the login, password and refresh answers give them.
struct Session::Tokens
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QDateTime accessIssued; // by this device's clock
    QDateTime accessExpiry; // by this device's clock
    std::optional<UserProfile> user;

    ~Tokens()
    {
        secureWipe(accessToken);
        secureWipe(refreshToken);
    }
    Tokens() = default;
    Tokens(Tokens &&) = default;
    Tokens(const Tokens &) = default;
    Tokens &operator=(Tokens &&) = default;

    static std::optional<Tokens> fromReply(const ApiReply &reply, QString *error)
    {
        auto fail = [error](const QString &message) -> std::optional<Tokens> {
            *error = message;
            return std::nullopt;
        };
        const QJsonObject &body = reply.body;
        Tokens tokens;
        tokens.accessToken = body.value(QStringLiteral("accessToken")).toString().toLatin1();
        tokens.refreshToken = body.value(QStringLiteral("refreshToken")).toString().toLatin1();
        if (tokens.accessToken.isEmpty() || tokens.refreshToken.isEmpty())
            return fail(QStringLiteral("the answer carries no token pair"));
        if (tokens.accessToken.size() > SecretStore::maxSecretBytes
            || tokens.refreshToken.size() > SecretStore::maxSecretBytes)
            return fail(QStringLiteral("a token is larger than the secure store takes"));
        const auto expiry =
            wiretime::parse(body.value(QStringLiteral("accessTokenExpiresAt")).toString());
        if (!expiry)
            return fail(QStringLiteral("accessTokenExpiresAt is not an RFC 3339 time"));
        // The server's times are by its clock: carry the lifetime over to this device's clock
        // with the answer's Date header. Without one, assume the clocks agree, within reason.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime serverNow = reply.serverDate.isValid() ? reply.serverDate : now;
        qint64 lifetime = serverNow.secsTo(*expiry);
        lifetime = std::clamp<qint64>(lifetime, 60, 30 * 24 * 3600);
        tokens.accessIssued = now;
        tokens.accessExpiry = now.addSecs(lifetime);
        if (body.contains(QStringLiteral("user"))) {
            QString problem;
            tokens.user =
                UserProfile::fromJson(body.value(QStringLiteral("user")).toObject(), &problem);
            if (!tokens.user)
                return fail(problem);
        }
        return tokens;
    }
};

Session::Session(ApiClient &client, SecretStore &store, const DeviceInfo &device, Options options,
    QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_device(device)
    , m_options(std::move(options))
    , m_local(store)
{
    if (m_options.appVersion.isEmpty())
        m_options.appVersion = productVersion();
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_refreshTimer, &QTimer::timeout, this, &Session::refreshNow);
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

QDateTime Session::nextRefresh() const
{
    if (!m_refreshTimer.isActive())
        return {};
    return QDateTime::currentDateTimeUtc().addMSecs(m_refreshTimer.remainingTime());
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    qCInfo(lcSession) << "session:" << stateName(m_state) << "->" << stateName(state);
    // Held before anyone hears of the sign-in, so that no service starts on it.
    if (state == State::SignedIn)
        m_servicesHeld = m_holdServicesOnSignIn;
    m_state = state;
    Q_EMIT stateChanged();
}

void Session::releaseServices()
{
    if (!m_servicesHeld)
        return;
    m_servicesHeld = false;
    qCDebug(lcSession) << "session: services released";
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

QJsonObject Session::deviceJson(const QByteArray &publicKey) const
{
    QJsonObject device {
        { QStringLiteral("id"), m_options.deviceId },
        { QStringLiteral("platform"), m_device.platform() },
        { QStringLiteral("osVersion"), m_device.osVersion() },
        { QStringLiteral("model"), m_device.model() },
        { QStringLiteral("appVersion"), m_options.appVersion },
    };
    if (!publicKey.isEmpty())
        device.insert(QStringLiteral("publicKey"), QString::fromLatin1(publicKey.toBase64()));
    return device;
}

void Session::withDeviceKey(std::function<void(const SecretResult &failure, QByteArray)> next)
{
    // The pass key stays for as long as the session's secrets do: a sign-in reuses it, and only
    // a definite NotFound (or a stored value that is no key at all) makes a new one. The server
    // then replaces the device's registered key (its passes bind to the new one).
    whenFinished(this, m_store.read(DeviceKey::secretName()), [this, next](SecretResult read) {
        if (read.outcome == SecretOutcome::Ok) {
            const pass::KeyPair pair = DeviceKey::fromSecret(read.value);
            secureWipe(read.value);
            if (pair.isValid()) {
                next({ SecretOutcome::Ok, {}, {} }, pair.publicKey);
                return;
            }
            qCWarning(lcSession) << "the stored device key is not a key: making a new one";
        } else if (read.outcome != SecretOutcome::NotFound) {
            next(read, {});
            return;
        }
        pass::KeyPair pair = DeviceKey::generate();
        if (!pair.isValid()) {
            next({ SecretOutcome::Refused, {}, QStringLiteral("no key pair could be made") }, {});
            return;
        }
        const QByteArray publicKey = pair.publicKey;
        whenFinished(this, m_store.write(DeviceKey::secretName(), pair.secretKey),
            [this, next, publicKey](const SecretResult &written) {
                if (written.outcome != SecretOutcome::Ok) {
                    next(written, {});
                    return;
                }
                qCInfo(lcSession) << "made this device's pass key";
                m_deviceKeyFresh = true;
                next({ SecretOutcome::Ok, {}, {} }, publicKey);
            });
        secureWipe(pair.secretKey);
    });
}

void Session::authenticateWithDeviceKey(
    const QString &path, QJsonObject body, const QString &username, State stateOnFailure)
{
    clearError();
    setState(State::SigningIn);
    withDeviceKey([this, path, body, username, stateOnFailure](
                      const SecretResult &failure, const QByteArray &publicKey) mutable {
        if (failure.outcome != SecretOutcome::Ok) {
            qCWarning(lcSession).noquote()
                << "device key:" << outcomeName(failure.outcome) << failure.message;
            setError(keyringCode(failure.outcome), keyringMessage(failure.outcome));
            finish(stateOnFailure);
            return;
        }
        body.insert(QStringLiteral("device"), deviceJson(publicKey));
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
                auto tokens = Tokens::fromReply(reply, &problem);
                if (!tokens || !tokens->user) {
                    qCWarning(lcSession).noquote() << "sign-in answer not understood:" << problem;
                    setError(QStringLiteral("invalid_reply"),
                        tr("The server's answer was not understood: %1").arg(problem));
                    forgetFreshDeviceKey();
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
            forgetFreshDeviceKey();
            finish(stateOnFailure);
        });
}

void Session::acceptSignIn(Tokens tokens)
{
    // A fresh sign-in starts from fresh local data: whatever an earlier session left goes.
    m_refreshTimer.stop();
    if (m_database) {
        m_database.reset();
        Q_EMIT databaseChanged();
    }
    m_accessToken = tokens.accessToken;
    m_refreshToken = tokens.refreshToken;
    m_accessIssued = tokens.accessIssued;
    m_accessExpiry = tokens.accessExpiry;
    m_profile = *tokens.user;
    m_pendingUsername.clear();
    m_retryDelaySeconds = 0;

    storeTokens(tokens, [this](const SecretResult &stored) {
        if (stored.outcome != SecretOutcome::Ok) {
            // A session nobody could restore: end it on the server too, and leave nothing.
            const QByteArray token = m_accessToken;
            whenFinished(this,
                m_client.post(
                    QStringLiteral("/v1/auth/logout"), {}, ApiClient::RequestOptions { token, {} }),
                [](const ApiReply &) {});
            clearMemory();
            m_store.remove(refreshTokenSecret());
            m_store.remove(accessTokenSecret());
            forgetFreshDeviceKey();
            Q_EMIT userChanged();
            setError(keyringCode(stored.outcome), keyringMessage(stored.outcome));
            finish(State::SignedOut);
            return;
        }
        m_deviceKeyFresh = false; // registered and kept: it stays until sign-out
        whenFinished(this, m_local.reset(m_options.databasePath),
            [this](const LocalDatabaseResetResult &reset) {
                if (!reset.ok)
                    qCWarning(lcSession).noquote() << "clearing earlier data:" << reset.message;
                openDatabase([this](const LocalDatabaseResult &opened) {
                    if (opened.ok()) {
                        m_database = opened.database;
                        saveToDatabase();
                        Q_EMIT databaseChanged();
                    } else {
                        // Signed in all the same; the profile stays in memory only.
                        qCWarning(lcSession).noquote()
                            << "local database:" << outcomeName(opened.outcome);
                    }
                    scheduleRefresh();
                    Q_EMIT userChanged();
                    clearError();
                    finish(State::SignedIn);
                });
            });
    });
}

void Session::openDatabase(std::function<void(const LocalDatabaseResult &)> next)
{
    whenFinished(this, m_local.openOrCreate(m_options.databasePath),
        [next = std::move(next)](const LocalDatabaseResult &result) { next(result); });
}

void Session::storeTokens(const Tokens &tokens, std::function<void(const SecretResult &)> done)
{
    // The refresh token first: after a rotation it is the only way back in.
    const QByteArray access = tokens.accessToken;
    whenFinished(this, m_store.write(refreshTokenSecret(), tokens.refreshToken),
        [this, access, done = std::move(done)](const SecretResult &written) {
            if (written.outcome != SecretOutcome::Ok) {
                done(written);
                return;
            }
            whenFinished(this, m_store.write(accessTokenSecret(), access), done);
        });
}

void Session::saveToDatabase()
{
    if (!m_database)
        return;
    bool ok = true;
    if (!m_profile.isEmpty())
        ok = m_profile.save(*m_database);
    ok = writeSetting(*m_database, accessIssuedSetting, wiretime::format(m_accessIssued)) && ok;
    ok = writeSetting(*m_database, accessExpirySetting, wiretime::format(m_accessExpiry)) && ok;
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
    whenFinished(this, m_store.read(refreshTokenSecret()), [this](SecretResult read) {
        if (isSecretFailure(read.outcome)) {
            becomeUnavailable(
                Pending::Restore, keyringCode(read.outcome), keyringMessage(read.outcome));
            return;
        }
        if (read.outcome == SecretOutcome::NotFound || read.value.isEmpty()) {
            clearMemory();
            finish(State::SignedOut);
            return;
        }
        m_refreshToken = read.value;
        secureWipe(read.value);
        whenFinished(this, m_store.read(accessTokenSecret()), [this](SecretResult access) {
            if (isSecretFailure(access.outcome)) {
                clearMemory();
                becomeUnavailable(
                    Pending::Restore, keyringCode(access.outcome), keyringMessage(access.outcome));
                return;
            }
            m_accessToken = access.outcome == SecretOutcome::Ok ? access.value : QByteArray();
            secureWipe(access.value);
            restoreWithTokens();
        });
    });
}

void Session::restoreWithTokens()
{
    openDatabase([this](const LocalDatabaseResult &opened) {
        if (!opened.ok()) {
            QString code = QStringLiteral("local_data_unavailable");
            QString message = opened.message;
            if (opened.outcome == LocalDatabaseOutcome::KeyUnavailable
                || opened.outcome == LocalDatabaseOutcome::KeyDenied) {
                const SecretOutcome outcome = opened.outcome == LocalDatabaseOutcome::KeyDenied
                    ? SecretOutcome::Denied
                    : SecretOutcome::Unavailable;
                code = keyringCode(outcome);
                message = keyringMessage(outcome);
            } else if (opened.needsReset()) {
                code = QStringLiteral("local_data_unreadable");
                message = tr("Tessera's data on this device cannot be read. Sign out to start "
                             "again; nothing was deleted.");
            } else if (opened.outcome == LocalDatabaseOutcome::NewerSchema) {
                code = QStringLiteral("local_data_newer");
            }
            // Tokens stay in memory so that an explicit sign-out can still end the session on
            // the server; nothing is deleted.
            becomeUnavailable(Pending::Restore, code, message);
            return;
        }
        m_database = opened.database;
        Q_EMIT databaseChanged();
        if (auto profile = UserProfile::load(*m_database))
            m_profile = *profile;
        m_accessIssued =
            wiretime::parse(readSetting(*m_database, accessIssuedSetting)).value_or(QDateTime());
        m_accessExpiry =
            wiretime::parse(readSetting(*m_database, accessExpirySetting)).value_or(QDateTime());
        Q_EMIT userChanged();

        scheduleRefresh();
        const bool fresh = !m_accessToken.isEmpty() && !m_profile.isEmpty()
            && m_refreshTimer.isActive() && m_refreshTimer.remainingTime() > 0;
        if (fresh) {
            finish(State::SignedIn);
            return;
        }
        m_refreshTimer.stop();
        refresh([this](RefreshOutcome outcome, const ApiReply &reply) {
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
        wipe([this](bool) {});
        return;
    }
    m_state = State::SignedOut; // restore() starts from here; stateChanged comes with Restoring
    restore();
}

// --- refresh ---------------------------------------------------------------------------------

void Session::refreshNow()
{
    if (m_refreshToken.isEmpty())
        return;
    refresh([](RefreshOutcome, const ApiReply &) {});
}

void Session::refresh(std::function<void(RefreshOutcome, const ApiReply &)> done)
{
    if (m_refreshToken.isEmpty()) {
        done(RefreshOutcome::Ended,
            localReply(401, QStringLiteral("authentication_required"), tr("Sign in first.")));
        return;
    }
    m_refreshWaiters.push_back(std::move(done));
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_refreshTimer.stop();

    const auto complete = [this](RefreshOutcome outcome, const ApiReply &reply) {
        m_refreshing = false;
        auto waiters = std::move(m_refreshWaiters);
        m_refreshWaiters.clear();
        Q_EMIT refreshFinished(outcome == RefreshOutcome::Ok);
        for (auto &waiter : waiters)
            waiter(outcome, reply);
    };

    const QJsonObject body { { QStringLiteral("refreshToken"),
        QString::fromLatin1(m_refreshToken) } };
    whenFinished(this, m_client.post(QStringLiteral("/v1/auth/refresh"), body),
        [this, complete](const ApiReply &reply) {
            if (reply.ok()) {
                QString problem;
                auto tokens = Tokens::fromReply(reply, &problem);
                if (!tokens) {
                    qCWarning(lcSession).noquote() << "refresh answer not understood:" << problem;
                    scheduleRetry(reply);
                    complete(RefreshOutcome::Failed, reply);
                    return;
                }
                m_accessToken = tokens->accessToken;
                m_refreshToken = tokens->refreshToken;
                m_accessIssued = tokens->accessIssued;
                m_accessExpiry = tokens->accessExpiry;
                const bool userChangedNow =
                    tokens->user && tokens->user->toJson() != m_profile.toJson();
                if (tokens->user)
                    m_profile = *tokens->user;
                m_retryDelaySeconds = 0;
                qCInfo(lcSession) << "access token refreshed";
                storeTokens(
                    *tokens, [this, complete, reply, userChangedNow](const SecretResult &stored) {
                        if (stored.outcome != SecretOutcome::Ok)
                            // The new pair lives in memory only; the next start will find the
                            // spent refresh token and sign in again.
                            qCWarning(lcSession) << "the refreshed tokens could not be stored:"
                                                 << outcomeName(stored.outcome);
                        saveToDatabase();
                        if (userChangedNow)
                            Q_EMIT userChanged();
                        scheduleRefresh();
                        complete(RefreshOutcome::Ok, reply);
                    });
                return;
            }
            const bool ended = reply.httpStatus == 401
                || (reply.httpStatus == 403
                    && (reply.error.code == u"account_disabled"
                        || reply.error.code == u"forbidden"));
            if (ended) {
                endSession(reply.error.code, describeFailure(reply));
                complete(RefreshOutcome::Ended, reply);
                return;
            }
            // Offline, directory down, server trouble: keep the session, try again later.
            qCInfo(lcSession).noquote() << "refresh failed, will retry:" << reply.error.code;
            scheduleRetry(reply);
            complete(RefreshOutcome::Failed, reply);
        });
}

void Session::scheduleRefresh()
{
    m_refreshTimer.stop();
    if (m_refreshToken.isEmpty() || !m_accessExpiry.isValid())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime issued = m_accessIssued.isValid() ? m_accessIssued : now;
    const qint64 lifetime = std::max<qint64>(0, issued.secsTo(m_accessExpiry));
    // At 80% of the lifetime, and at least five minutes before the expiry.
    const qint64 ahead = std::min<qint64>(
        static_cast<qint64>(std::llround(lifetime * 0.8)), lifetime - refreshMarginSeconds);
    const QDateTime due = issued.addSecs(std::max<qint64>(0, ahead));
    const qint64 delayMs = std::clamp<qint64>(now.msecsTo(due), 0, 24LL * 3600 * 1000);
    m_refreshTimer.start(std::chrono::milliseconds(delayMs));
}

void Session::scheduleRetry(const ApiReply &reply)
{
    m_retryDelaySeconds = m_retryDelaySeconds == 0
        ? firstRetrySeconds
        : std::min(m_retryDelaySeconds * 2, lastRetrySeconds);
    int delay = m_retryDelaySeconds;
    if (reply.retryAfterSeconds > 0)
        delay = std::max(delay, std::min(reply.retryAfterSeconds, lastRetrySeconds));
    m_refreshTimer.start(std::chrono::seconds(delay));
}

// --- authorized requests ---------------------------------------------------------------------

QFuture<ApiReply> Session::get(const QString &path)
{
    return authorized([this, path](const QByteArray &token) {
        return m_client.get(path, ApiClient::RequestOptions { token, {} });
    });
}

QFuture<ApiReply> Session::post(
    const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey)
{
    // The same key on the retry: the server applies the request once.
    const QByteArray key = idempotencyKey;
    return authorized([this, path, body, key](const QByteArray &token) {
        return m_client.post(path, body, ApiClient::RequestOptions { token, key });
    });
}

QNetworkRequest Session::webSocketRequest(const QString &path) const
{
    if (m_accessToken.isEmpty())
        return {};
    QUrl url = m_client.endpoint().resolve(path);
    url.setScheme(m_client.endpoint().isPlainHttp() ? QStringLiteral("ws") : QStringLiteral("wss"));
    QNetworkRequest request(url);
    if (!m_client.endpoint().isPlainHttp())
        request.setSslConfiguration(m_client.tlsPolicy().sslConfiguration());
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QString(QStringLiteral("Tessera/") + productVersion()));
    if (!m_client.tlsPolicy().hasPin())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + m_accessToken);
    return request;
}

QByteArray Session::webSocketAuthMessage(const QSslCertificate &peer, bool encrypted) const
{
    if (m_accessToken.isEmpty() || !encrypted || m_client.endpoint().isPlainHttp() || peer.isNull()
        || !m_client.tlsPolicy().accepts(peer))
        return {};
    return QJsonDocument(QJsonObject { { QStringLiteral("type"), QStringLiteral("auth") },
                             { QStringLiteral("token"), QString::fromLatin1(m_accessToken) } })
        .toJson(QJsonDocument::Compact);
}

QFuture<ApiReply> Session::authorized(Call call)
{
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QFuture<ApiReply> future = promise->future();
    if (m_accessToken.isEmpty() && m_refreshToken.isEmpty()) {
        promise->addResult(localReply(
            401, QStringLiteral("authentication_required"), tr("You are not signed in.")));
        promise->finish();
        return future;
    }
    attempt(call, promise, false);
    return future;
}

void Session::attempt(const Call &call, const Promise &promise, bool refreshed)
{
    const auto deliver = [promise](const ApiReply &reply) {
        promise->addResult(reply);
        promise->finish();
    };
    if (m_accessToken.isEmpty()) {
        if (refreshed) {
            deliver(localReply(
                401, QStringLiteral("authentication_required"), tr("You are not signed in.")));
            return;
        }
        refresh([this, call, promise, deliver](RefreshOutcome outcome, const ApiReply &reply) {
            if (outcome == RefreshOutcome::Ok)
                attempt(call, promise, true);
            else
                deliver(reply);
        });
        return;
    }
    whenFinished(this, call(m_accessToken),
        [this, call, promise, refreshed, deliver](const ApiReply &reply) {
            if (!refreshed && reply.httpStatus == 401 && reply.error.code == u"invalid_token") {
                qCInfo(lcSession) << "access token refused: refreshing once";
                refresh([this, call, promise, reply, deliver](
                            RefreshOutcome outcome, const ApiReply &) {
                    if (outcome == RefreshOutcome::Ok)
                        attempt(call, promise, true);
                    else
                        deliver(reply);
                });
                return;
            }
            deliver(reply);
        });
}

// --- sign-out --------------------------------------------------------------------------------

void Session::signOut()
{
    if (isBusy())
        return;
    clearError();
    setState(State::SigningOut);
    m_refreshTimer.stop();
    if (m_accessToken.isEmpty()) {
        wipe([this](bool) {});
        return;
    }
    whenFinished(this,
        m_client.post(
            QStringLiteral("/v1/auth/logout"), {}, ApiClient::RequestOptions { m_accessToken, {} }),
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
    if (m_database) {
        m_database.reset();
        Q_EMIT databaseChanged();
    }
    Q_EMIT userChanged();
    // Tokens first: once they are gone no restart can bring the session back, even if deleting
    // the database fails; a database left over is cleared by the next sign-in.
    whenFinished(this, m_store.remove(refreshTokenSecret()),
        [this, done = std::move(done)](const SecretResult &refresh) mutable {
            if (refresh.outcome != SecretOutcome::Ok) {
                becomeUnavailable(
                    Pending::Wipe, keyringCode(refresh.outcome), keyringMessage(refresh.outcome));
                done(false);
                return;
            }
            whenFinished(this, m_store.remove(accessTokenSecret()),
                [this, done = std::move(done)](const SecretResult &access) mutable {
                    if (access.outcome != SecretOutcome::Ok) {
                        becomeUnavailable(Pending::Wipe, keyringCode(access.outcome),
                            keyringMessage(access.outcome));
                        done(false);
                        return;
                    }
                    wipeDeviceKey(std::move(done));
                });
        });
}

void Session::forgetFreshDeviceKey()
{
    // A key made for a sign-in that did not happen leaves no secret behind.
    if (!std::exchange(m_deviceKeyFresh, false))
        return;
    m_store.remove(DeviceKey::secretName());
}

void Session::wipeDeviceKey(std::function<void(bool ok)> done)
{
    whenFinished(this, m_store.remove(DeviceKey::secretName()),
        [this, done = std::move(done)](const SecretResult &key) mutable {
            if (key.outcome != SecretOutcome::Ok) {
                becomeUnavailable(
                    Pending::Wipe, keyringCode(key.outcome), keyringMessage(key.outcome));
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
    m_refreshTimer.stop();
    secureWipe(m_accessToken);
    secureWipe(m_refreshToken);
    m_accessIssued = {};
    m_accessExpiry = {};
    m_profile = {};
    m_pendingUsername.clear();
}

// --- words -----------------------------------------------------------------------------------

QString Session::describeFailure(const ApiReply &reply)
{
    switch (reply.kind) {
    case ApiReply::Kind::Ok:
        return {};
    case ApiReply::Kind::NetworkError:
        return tr("No connection to the server. Check the network and try again.");
    case ApiReply::Kind::TlsError:
        if (reply.error.code == u"pin_mismatch")
            return tr("The server is not the one configured: its key does not match the pin. "
                      "Nothing was sent.");
        return reply.describe();
    case ApiReply::Kind::ProtocolError:
        return reply.describe();
    case ApiReply::Kind::HttpError:
        break;
    }
    const QString &code = reply.error.code;
    if (code == u"invalid_credentials")
        return tr("Wrong user name or password.");
    if (code == u"too_many_attempts") {
        if (reply.retryAfterSeconds > 0) {
            const int minutes = std::max(1, (reply.retryAfterSeconds + 59) / 60);
            return minutes == 1 ? tr("Too many attempts. Try again in 1 minute.")
                                : tr("Too many attempts. Try again in %1 minutes.").arg(minutes);
        }
        return tr("Too many attempts. Try again later.");
    }
    if (code == u"directory_unavailable")
        return tr("The company directory cannot be reached right now. Try again later; nothing "
                  "is wrong with your password.");
    if (code == u"password_change_required")
        return tr("Choose a new password to finish signing in.");
    if (code == u"account_disabled")
        return tr("This account is disabled. Ask an administrator.");
    if (code == u"temporary_password_expired")
        return tr("The temporary password has expired. Ask an administrator for a new one.");
    if (code == u"weak_password")
        return reply.error.message.isEmpty() ? tr("Choose a stronger password.")
                                             : reply.error.message;
    if (code == u"not_a_local_account")
        return tr("Network account passwords are changed in the company directory, not here.");
    if (code == u"upgrade_required")
        return tr("This version of Tessera is too old for the server. Update the app.");
    if (code == u"invalid_refresh_token" || code == u"invalid_token")
        return tr("Your session has ended. Sign in again.");
    if (code == u"authentication_required")
        return tr("You are not signed in.");
    if (code == u"forbidden")
        return tr("Your account may not do this.");
    return reply.describe();
}

} // namespace tessera
