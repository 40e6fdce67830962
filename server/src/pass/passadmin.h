#pragma once

#include "pass/passresult.h"
#include "protocol/checkprocess.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

class Clock;
class Storage;

// What an admin changes about passes: revokes one pass or a device (its sessions and passes),
// sets a person's status (ending the passes a stricter status makes wrong) and puts a check
// process. Each change is audited under actor. Blocking; runs on the worker pool.
class PassAdmin
{
public:
    PassAdmin(Storage &storage, const Clock &clock);

    // NotFound: no such pass.
    PassOutcome revokePass(const QString &passId, const QString &actor);
    // NotFound: no such device of userId.
    PassOutcome revokeDevice(const QString &userId, const QString &deviceId, const QString &actor);
    // Sets userId's status claim to value (until `until`, or with no end); answers how many
    // passes it revoked. NotFound: no such person.
    PassResult<int> setStatus(const QString &userId, const QString &claim, const QString &value,
        const std::optional<QDateTime> &until, const QString &actor);
    // setStatus's work inside the caller's transaction on db, for every path that sets a status
    // (an admin, a medical decision, an attestation): the person locked (PassRevoker::lockPerson),
    // the passes a stricter status makes wrong revoked, the status stored. Answers how many passes
    // it revoked; -1 when the database refused (the caller rolls back). Writes no audit line.
    static int putStatusIn(QSqlDatabase &db, const QDateTime &now, const QString &userId,
        const QString &claim, const QString &value, const std::optional<QDateTime> &until,
        const QString &actor);
    PassOutcome putCheckProcess(const pass::CheckProcess &process, const QString &actor);
    // Whether entry under the process named name needs today's attestation; answers the process
    // as stored. NotFound: no such process.
    PassResult<pass::CheckProcess> setAttestationRequired(
        const QString &name, bool required, const QString &actor);

private:
    Storage &m_storage;
    const Clock &m_clock;
};

} // namespace tessera::server
