#include "pass/passholder.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "base/securewipe.h"
#include "identity/authorizedapi.h"
#include "identity/devicekey.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "protocol/passcodec.h"
#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/localsetting.h"
#include "storage/secretstore.h"

#include <QVariantMap>

#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

constexpr int firstRetrySeconds = 30;
constexpr int lastRetrySeconds = 15 * 60;

QDateTime fromUnix(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

// The claims of issuer-signed pass bytes (no signature check: the scanner does that).
std::optional<pass::PassClaims> claimsOf(const QByteArray &signedPass, QString *error)
{
    const std::optional<pass::SignedPass> decoded = pass::decodeSignedPass(signedPass, error);
    if (!decoded)
        return std::nullopt;
    return pass::PassClaims::fromCbor(decoded->payload, error);
}

} // namespace

PassHolder::PassHolder(AuthorizedApi &api, SessionScope &scope, SecretStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stepTimer, &QTimer::timeout, this, [this]() {
        present();
        maybeRenew();
    });
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_retryTimer, &QTimer::timeout, this, &PassHolder::maybeRenew);
    connect(&scope, &SessionScope::started, this, &PassHolder::followSession);
    connect(&scope, &SessionScope::ended, this, &PassHolder::followSession);
    connect(&scope, &SessionScope::databaseChanged, this, &PassHolder::followSession);
    followSession();
}

PassHolder::~PassHolder()
{
    secureWipe(m_secretKey);
}

QString PassHolder::passId() const
{
    return m_claims ? m_claims->passId : QString();
}

QString PassHolder::initials() const
{
    return m_claims ? m_claims->initials : QString();
}

QString PassHolder::subject() const
{
    return m_claims ? m_claims->subject : QString();
}

QString PassHolder::userType() const
{
    return m_claims ? pass::userTypeName(m_claims->userType) : QString();
}

QDateTime PassHolder::issuedAt() const
{
    return m_claims ? fromUnix(m_claims->issuedAt) : QDateTime();
}

QDateTime PassHolder::validUntil() const
{
    return m_claims ? fromUnix(m_claims->expiresAt) : QDateTime();
}

QVariantList PassHolder::statuses() const
{
    QVariantList list;
    if (!m_claims)
        return list;
    for (const pass::StatusClaim &status : m_claims->statuses) {
        list.append(QVariantMap {
            { QStringLiteral("process"), status.name },
            { QStringLiteral("status"), status.value },
            { QStringLiteral("until"), status.until ? fromUnix(*status.until) : QDateTime() },
        });
    }
    return list;
}

QDateTime PassHolder::renewAt() const
{
    if (!m_claims)
        return {};
    const qint64 life = m_claims->expiresAt - m_claims->issuedAt;
    const auto ahead = static_cast<qint64>(std::llround(static_cast<double>(life) * renewWhenLeft));
    return fromUnix(m_claims->expiresAt - ahead);
}

qint64 PassHolder::deviceNowMs() const
{
    return m_deviceClock ? m_deviceClock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 PassHolder::nowMs() const
{
    return deviceNowMs() + m_offsetMs;
}

void PassHolder::setDeviceClock(std::function<qint64()> unixMs)
{
    m_deviceClock = std::move(unixMs);
    if (!m_database)
        return;
    present();
    maybeRenew();
}

// --- following the session -------------------------------------------------------------------

void PassHolder::followSession()
{
    const SessionScope &scope = m_scope;
    const std::shared_ptr<Database> database = scope.database();
    // Signed in and its services released (the app holds them until its first frame is on
    // screen).
    const bool signedIn = scope.isStarted();
    if (signedIn && database) {
        if (database != m_database) {
            clear();
            m_database = database;
            start();
        }
        return;
    }
    if (!database && m_database) {
        clear(); // signed out, or the database closed: nothing of the old session stays
        return;
    }
    if (signedIn && !database && m_state == State::NoPass) {
        setError(tr("The pass cannot be kept on this device: its local data cannot be opened."));
        setState(State::Error);
    }
}

void PassHolder::clear()
{
    ++m_generation;
    m_stepTimer.stop();
    m_retryTimer.stop();
    m_retrySeconds = 0;
    m_database.reset();
    secureWipe(m_secretKey);
    m_publicKey.clear();
    m_keyFailed = false;
    const bool hadPass = m_claims.has_value();
    m_signedPass.clear();
    m_claims.reset();
    m_offsetMs = 0;
    setBusy(false, false);
    if (!m_qrText.isEmpty() || m_stepEndsAt.isValid()) {
        m_qrText.clear();
        m_stepEndsAt = {};
        Q_EMIT qrTextChanged();
    }
    if (hadPass)
        Q_EMIT passChanged();
    setError({});
    setState(State::NoPass);
}

void PassHolder::start()
{
    m_offsetMs = serverclock::load(*m_database);
    if (loadStored())
        Q_EMIT passChanged();
    loadKey(false);
}

bool PassHolder::loadStored()
{
    SqlStatement statement = m_database->prepare("SELECT signedPass FROM pass WHERE slot = 1");
    if (!statement.isValid() || statement.step() != SqlStatement::Step::Row)
        return false;
    const QByteArray bytes = statement.columnBlob(0);
    QString problem;
    const std::optional<pass::PassClaims> claims = claimsOf(bytes, &problem);
    if (!claims) {
        qCWarning(lcPass).noquote() << "the stored pass is not readable:" << problem;
        return false;
    }
    m_signedPass = bytes;
    m_claims = claims;
    return true;
}

bool PassHolder::store(const QByteArray &signedPass, const pass::PassClaims &claims)
{
    if (!m_database)
        return false;
    SqlStatement statement = m_database->prepare(
        "INSERT OR REPLACE INTO pass (slot, signedPass, passId, issuedAt, expiresAt, receivedAt)"
        " VALUES (1, ?1, ?2, ?3, ?4, ?5)");
    if (!statement.isValid())
        return false;
    statement.bindBlob(1, signedPass);
    statement.bindText(2, claims.passId);
    statement.bindText(3, wiretime::format(fromUnix(claims.issuedAt)));
    statement.bindText(4, wiretime::format(fromUnix(claims.expiresAt)));
    statement.bindText(5, wiretime::format(QDateTime::currentDateTimeUtc()));
    return statement.exec();
}

void PassHolder::loadKey(bool thenFetch)
{
    if (m_keyLoading)
        return;
    setBusy(m_fetching, true);
    if (m_state == State::NoPass || m_state == State::Error)
        setState(State::Loading);
    const quint64 generation = m_generation;
    whenFinished(this, m_store.read(DeviceKey::secretName()),
        [this, generation, thenFetch](SecretResult read) {
            if (generation != m_generation)
                return;
            setBusy(m_fetching, false);
            pass::KeyPair pair;
            if (read.outcome == SecretOutcome::Ok)
                pair = DeviceKey::fromSecret(read.value);
            secureWipe(read.value);
            if (!pair.isValid()) {
                m_keyFailed = true;
                m_stepTimer.stop();
                if (!m_qrText.isEmpty()) {
                    m_qrText.clear();
                    m_stepEndsAt = {};
                    Q_EMIT qrTextChanged();
                }
                if (read.outcome == SecretOutcome::Ok || read.outcome == SecretOutcome::NotFound)
                    setError(tr("This device has no pass key. Sign out and sign in again to "
                                "get your pass."));
                else if (read.outcome == SecretOutcome::Denied)
                    setError(tr("The keyring refused access to the pass key. Unlock it and "
                                "try again."));
                else
                    setError(tr("The keyring is locked or not available yet, so the pass "
                                "cannot be shown. Unlock it and try again."));
                qCWarning(lcPass) << "device key:" << outcomeName(read.outcome);
                setState(State::Error);
                Q_EMIT finished();
                return;
            }
            m_keyFailed = false;
            m_secretKey = pair.secretKey;
            m_publicKey = pair.publicKey;
            secureWipe(pair.secretKey);
            if (m_claims && m_claims->devicePublicKey != m_publicKey) {
                qCInfo(lcPass) << "the stored pass belongs to another device key: dropped";
                m_signedPass.clear();
                m_claims.reset();
                Q_EMIT passChanged();
            }
            setError({});
            present();
            if (thenFetch || renewalDue())
                fetch();
            else
                Q_EMIT finished();
        });
}

// --- fetching --------------------------------------------------------------------------------

bool PassHolder::renewalDue() const
{
    if (!m_claims)
        return true;
    return nowMs() >= renewAt().toMSecsSinceEpoch();
}

void PassHolder::maybeRenew()
{
    if (!m_database || m_fetching || m_keyLoading || m_keyFailed || m_retryTimer.isActive())
        return;
    if (renewalDue())
        fetch();
}

void PassHolder::refresh()
{
    if (!m_database || m_fetching || m_keyLoading)
        return;
    m_retryTimer.stop();
    if (m_keyFailed || m_secretKey.isEmpty()) {
        loadKey(true);
        return;
    }
    fetch();
}

void PassHolder::fetch()
{
    setBusy(true, m_keyLoading);
    if (m_state != State::Ready)
        setState(State::Loading);
    const quint64 generation = m_generation;
    whenFinished(
        this, m_api.get(QStringLiteral("/v1/pass")), [this, generation](const ApiReply &reply) {
            if (generation != m_generation)
                return;
            setBusy(false, m_keyLoading);
            acceptPass(reply);
            Q_EMIT finished();
        });
}

void PassHolder::acceptPass(const ApiReply &reply)
{
    if (const std::optional<qint64> offset = serverclock::offsetOf(reply, deviceNowMs())) {
        m_offsetMs = *offset;
        if (m_database)
            serverclock::save(*m_database, m_offsetMs);
    }
    QString problem;
    if (reply.ok()) {
        const QByteArray bytes =
            QByteArray::fromBase64(reply.body.value(QStringLiteral("pass")).toString().toLatin1(),
                QByteArray::AbortOnBase64DecodingErrors);
        std::optional<pass::PassClaims> claims;
        if (bytes.isEmpty())
            problem = QStringLiteral("the answer has no pass");
        else
            claims = claimsOf(bytes, &problem);
        if (claims && claims->devicePublicKey != m_publicKey) {
            claims.reset();
            problem = QStringLiteral("the pass is bound to another device key");
        }
        if (claims) {
            if (!store(bytes, *claims))
                qCWarning(lcPass) << "the pass could not be kept in the local database";
            m_signedPass = bytes;
            m_claims = claims;
            m_retrySeconds = 0;
            qCInfo(lcPass) << "new pass, valid until" << validUntil();
            Q_EMIT passChanged();
            setError({});
            present();
            return;
        }
        qCWarning(lcPass).noquote() << "pass answer refused:" << problem;
    }
    QString message;
    if (!problem.isEmpty())
        message = tr("The server's pass could not be used: %1.").arg(problem);
    else if (reply.httpStatus == 409 && reply.error.code == u"device_key_required")
        message = tr("This device's pass key is not registered. Sign out and sign in again.");
    else
        message = FailureText::describe(reply);
    setError(message);
    scheduleRetry();
    present(); // a pass that is still valid stays Ready; otherwise Expired, Error or NoPass
}

void PassHolder::scheduleRetry()
{
    m_retrySeconds =
        m_retrySeconds == 0 ? firstRetrySeconds : std::min(m_retrySeconds * 2, lastRetrySeconds);
    m_retryTimer.start(std::chrono::seconds(m_retrySeconds));
}

// --- the code of the current step ------------------------------------------------------------

void PassHolder::present()
{
    m_stepTimer.stop();
    const qint64 now = nowMs();
    QString text;
    QDateTime stepEnd;
    State next = State::NoPass;
    if (m_keyFailed) {
        next = State::Error;
    } else if (!m_claims) {
        next =
            m_errorMessage.isEmpty() ? (m_fetching ? State::Loading : State::NoPass) : State::Error;
    } else if (now / 1000 >= m_claims->expiresAt) {
        next = m_fetching ? State::Loading : State::Expired;
    } else if (!m_secretKey.isEmpty()) {
        QString problem;
        const std::optional<QString> qr =
            pass::presentPass(m_signedPass, m_secretKey, now / 1000, &problem);
        if (qr) {
            text = *qr;
            const qint64 stepEndServerMs =
                (pass::timeStep(now / 1000) + 1) * pass::timeStepSeconds * 1000;
            // The ring counts down on this device's clock.
            stepEnd = QDateTime::fromMSecsSinceEpoch(stepEndServerMs - m_offsetMs, Qt::UTC);
            next = State::Ready;
            const qint64 untilStepEnd = std::max<qint64>(0, stepEndServerMs - now) + 20;
            m_stepTimer.start(std::chrono::milliseconds(untilStepEnd));
        } else {
            qCWarning(lcPass).noquote() << "cannot present the pass:" << problem;
            setError(tr("The pass cannot be shown on this device: %1").arg(problem));
            next = State::Error;
        }
    } else {
        next = State::Loading;
    }
    if (text != m_qrText || stepEnd != m_stepEndsAt) {
        m_qrText = text;
        m_stepEndsAt = stepEnd;
        Q_EMIT qrTextChanged();
    }
    setState(next);
}

// --- small things ----------------------------------------------------------------------------

void PassHolder::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void PassHolder::setError(const QString &message)
{
    if (m_errorMessage == message)
        return;
    m_errorMessage = message;
    Q_EMIT errorChanged();
}

void PassHolder::setBusy(bool fetching, bool keyLoading)
{
    const bool before = isBusy();
    m_fetching = fetching;
    m_keyLoading = keyLoading;
    if (before != isBusy())
        Q_EMIT busyChanged();
}

} // namespace tessera
