#include "pass/passrevoker.h"

#include "base/serverlogging.h"
#include "pass/passissuer.h"
#include "pass/revocation.h"
#include "protocol/checkprocess.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace tessera::server {

namespace {

int rank(pass::VerdictKind verdict)
{
    switch (verdict) {
    case pass::VerdictKind::Allow:
        return 2;
    case pass::VerdictKind::Action:
        return 1;
    default:
        return 0;
    }
}

// A status as a pass carries it: a value (none: the pass has no such claim) and its end.
struct Status
{
    std::optional<QString> value;
    std::optional<QDateTime> until;
};

// The verdict process gives at time for a pass carrying status (docs/PASS_FORMAT.md, step 13):
// no claim, a claim run out or a value not listed give `otherwise`, else deny.
int verdictAt(const pass::CheckProcess &process, const Status &status, const QDateTime &at)
{
    const pass::VerdictKind fallback =
        process.otherwise ? process.otherwise->verdict : pass::VerdictKind::Deny;
    if (!status.value || (status.until && *status.until <= at))
        return rank(fallback);
    const auto listed = process.values.constFind(*status.value);
    return rank(listed != process.values.cend() ? listed->verdict : fallback);
}

} // namespace

PassRevoker::PassRevoker(QSqlDatabase &db, const QDateTime &now)
    : m_db(db)
    , m_now(now)
{ }

int PassRevoker::revokePersonsPasses(
    const QString &userId, const QString &actor, const QString &why)
{
    const int revoked = revokePasses(m_db, m_now, QStringLiteral("user_id = ?"), { userId });
    if (revoked > 0) {
        writeAudit(m_db, m_now, actor, QStringLiteral("revoke_passes"), userId,
            QStringLiteral("%1 (%2 passes)").arg(why).arg(revoked));
        qCInfo(lcServer).noquote() << "revoked" << revoked << "passes of" << userId << "-" << why;
    }
    return revoked;
}

bool PassRevoker::lockPerson(QSqlDatabase &db, const QString &userId)
{
    if (db.driverName() == QLatin1String("QSQLITE"))
        return true;
    QSqlQuery query(db);
    return sql::exec(
        query, QStringLiteral("SELECT id FROM users WHERE id = ? FOR UPDATE"), { userId });
}

bool PassRevoker::personDisabled(const QString &userId, const QString &actor)
{
    return revokeSessionsAndPasses(userId, actor, QStringLiteral("disabled"));
}

bool PassRevoker::passwordReset(const QString &userId, const QString &actor)
{
    return revokeSessionsAndPasses(userId, actor, QStringLiteral("password reset"));
}

bool PassRevoker::revokeSessionsAndPasses(
    const QString &userId, const QString &actor, const QString &why)
{
    return revokeTokens(m_db, m_now, TokenScope::person(userId))
        && revokePersonsPasses(userId, actor, why) >= 0;
}

std::optional<bool> PassRevoker::statusChangeRestricts(const QString &userId, const QString &claim,
    const QString &value, const std::optional<QDateTime> &until)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT value, until FROM user_statuses WHERE user_id = ? AND"
                           " claim = ?"),
            { userId, claim }))
        return std::nullopt;
    Status old;
    if (query.next()) {
        old.value = query.value(0).toString();
        if (!query.value(1).isNull())
            old.until = wiretime::parse(query.value(1).toString());
    }
    const Status next { value, until };
    if (!sql::exec(query, QStringLiteral("SELECT definition FROM check_processes")))
        return std::nullopt;
    // Verdicts change only when an `until` is reached: comparing at these moments covers the
    // whole life of a pass issued now or before.
    const QDateTime lastExpiry = m_now.addSecs(PassIssuer::passLifetimeSeconds);
    QList<QDateTime> moments { m_now };
    for (const std::optional<QDateTime> &end : { old.until, next.until }) {
        if (end && *end > m_now && *end < lastExpiry)
            moments.append(*end);
    }
    while (query.next()) {
        const auto process = pass::CheckProcess::fromJson(
            QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
        if (!process || process->claim != claim)
            continue;
        const bool stricter =
            std::any_of(moments.cbegin(), moments.cend(), [&](const QDateTime &at) {
                return verdictAt(*process, next, at) < verdictAt(*process, old, at);
            });
        if (stricter)
            return true;
    }
    return false;
}

int PassRevoker::revokeIfStatusRestricts(const QString &userId, const QString &claim,
    const QString &value, const std::optional<QDateTime> &until, const QString &actor)
{
    const std::optional<bool> restricts = statusChangeRestricts(userId, claim, value, until);
    if (!restricts)
        return -1;
    return *restricts ? revokePersonsPasses(
               userId, actor, QStringLiteral("status %1 set to %2").arg(claim, value))
                      : 0;
}

} // namespace tessera::server
