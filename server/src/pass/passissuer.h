#pragma once

#include "pass/passresult.h"
#include "protocol/passclaims.h"

#include <QByteArray>
#include <QString>

namespace tessera::server {

class Clock;
class SecretSeal;
class Storage;

// Makes passes (docs/PASS_FORMAT.md): signs a pass for a person's device with the current
// issuer key and records it; makes the first issuer key and rotates it. Blocking; runs on the
// worker pool.
class PassIssuer
{
public:
    static constexpr qint64 passLifetimeSeconds = qint64(24) * 3600;

    struct IssuedPass
    {
        QByteArray signedPass;
        pass::PassClaims claims;
    };

    PassIssuer(Storage &storage, const Clock &clock, const SecretSeal &seal);

    // Makes the first issuer key and the default check processes (office-entry,
    // medical-check) when there are none. false (error) when the database refuses.
    bool ensureDefaults(QString *error);

    // A new pass for userId's device deviceId, recorded under the person's lock.
    // DeviceKeyRequired: the device has no pass key; SessionEnded: the session ended meanwhile.
    PassResult<IssuedPass> issue(const QString &userId, const QString &deviceId);

    // Retires the current issuer key (passes it signed stay valid) and makes a new one; answers
    // the new key's id. actor is written in the audit log.
    PassResult<QString> rotateIssuerKey(const QString &actor);

    // "Asha Rao" -> "AR"; at most 3 letters, never the full name.
    static QString initialsOf(const QString &displayName, const QString &fallback);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
};

} // namespace tessera::server
