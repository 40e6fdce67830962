#pragma once

#include "protocol/passclaims.h"
#include "protocol/passreason.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera::pass {

// The result of one scan: green (allow), red (deny, with its reason) or amber (action).
struct Verdict
{
    VerdictKind kind = VerdictKind::Deny;
    Reason reason = Reason::Malformed;
    QString message; // plain words: the rule's message, else reasonMessage(reason)
    QString action; // for Action: what to do ("Send to medical check")
    QString process; // the check process's name
    QString detail; // technical detail of a failure (no secrets), for logs and the CLI
    std::optional<PassClaims> pass; // the claims, once the issuer's signature is verified

    QString reasonCode() const { return pass::reasonCode(reason); }
    // The scan line of tessera-cli (DESIGN "Wire conventions"):
    // {"verdict","reason","action","passId","process"}.
    QJsonObject toJson() const;
};

} // namespace tessera::pass
