#pragma once

#include <QString>

namespace tessera::pass {

enum class VerdictKind { Allow, Deny, Action };

// "allow" / "deny" / "action".
QString verdictName(VerdictKind kind);

// Why a scan gave its verdict. Every failure has its own code (docs/PASS_FORMAT.md,
// "Verification"), in the order the verifier checks them.
enum class Reason {
    Allowed, // the process's rule allows this status value
    ActionRequired, // the process's rule asks for an action for this status value
    TooLong,
    WrongPrefix,
    Malformed,
    UnsupportedVersion,
    UnknownIssuer,
    BadSignature,
    IssuerKeyInactive,
    NotYetValid,
    Expired,
    Revoked,
    BadDeviceSignature,
    StaleCode,
    NoStatusForProcess,
    StatusExpired,
    StatusNotCovered,
    DeniedByRule,
    AttestationMissing, // the rule allowed, but the process needs today's attestation
};

// The stable snake_case code, e.g. "bad_device_signature".
QString reasonCode(Reason reason);

// Plain words for the person at the door, e.g. "This code was not made by the pass's phone."
QString reasonMessage(Reason reason);

} // namespace tessera::pass
