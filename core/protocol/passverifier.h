#pragma once

#include "protocol/checkprocess.h"
#include "protocol/passverdict.h"
#include "protocol/trustlist.h"

#include <QSet>
#include <QString>
#include <QStringView>

namespace tessera::pass {

// Verifies QR pass codes offline, from a synced trust list and revocation set
// (docs/PASS_FORMAT.md, "Verification"). Cheap to copy; verify() is const and thread-safe.
class PassVerifier
{
public:
    // A pass issued up to this many seconds in the scanner's future is still accepted (clocks
    // differ a little).
    static constexpr qint64 defaultClockSkew = 120;

    PassVerifier(
        TrustList trust, QSet<QString> revokedPassIds, qint64 clockSkewSeconds = defaultClockSkew);

    void setRevokedPassIds(QSet<QString> revokedPassIds);

    // The verdict for qrText under process at the scanner's time nowUnix (Unix seconds).
    // Never throws, never crashes: any input gives a verdict.
    Verdict verify(QStringView qrText, const CheckProcess &process, qint64 nowUnix) const;

private:
    TrustList m_trust;
    QSet<QString> m_revoked;
    qint64 m_clockSkew;
};

} // namespace tessera::pass
