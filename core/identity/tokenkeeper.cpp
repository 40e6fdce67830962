#include "identity/tokenkeeper.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "base/securewipe.h"
#include "identity/internal/localreply.h"
#include "protocol/wiretime.h"
#include "storage/database.h"

#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

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

TokenKeeper::TokenKeeper(ApiClient &client, SecretStore &store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TokenKeeper::refreshNow);
}

TokenKeeper::~TokenKeeper()
{
    forget();
}

QDateTime TokenKeeper::nextRefresh() const
{
    if (!m_timer.isActive())
        return {};
    return QDateTime::currentDateTimeUtc().addMSecs(m_timer.remainingTime());
}

void TokenKeeper::take(const TokenPair &tokens)
{
    m_accessToken = tokens.accessToken;
    m_refreshToken = tokens.refreshToken;
    m_accessIssued = tokens.accessIssued;
    m_accessExpiry = tokens.accessExpiry;
    m_retryBackoff.reset();
}

bool TokenKeeper::saveTimes(Database &db) const
{
    const bool issued = writeSetting(db, accessIssuedSetting, wiretime::format(m_accessIssued));
    return writeSetting(db, accessExpirySetting, wiretime::format(m_accessExpiry)) && issued;
}

void TokenKeeper::loadTimes(Database &db)
{
    m_accessIssued = wiretime::parse(readSetting(db, accessIssuedSetting)).value_or(QDateTime());
    m_accessExpiry = wiretime::parse(readSetting(db, accessExpirySetting)).value_or(QDateTime());
}

void TokenKeeper::load(std::function<void(const SecretResult &, bool forgotten)> done)
{
    whenFinished(this, m_store.read(refreshTokenSecret()),
        [this, done = std::move(done)](SecretResult read) mutable {
            if (read.outcome != SecretOutcome::Ok || read.value.isEmpty()) {
                secureWipe(read.value);
                done({ read.outcome == SecretOutcome::Ok ? SecretOutcome::NotFound : read.outcome,
                         {}, read.message },
                    false);
                return;
            }
            m_refreshToken = read.value;
            secureWipe(read.value);
            whenFinished(this, m_store.read(accessTokenSecret()),
                [this, done = std::move(done)](SecretResult access) {
                    if (access.outcome != SecretOutcome::Ok
                        && access.outcome != SecretOutcome::NotFound) {
                        forget();
                        done({ access.outcome, {}, access.message }, true);
                        return;
                    }
                    m_accessToken =
                        access.outcome == SecretOutcome::Ok ? access.value : QByteArray();
                    secureWipe(access.value);
                    done({ SecretOutcome::Ok, {}, {} }, false);
                });
        });
}

void TokenKeeper::store(const TokenPair &tokens, std::function<void(const SecretResult &)> done)
{
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

void TokenKeeper::remove(std::function<void(const SecretResult &)> done)
{
    // The refresh token first: once it is gone no restart can bring the session back.
    whenFinished(this, m_store.remove(refreshTokenSecret()),
        [this, done = std::move(done)](const SecretResult &refresh) mutable {
            if (refresh.outcome != SecretOutcome::Ok) {
                done(refresh);
                return;
            }
            whenFinished(this, m_store.remove(accessTokenSecret()), std::move(done));
        });
}

void TokenKeeper::removeUnheard()
{
    m_store.remove(refreshTokenSecret());
    m_store.remove(accessTokenSecret());
}

void TokenKeeper::forget()
{
    m_timer.stop();
    secureWipe(m_accessToken);
    secureWipe(m_refreshToken);
    m_accessIssued = {};
    m_accessExpiry = {};
}

void TokenKeeper::refreshNow()
{
    if (m_refreshToken.isEmpty())
        return;
    refresh([](RefreshOutcome, const ApiReply &) {});
}

void TokenKeeper::refresh(RefreshDone done)
{
    if (m_refreshToken.isEmpty()) {
        done(RefreshOutcome::Ended,
            identity::localReply(
                401, QStringLiteral("authentication_required"), tr("Sign in first.")));
        return;
    }
    m_waiters.push_back(std::move(done));
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_timer.stop();

    const auto complete = [this](RefreshOutcome outcome, const ApiReply &reply) {
        m_refreshing = false;
        auto waiters = std::move(m_waiters);
        m_waiters.clear();
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
                auto tokens = TokenPair::fromReply(reply, &problem);
                if (!tokens) {
                    qCWarning(lcSession).noquote() << "refresh answer not understood:" << problem;
                    scheduleRetry(reply);
                    complete(RefreshOutcome::Failed, reply);
                    return;
                }
                take(*tokens);
                qCInfo(lcSession) << "access token refreshed";
                store(*tokens, [this, complete, reply, tokens](const SecretResult &stored) {
                    if (stored.outcome != SecretOutcome::Ok)
                        // The new pair lives in memory only; the next start will find the
                        // spent refresh token and sign in again.
                        qCWarning(lcSession) << "the refreshed tokens could not be stored:"
                                             << outcomeName(stored.outcome);
                    Q_EMIT refreshed(*tokens);
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
                Q_EMIT this->ended(reply);
                complete(RefreshOutcome::Ended, reply);
                return;
            }
            // Offline, directory down, server trouble: keep the session, try again later.
            qCInfo(lcSession).noquote() << "refresh failed, will retry:" << reply.error.code;
            scheduleRetry(reply);
            complete(RefreshOutcome::Failed, reply);
        });
}

void TokenKeeper::scheduleRefresh()
{
    m_timer.stop();
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
    m_timer.start(std::chrono::milliseconds(delayMs));
}

void TokenKeeper::scheduleRetry(const ApiReply &reply)
{
    // 4 s, doubling: 4, 12, 28 and 60 s after the failure. A refresh whose answer was lost on
    // the way is honoured by the server when retried within 60 s (docs/IDENTITY.md, "A refresh
    // retried after a lost answer"); later it counts as token theft.
    m_timer.start(m_retryBackoff.next(reply.retryAfter()));
}

} // namespace tessera
