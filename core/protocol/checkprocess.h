#pragma once

#include "protocol/passreason.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace tessera::pass {

// What a check process's rule gives for a status value: allow, deny, or an action to take
// ("Send to medical check"). message: optional plain words shown with the verdict.
struct RuleOutcome
{
    VerdictKind verdict = VerdictKind::Deny;
    QString action; // required for Action, empty otherwise
    QString message;

    friend bool operator==(const RuleOutcome &, const RuleOutcome &) = default;
};

// A check process, defined on the server (GET /v1/check-processes answers
// {"processes":[CheckProcess...]}):
//   {"name":"medical-check","title":"Medical check","claim":"medical-check",
//    "rule":{"values":{"cleared":{"verdict":"allow"},
//                      "required":{"verdict":"action","action":"Send to medical check"}},
//            "otherwise":{"verdict":"action","action":"Send to medical check"}}}
// The pass's status claim named `claim` is looked up; its value picks an outcome in
// rule.values. rule.otherwise (optional) applies when the pass has no such claim, when the
// claim's `until` has passed, or when its value is not listed; without it those are denied
// (no_status_for_process, status_expired, status_not_covered).
// "needsAttestation": true (optional, absent = false): where the rule allows, a pass without a
// current status claim `attestation` (value "answered", its `until` not passed) gives the amber
// Action "Needs today's attestation" instead (attestation_missing).
struct CheckProcess
{
    // The status claim a person's daily attestation sets, its value and the scanner's action.
    static QString attestationClaim() { return QStringLiteral("attestation"); }
    static QString attestationAnswered() { return QStringLiteral("answered"); }
    static QString attestationAction() { return QStringLiteral("Needs today's attestation"); }

    QString name; // [a-z0-9][a-z0-9-]{0,31}
    QString title; // 1-80 characters
    QString claim; // a status claim name
    QMap<QString, RuleOutcome> values;
    std::optional<RuleOutcome> otherwise;
    bool needsAttestation = false;

    friend bool operator==(const CheckProcess &, const CheckProcess &) = default;

    QJsonObject toJson() const;
    // Strict: unknown fields at any level, wrong types, bad names, an action verdict without an
    // action text or another verdict with one are errors.
    static std::optional<CheckProcess> fromJson(
        const QJsonObject &object, QString *error = nullptr);
    // {"processes":[...]}; duplicate names are errors.
    static std::optional<QList<CheckProcess>> listFromJson(
        const QJsonObject &object, QString *error = nullptr);
};

} // namespace tessera::pass
