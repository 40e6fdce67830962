#include "protocol/passverifier.h"

#include "protocol/passcodec.h"
#include "protocol/passkeys.h"

#include <sodium.h>

namespace tessera::pass {

namespace {

bool verifySignature(QByteArrayView signature, QByteArrayView message, QByteArrayView publicKey)
{
    if (signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES
        || !ensureSodium())
        return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.data()),
               reinterpret_cast<const unsigned char *>(message.data()), quint64(message.size()),
               reinterpret_cast<const unsigned char *>(publicKey.data()))
        == 0;
}

Verdict deny(Verdict verdict, Reason reason, const QString &detail = {})
{
    verdict.kind = VerdictKind::Deny;
    verdict.reason = reason;
    verdict.message = reasonMessage(reason);
    verdict.detail = detail;
    return verdict;
}

Verdict applyOutcome(Verdict verdict, const RuleOutcome &outcome, Reason reason)
{
    verdict.kind = outcome.verdict;
    verdict.reason = reason;
    verdict.action = outcome.action;
    verdict.message = outcome.message.isEmpty() ? reasonMessage(reason) : outcome.message;
    return verdict;
}

// 14. Where the process's own rule allowed and the process needs today's attestation: amber
// unless the pass carries a current `attestation` claim (an expired one counts as missing).
Verdict attested(Verdict verdict, const CheckProcess &process, qint64 nowUnix)
{
    if (!process.needsAttestation || verdict.kind != VerdictKind::Allow || !verdict.pass)
        return verdict;
    const StatusClaim *claim = verdict.pass->status(CheckProcess::attestationClaim());
    if (claim && claim->value == CheckProcess::attestationAnswered()
        && (!claim->until || nowUnix < *claim->until))
        return verdict;
    verdict.kind = VerdictKind::Action;
    verdict.reason = Reason::AttestationMissing;
    verdict.action = CheckProcess::attestationAction();
    verdict.message = reasonMessage(Reason::AttestationMissing);
    return verdict;
}

} // namespace

PassVerifier::PassVerifier(TrustList trust, QSet<QString> revokedPassIds, qint64 clockSkewSeconds)
    : m_trust(std::move(trust))
    , m_revoked(std::move(revokedPassIds))
    , m_clockSkew(clockSkewSeconds)
{ }

void PassVerifier::setRevokedPassIds(QSet<QString> revokedPassIds)
{
    m_revoked = std::move(revokedPassIds);
}

Verdict PassVerifier::verify(QStringView qrText, const CheckProcess &process, qint64 nowUnix) const
{
    Verdict verdict;
    verdict.process = process.name;

    // 1-3. Length bound, prefix, base45 and the QR array.
    Reason reason = Reason::Malformed;
    QString detail;
    const auto code = decodeQr(qrText, &reason, &detail);
    if (!code)
        return deny(verdict, reason, detail);
    const auto signedPass = decodeSignedPass(code->signedPass, &detail);
    if (!signedPass)
        return deny(verdict, Reason::Malformed, detail);

    // 4. The payload: a known version and a valid shape.
    bool newer = false;
    const auto claims = PassClaims::fromCbor(signedPass->payload, &detail, &newer);
    if (!claims) {
        return deny(verdict, newer ? Reason::UnsupportedVersion : Reason::Malformed, detail);
    }

    // 5-7. The issuer: a trusted key, a valid signature over the bytes received, and a key that
    // was active when the pass was issued.
    const IssuerKey *issuer = m_trust.find(claims->issuerKeyId);
    if (!issuer)
        return deny(
            verdict, Reason::UnknownIssuer, QStringLiteral("key id ") + claims->issuerKeyId);
    if (!verifySignature(
            signedPass->signature, issuerMessage(signedPass->payload), issuer->publicKey))
        return deny(verdict, Reason::BadSignature);
    verdict.pass = *claims;
    if (!issuer->activeAt(claims->issuedAt))
        return deny(verdict, Reason::IssuerKeyInactive, QStringLiteral("key id ") + issuer->keyId);

    // 8-10. Validity and revocation.
    if (claims->issuedAt > nowUnix + m_clockSkew)
        return deny(verdict, Reason::NotYetValid);
    if (nowUnix >= claims->expiresAt)
        return deny(verdict, Reason::Expired);
    if (m_revoked.contains(claims->passId))
        return deny(verdict, Reason::Revoked);

    // 11-12. The holder's device made this code, for a step within one of the scanner's.
    if (!verifySignature(code->deviceSignature, deviceDigest(code->signedPass, code->step),
            claims->devicePublicKey))
        return deny(verdict, Reason::BadDeviceSignature);
    const qint64 scannerStep = timeStep(nowUnix);
    if (code->step < scannerStep - 1 || code->step > scannerStep + 1) {
        return deny(verdict, Reason::StaleCode,
            QStringLiteral("step %1, scanner step %2").arg(code->step).arg(scannerStep));
    }

    // 13. The check process's rule.
    const StatusClaim *status = claims->status(process.claim);
    Reason fallback = Reason::NoStatusForProcess;
    if (status && status->until && nowUnix >= *status->until) {
        fallback = Reason::StatusExpired;
    } else if (status) {
        const auto outcome = process.values.constFind(status->value);
        if (outcome != process.values.constEnd()) {
            const Reason ruleReason = outcome->verdict == VerdictKind::Allow ? Reason::Allowed
                : outcome->verdict == VerdictKind::Action ? Reason::ActionRequired
                                                          : Reason::DeniedByRule;
            return attested(applyOutcome(verdict, *outcome, ruleReason), process, nowUnix);
        }
        fallback = Reason::StatusNotCovered;
    }
    if (process.otherwise)
        return attested(applyOutcome(verdict, *process.otherwise, fallback), process, nowUnix);
    return deny(verdict, fallback, status ? QStringLiteral("status ") + status->value : QString());
}

} // namespace tessera::pass
