#include "identity/loginlockout.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

// Takes the name's lock row for the rest of the transaction: PostgreSQL holds the row lock of the
// upsert until commit, so every step that counts or changes the name's slots runs one at a time
// across connections and nodes (SQLite's BEGIN IMMEDIATE already serialises all writers).
bool lockName(QSqlDatabase &db, const QString &usernameKey, const QString &stamp)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO login_locks (subject, at) VALUES (?, ?)"
                       " ON CONFLICT (subject) DO UPDATE SET at = excluded.at"),
        { usernameKey, stamp });
}

} // namespace

LoginLockout::LoginLockout(const Clock &clock)
    : m_clock(clock)
{ }

QString LoginLockout::key(const QString &username)
{
    // One count per account however its name is spelt: case, Unicode compatibility forms and the
    // spaces a directory ignores (" Chen.Li " finds chen.li), and a user principal name counts as
    // its part before the @ ("chen.li@tessera.test" finds chen.li too).
    QString key = username.normalized(QString::NormalizationForm_KC).simplified().toCaseFolded();
    const qsizetype at = key.lastIndexOf(QLatin1Char('@'));
    if (at > 0)
        key.truncate(at);
    return key;
}

std::variant<LoginLockout::Attempt, LoginLockout::Refusal> LoginLockout::reserve(
    QSqlDatabase &db, const QString &usernameKey, const QString &clientIp) const
{
    const QDateTime current = m_clock.now();
    const QString stamp = t(current);
    const QString since = t(current.addSecs(-failureWindowSeconds));
    sql::Transaction transaction(db);
    if (!transaction.isActive() || !lockName(db, usernameKey, stamp))
        return Refusal {};

    qint64 wait = 0;
    // The failures of scope/subject in the window, at most limit; wait is raised to when the
    // oldest of them leaves the window once there are limit of them.
    const auto failures = [&](const QString &scope, const QString &subject, int limit) {
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT at FROM login_failures WHERE scope = ? AND subject = ?"
                               " AND at > ? ORDER BY at DESC LIMIT ")
                    + QString::number(limit),
                { scope, subject, since }))
            return -1;
        int count = 0;
        QString oldest;
        while (query.next()) {
            ++count;
            oldest = query.value(0).toString();
        }
        const auto at = wiretime::parse(oldest);
        if (count >= limit && at)
            wait = std::max(
                wait, std::max<qint64>(1, current.secsTo(at->addSecs(failureWindowSeconds))));
        return count;
    };
    const int userFailures = failures(QStringLiteral("user"), usernameKey, userFailureLimit);
    const int ipFailures = failures(QStringLiteral("ip"), clientIp, ipFailureLimit);
    QSqlQuery query(db);
    if (userFailures < 0 || ipFailures < 0
        || !sql::exec(query,
            QStringLiteral("SELECT COUNT(*), MIN(expires_at) FROM login_in_flight WHERE"
                           " subject = ? AND expires_at > ?"),
            { usernameKey, stamp })
        || !query.next())
        return Refusal {};
    const int inFlight = query.value(0).toInt();
    if (wait == 0 && userFailures + inFlight >= userFailureLimit) {
        // The name's last slots are being checked right now: each either fails (and the name is
        // locked) or frees its slot within reservationSeconds.
        const auto soonest = wiretime::parse(query.value(1).toString());
        wait = std::clamp<qint64>(
            soonest ? current.secsTo(*soonest) : reservationSeconds, 1, reservationSeconds);
    }
    query.finish();
    if (wait > 0) {
        qCInfo(lcServer) << "sign-in refused: locked out for" << wait << "s"
                         << (inFlight > 0 ? "(attempts in flight)" : "");
        return Refusal { wait };
    }
    const QString id = randomtokens::urlSafe(QStringLiteral("att_"), 12);
    if (!sql::exec(query,
            QStringLiteral(
                "INSERT INTO login_in_flight (id, subject, expires_at) VALUES (?, ?, ?)"),
            { id, usernameKey, t(current.addSecs(reservationSeconds)) })
        || !transaction.commit())
        return Refusal {};
    return Attempt(*this, db, id, usernameKey, clientIp);
}

void LoginLockout::clear(QSqlDatabase &db, const QString &usernameKey) const
{
    QSqlQuery query(db);
    sql::exec(query,
        QStringLiteral("DELETE FROM login_failures WHERE scope = 'user' AND subject = ?"),
        { usernameKey });
}

bool LoginLockout::prune(QSqlDatabase &db) const
{
    const QDateTime current = m_clock.now();
    const QString windowAgo = t(current.addSecs(-failureWindowSeconds));
    QSqlQuery query(db);
    return sql::exec(
               query, QStringLiteral("DELETE FROM login_failures WHERE at < ?"), { windowAgo })
        && sql::exec(query, QStringLiteral("DELETE FROM login_in_flight WHERE expires_at < ?"),
            { t(current) })
        && sql::exec(query, QStringLiteral("DELETE FROM login_locks WHERE at < ?"), { windowAgo });
}

// --- Attempt ---------------------------------------------------------------------------------

LoginLockout::Attempt::Attempt(const LoginLockout &lockout, const QSqlDatabase &db, QString id,
    QString usernameKey, QString clientIp)
    : m_lockout(&lockout)
    , m_db(db)
    , m_id(std::move(id))
    , m_usernameKey(std::move(usernameKey))
    , m_clientIp(std::move(clientIp))
{ }

LoginLockout::Attempt::Attempt(Attempt &&other) noexcept
    : m_lockout(std::exchange(other.m_lockout, nullptr))
    , m_db(other.m_db) // QSqlDatabase is a shared handle with no move
    , m_id(std::move(other.m_id))
    , m_usernameKey(std::move(other.m_usernameKey))
    , m_clientIp(std::move(other.m_clientIp))
{ }

LoginLockout::Attempt::~Attempt()
{
    release();
}

void LoginLockout::Attempt::failed()
{
    finish(true, false);
}

void LoginLockout::Attempt::succeeded()
{
    finish(false, true);
}

void LoginLockout::Attempt::release()
{
    finish(false, false);
}

void LoginLockout::Attempt::finish(bool failure, bool success)
{
    if (m_lockout == nullptr)
        return;
    const QString stamp = t(m_lockout->m_clock.now());
    m_lockout = nullptr;
    // The slot and its outcome change in one step under the name's lock: a reservation counting
    // meanwhile sees either the slot or the failure, never neither.
    sql::Transaction transaction(m_db);
    QSqlQuery query(m_db);
    bool ok = transaction.isActive() && lockName(m_db, m_usernameKey, stamp)
        && sql::exec(query, QStringLiteral("DELETE FROM login_in_flight WHERE id = ?"), { m_id });
    if (failure)
        ok = ok
            && sql::exec(query,
                QStringLiteral("INSERT INTO login_failures (scope, subject, at) VALUES"
                               " ('user', ?, ?), ('ip', ?, ?)"),
                { m_usernameKey, stamp, m_clientIp, stamp });
    if (success)
        ok = ok
            && sql::exec(query,
                QStringLiteral("DELETE FROM login_failures WHERE scope = 'user' AND subject = ?"),
                { m_usernameKey });
    if (!ok || !transaction.commit())
        qCWarning(lcServer) << "could not record a sign-in attempt's outcome; its slot frees"
                               " itself after"
                            << reservationSeconds << "s";
}

} // namespace tessera::server
