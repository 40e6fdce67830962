#include "protocol/passreason.h"

#include <QCoreApplication>

namespace tessera::pass {

QString verdictName(VerdictKind kind)
{
    switch (kind) {
    case VerdictKind::Allow:
        return QStringLiteral("allow");
    case VerdictKind::Deny:
        return QStringLiteral("deny");
    case VerdictKind::Action:
        return QStringLiteral("action");
    }
    return {};
}

QString reasonCode(Reason reason)
{
    switch (reason) {
    case Reason::Allowed:
        return QStringLiteral("allowed");
    case Reason::ActionRequired:
        return QStringLiteral("action_required");
    case Reason::TooLong:
        return QStringLiteral("too_long");
    case Reason::WrongPrefix:
        return QStringLiteral("wrong_prefix");
    case Reason::Malformed:
        return QStringLiteral("malformed");
    case Reason::UnsupportedVersion:
        return QStringLiteral("unsupported_version");
    case Reason::UnknownIssuer:
        return QStringLiteral("unknown_issuer");
    case Reason::BadSignature:
        return QStringLiteral("bad_signature");
    case Reason::IssuerKeyInactive:
        return QStringLiteral("issuer_key_inactive");
    case Reason::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case Reason::Expired:
        return QStringLiteral("expired");
    case Reason::Revoked:
        return QStringLiteral("revoked");
    case Reason::BadDeviceSignature:
        return QStringLiteral("bad_device_signature");
    case Reason::StaleCode:
        return QStringLiteral("stale_code");
    case Reason::NoStatusForProcess:
        return QStringLiteral("no_status_for_process");
    case Reason::StatusExpired:
        return QStringLiteral("status_expired");
    case Reason::StatusNotCovered:
        return QStringLiteral("status_not_covered");
    case Reason::DeniedByRule:
        return QStringLiteral("denied_by_rule");
    case Reason::AttestationMissing:
        return QStringLiteral("attestation_missing");
    }
    return {};
}

QString reasonMessage(Reason reason)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("tessera::pass::Reason", text);
    };
    switch (reason) {
    case Reason::Allowed:
        return tr("Allowed.");
    case Reason::ActionRequired:
        return tr("Action needed.");
    case Reason::TooLong:
        return tr("This code is too long to be a Tessera pass.");
    case Reason::WrongPrefix:
        return tr("This is not a Tessera pass code.");
    case Reason::Malformed:
        return tr("This code is damaged or not a Tessera pass.");
    case Reason::UnsupportedVersion:
        return tr("This pass has a newer format: update the scanner app.");
    case Reason::UnknownIssuer:
        return tr("This pass was issued by an unknown key: sync the scanner or refuse.");
    case Reason::BadSignature:
        return tr("This pass has been altered or forged.");
    case Reason::IssuerKeyInactive:
        return tr("This pass was signed by a key that was not valid at that time.");
    case Reason::NotYetValid:
        return tr("This pass is not valid yet: check the phone's clock.");
    case Reason::Expired:
        return tr("This pass has expired: the holder should open the app online to renew it.");
    case Reason::Revoked:
        return tr("This pass has been revoked.");
    case Reason::BadDeviceSignature:
        return tr("This code was not made by the phone the pass belongs to.");
    case Reason::StaleCode:
        return tr("This code is old (a screenshot?) or the phone's clock is wrong.");
    case Reason::NoStatusForProcess:
        return tr("The pass says nothing about this check.");
    case Reason::StatusExpired:
        return tr("The pass's status for this check has run out.");
    case Reason::StatusNotCovered:
        return tr("The pass's status for this check is not one this check knows.");
    case Reason::DeniedByRule:
        return tr("Not allowed for this check.");
    case Reason::AttestationMissing:
        return tr("Today's attestation is missing: the holder answers it in the app.");
    }
    return {};
}

} // namespace tessera::pass
