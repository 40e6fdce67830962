// The scanner's amber verdict for a check process that needs today's attestation:
// only where the process's own rule allows, only without a current `attestation` claim; the
// process's JSON keeps the field strictly.
#include "passfixture.h"

using namespace tessera;
using namespace tessera::pass;
using namespace tessera::test;

class TestPassAttestation : public QObject, protected PassFixture
{
    Q_OBJECT

    CheckProcess m_site;

    PassClaims withAttestation(const QString &value, std::optional<qint64> until) const
    {
        PassClaims pass = claims();
        pass.statuses.append({ CheckProcess::attestationClaim(), value, until });
        return pass;
    }

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        QString error;
        const auto site = CheckProcess::fromJson(
            jsonObject(R"({"name":"site-entry","title":"Site entry","claim":"office-entry",
                "needsAttestation":true,
                "rule":{"values":{"allowed":{"verdict":"allow"},
                                  "blocked":{"verdict":"deny"}}}})"),
            &error);
        QVERIFY2(site, qPrintable(error));
        QVERIFY(site->needsAttestation);
        m_site = *site;
    }

    // allow → needs (no claim) → allow with the claim; the same pass under a process without the
    // requirement stays green.
    void allowedRuleNeedsTheClaim()
    {
        const Verdict office = verify(qrFor(claims(), now), m_office);
        QCOMPARE(office.kind, VerdictKind::Allow);

        const Verdict missing = verify(qrFor(claims(), now), m_site);
        QCOMPARE(missing.kind, VerdictKind::Action);
        QCOMPARE(missing.reason, Reason::AttestationMissing);
        QCOMPARE(missing.reasonCode(), QStringLiteral("attestation_missing"));
        QCOMPARE(missing.action, QStringLiteral("Needs today's attestation"));
        QVERIFY(!missing.message.isEmpty());

        const PassClaims answered =
            withAttestation(QStringLiteral("answered"), issuedAt + qint64(10) * 3600);
        const Verdict green = verify(qrFor(answered, now), m_site);
        QCOMPARE(green.kind, VerdictKind::Allow);
        QCOMPARE(green.reason, Reason::Allowed);
    }

    // An attestation claim past its `until` (yesterday's) counts as missing; another value too.
    void expiredOrOtherClaimIsMissing()
    {
        const PassClaims expired =
            withAttestation(QStringLiteral("answered"), issuedAt + qint64(1) * 3600);
        const Verdict late = verify(qrFor(expired, now), m_site);
        QCOMPARE(late.kind, VerdictKind::Action);
        QCOMPARE(late.reason, Reason::AttestationMissing);
        // Until is exclusive: at the instant itself it no longer holds.
        const PassClaims atEdge = withAttestation(QStringLiteral("answered"), now);
        QCOMPARE(verify(qrFor(atEdge, now), m_site).reason, Reason::AttestationMissing);
        const PassClaims other = withAttestation(QStringLiteral("skipped"), issuedAt + 36000);
        QCOMPARE(verify(qrFor(other, now), m_site).reason, Reason::AttestationMissing);
    }

    // The rule's own deny (or no status at all) stays red, with or without an attestation.
    void denyStaysDeny()
    {
        PassClaims blocked = withAttestation(QStringLiteral("answered"), issuedAt + 36000);
        blocked.statuses.first().value = QStringLiteral("blocked");
        const Verdict red = verify(qrFor(blocked, now), m_site);
        QCOMPARE(red.kind, VerdictKind::Deny);
        QCOMPARE(red.reason, Reason::DeniedByRule);

        PassClaims none = claims();
        none.statuses.removeFirst(); // no office-entry status
        const Verdict noStatus = verify(qrFor(none, now), m_site);
        QCOMPARE(noStatus.kind, VerdictKind::Deny);
        QCOMPARE(noStatus.reason, Reason::NoStatusForProcess);
    }

    // An action from the rule itself stays that action (the attestation never hides it).
    void ruleActionStaysAction()
    {
        CheckProcess medical = m_medical;
        medical.needsAttestation = true;
        const Verdict action = verify(qrFor(claims(), now), medical);
        QCOMPARE(action.kind, VerdictKind::Action);
        QCOMPARE(action.reason, Reason::ActionRequired);
        QCOMPARE(action.action, QStringLiteral("Send to medical check"));
    }

    // A rule's `otherwise` that allows needs the attestation too.
    void otherwiseAllowNeedsTheClaim()
    {
        QString error;
        const auto open = CheckProcess::fromJson(
            jsonObject(R"({"name":"lobby","title":"Lobby","claim":"lobby","needsAttestation":true,
                "rule":{"values":{},"otherwise":{"verdict":"allow"}}})"),
            &error);
        QVERIFY2(open, qPrintable(error));
        QCOMPARE(verify(qrFor(claims(), now), *open).reason, Reason::AttestationMissing);
        const PassClaims answered = withAttestation(QStringLiteral("answered"), std::nullopt);
        QCOMPARE(verify(qrFor(answered, now), *open).kind, VerdictKind::Allow);
    }

    // The field is optional (absent = false, and toJson leaves it out then), strictly a bool.
    void jsonKeepsTheFieldStrictly()
    {
        QCOMPARE(m_site.toJson().value(QStringLiteral("needsAttestation")), QJsonValue(true));
        QCOMPARE(CheckProcess::fromJson(m_site.toJson()), m_site);
        QVERIFY(!m_office.needsAttestation);
        QVERIFY(!m_office.toJson().contains(QStringLiteral("needsAttestation")));
        QJsonObject bad = m_site.toJson();
        bad.insert(QStringLiteral("needsAttestation"), QStringLiteral("yes"));
        QString error;
        QVERIFY(!CheckProcess::fromJson(bad, &error));
        QVERIFY2(error.startsWith(QStringLiteral("needsAttestation")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPassAttestation)
#include "tst_pass_attestation.moc"
