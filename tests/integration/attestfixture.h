#pragma once

// What the attestation tests against the real server share (on top of the news tests' stages:
// one server per database kind, each with its own --clock-file): the admin's form (where I work
// today, a required choice; a health self-declaration, a toggle), its calls, a person's answer
// under an Idempotency-Key and the scanner's verdict for a fresh pass at a check process.
#include "newsfixture.h"
#include "passqr.h"
#include "protocol/checkprocess.h"
#include "protocol/passkeys.h"
#include "protocol/passverifier.h"
#include "protocol/trustlist.h"

#include <QUuid>

namespace tessera::test {

class AttestFixture : public virtual NewsFixture
{
protected:
    static QJsonObject attestationCard()
    {
        const QJsonObject where { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
            { QStringLiteral("id"), QStringLiteral("where") },
            { QStringLiteral("label"), QStringLiteral("Where I work today") },
            { QStringLiteral("isRequired"), true },
            { QStringLiteral("choices"),
                QJsonArray { QJsonObject { { QStringLiteral("title"), QStringLiteral("Office") },
                                 { QStringLiteral("value"), QStringLiteral("office") } },
                    QJsonObject { { QStringLiteral("title"), QStringLiteral("Home") },
                        { QStringLiteral("value"), QStringLiteral("home") } } } } };
        const QJsonObject healthy { { QStringLiteral("type"), QStringLiteral("Input.Toggle") },
            { QStringLiteral("id"), QStringLiteral("healthy") },
            { QStringLiteral("title"), QStringLiteral("I have no symptoms of illness") } };
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"), QJsonArray { where, healthy } },
            { QStringLiteral("actions"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                        { QStringLiteral("id"), QStringLiteral("send") },
                        { QStringLiteral("title"), QStringLiteral("Send") } } } } };
    }

    static QString tokenOf(const ServerProcess &server, const QString &displayName,
        const QString &device, const QByteArray &publicKey = {})
    {
        return signInDemo(server, displayName, testDevice(device, publicKey))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static HttpResult putForm(const ServerProcess &server, const QString &adminToken,
        const QJsonObject &card, int retentionDays)
    {
        return httpRequest("PUT", server.url(QStringLiteral("/v1/admin/attestations/form")),
            compactJson(QJsonObject { { QStringLiteral("card"), card },
                { QStringLiteral("retentionDays"), retentionDays } }),
            bearer(adminToken));
    }

    static HttpResult attest(const ServerProcess &server, const QString &token,
        const QJsonObject &inputs, const QByteArray &key = newKey())
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/attestations")),
            compactJson(QJsonObject { { QStringLiteral("inputs"), inputs } }), bearer(token, key));
    }

    static HttpResult getAs(const ServerProcess &server, const QString &token, const QString &path)
    {
        return httpRequest("GET", server.url(path), {}, bearer(token));
    }

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    static QJsonObject office()
    {
        return QJsonObject { { QStringLiteral("where"), QStringLiteral("office") },
            { QStringLiteral("healthy"), QStringLiteral("true") } };
    }

    // A fresh pass (GET /v1/pass) shown by the device at the pass's own issue time (the
    // server's clock, moved on by the clock file) and the scanner's verdict there under the
    // server's check process named processName, with the server's trust list.
    static pass::Verdict scanAt(const ServerProcess &server, const QString &token,
        const QByteArray &deviceSecret, const QString &processName)
    {
        pass::Verdict none;
        none.detail = QStringLiteral("no scan");
        const QJsonObject issued = getAs(server, token, QStringLiteral("/v1/pass")).json();
        const QByteArray signedPass =
            QByteArray::fromBase64(issued.value(QStringLiteral("pass")).toString().toLatin1());
        const auto decoded = pass::decodeSignedPass(signedPass);
        const auto claims = decoded ? pass::PassClaims::fromCbor(decoded->payload) : std::nullopt;
        if (!claims)
            return none;
        const qint64 now = claims->issuedAt;
        const std::optional<QString> qr = pass::presentPass(signedPass, deviceSecret, now);
        const auto trust =
            pass::TrustList::fromJson(getAs(server, token, QStringLiteral("/v1/trust")).json());
        const auto processes = pass::CheckProcess::listFromJson(
            getAs(server, token, QStringLiteral("/v1/check-processes")).json());
        if (!qr || !trust || !processes)
            return none;
        for (const pass::CheckProcess &process : *processes) {
            if (process.name == processName)
                return pass::PassVerifier(*trust, {}).verify(*qr, process, now);
        }
        return none;
    }
};

} // namespace tessera::test
