#include "pass/passroutes.h"

#include "base/clock.h"
#include "http/jsonreader.h"
#include "pass/passadmin.h"
#include "pass/passissuer.h"
#include "pass/scannertrust.h"
#include "pass/scanrecords.h"
#include "protocol/checkprocess.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::server {

namespace {

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

} // namespace

PassRoutes::PassRoutes(PassIssuer &issuer, ScannerTrust &trust, ScanRecords &scans,
    PassAdmin &admin, const Clock &clock)
    : m_issuer(issuer)
    , m_trust(trust)
    , m_scans(scans)
    , m_admin(admin)
    , m_clock(clock)
{ }

void PassRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Get, QStringLiteral("/v1/pass"), Access::SignedIn,
        [this](const HttpRequest &request) { return pass(request); });
    routes.add(M::Get, QStringLiteral("/v1/trust"), Access::SignedIn,
        [this](const HttpRequest &request) { return trust(request); });
    routes.add(M::Get, QStringLiteral("/v1/revocations"), Access::Scanner,
        [this](const HttpRequest &request) { return revocations(request); });
    routes.add(M::Get, QStringLiteral("/v1/check-processes"), Access::SignedIn,
        [this](const HttpRequest &request) { return checkProcesses(request); });
    routes.add(M::Post, QStringLiteral("/v1/scans"), Access::Scanner,
        [this](const HttpRequest &request) { return uploadScans(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/passes/{id}/revoke"), Access::Admin,
        [this](const HttpRequest &request) { return revokePass(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/users/{id}/devices/{device}/revoke"),
        Access::Admin, [this](const HttpRequest &request) { return revokeDevice(request); });
    routes.add(M::Put, QStringLiteral("/v1/admin/users/{id}/statuses/{claim}"), Access::Admin,
        [this](const HttpRequest &request) { return setStatus(request); });
    routes.add(M::Put, QStringLiteral("/v1/admin/check-processes/{name}"), Access::Admin,
        [this](const HttpRequest &request) { return putCheckProcess(request); });
    routes.add(M::Put, QStringLiteral("/v1/admin/check-processes/{name}/attestation"),
        Access::Admin,
        [this](const HttpRequest &request) { return setAttestationRequired(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/issuer-keys/rotate"), Access::Admin,
        [this](const HttpRequest &request) { return rotateIssuerKey(request); });
}

HttpResponse PassRoutes::failure(PassError error, const QString &notFound)
{
    switch (error) {
    case PassError::DatabaseRefused:
        break;
    case PassError::NotFound:
        return http::error(404, QStringLiteral("not_found"), notFound);
    case PassError::DeviceKeyRequired:
        return http::error(409, QStringLiteral("device_key_required"),
            QStringLiteral("This device has no pass key yet. Sign in again from the app."));
    case PassError::StandIn:
        return http::error(409, QStringLiteral("stand_in_account"),
            QStringLiteral("This is the stand-in account of an erased person: it holds no "
                           "statuses. Nothing was changed."));
    case PassError::SessionEnded: {
        HttpResponse response = http::error(401, QStringLiteral("invalid_token"),
            QStringLiteral("This session ended while the pass was made: sign in again."));
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
            QByteArrayLiteral("Bearer error=\"invalid_token\""));
        return response;
    }
    }
    return http::internalError();
}

HttpResponse PassRoutes::pass(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    const PassResult<PassIssuer::IssuedPass> issued =
        m_issuer.issue(caller.userId, caller.deviceId);
    if (!issued.ok())
        return failure(issued.error());
    const pass::PassClaims &claims = issued->claims;
    QJsonArray statuses;
    for (const pass::StatusClaim &status : claims.statuses) {
        QJsonObject entry { { QStringLiteral("claim"), status.name },
            { QStringLiteral("value"), status.value } };
        if (status.until)
            entry.insert(
                QStringLiteral("until"), t(QDateTime::fromSecsSinceEpoch(*status.until, Qt::UTC)));
        statuses.append(entry);
    }
    return http::json(QJsonObject {
        { QStringLiteral("pass"), QString::fromLatin1(issued->signedPass.toBase64()) },
        { QStringLiteral("passId"), claims.passId },
        { QStringLiteral("issuerKeyId"), claims.issuerKeyId },
        { QStringLiteral("issuedAt"), t(QDateTime::fromSecsSinceEpoch(claims.issuedAt, Qt::UTC)) },
        { QStringLiteral("expiresAt"),
            t(QDateTime::fromSecsSinceEpoch(claims.expiresAt, Qt::UTC)) },
        { QStringLiteral("initials"), claims.initials },
        { QStringLiteral("statuses"), statuses },
    });
}

HttpResponse PassRoutes::trust(const HttpRequest &)
{
    const PassResult<pass::TrustList> list = m_trust.trustList();
    if (!list.ok())
        return failure(list.error());
    return http::json(list->toJson());
}

HttpResponse PassRoutes::revocations(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    if (!since)
        return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
    const PassResult<ScannerTrust::RevocationPage> page = m_trust.revocations(*since);
    if (!page.ok())
        return failure(page.error());
    QJsonArray revoked;
    for (const ScannerTrust::Revocation &revocation : page->revoked) {
        revoked.append(QJsonObject { { QStringLiteral("passId"), revocation.passId },
            { QStringLiteral("expiresAt"), revocation.expiresAt } });
    }
    return http::json(QJsonObject { { QStringLiteral("revoked"), revoked },
        { QStringLiteral("cursor"), QString::number(page->cursor) },
        { QStringLiteral("hasMore"), page->hasMore } });
}

HttpResponse PassRoutes::checkProcesses(const HttpRequest &)
{
    const PassResult<QList<QJsonObject>> processes = m_trust.checkProcesses();
    if (!processes.ok())
        return failure(processes.error());
    QJsonArray list;
    for (const QJsonObject &process : processes.value())
        list.append(process);
    return http::json(QJsonObject { { QStringLiteral("processes"), list } });
}

HttpResponse PassRoutes::uploadScans(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    if (!json::unknownFields(*body, { QStringLiteral("scans") }).isEmpty()
        || !body->value(QStringLiteral("scans")).isArray())
        return http::badRequest(QStringLiteral("The body must be {\"scans\":[...]}."));
    const QJsonArray scans = body->value(QStringLiteral("scans")).toArray();
    if (scans.isEmpty() || scans.size() > ScanRecords::maxScansPerUpload)
        return http::badRequest(
            QStringLiteral("Send 1 to %1 scans at a time.").arg(ScanRecords::maxScansPerUpload));
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"));
    QList<ScanRecords::Scan> parsed;
    for (qsizetype i = 0; i < scans.size(); ++i) {
        if (!scans.at(i).isObject())
            return http::badRequest(QStringLiteral("“scans[%1]” must be an object.").arg(i));
        JsonReader reader(scans.at(i).toObject(), QStringLiteral("scans[%1]").arg(i));
        reader.allowOnly(
            { QStringLiteral("id"), QStringLiteral("passId"), QStringLiteral("process"),
                QStringLiteral("verdict"), QStringLiteral("reason"), QStringLiteral("scannedAt") });
        ScanRecords::Scan scan { reader.string(QStringLiteral("id"), 64),
            reader.optionalString(QStringLiteral("passId"), 32),
            reader.string(QStringLiteral("process"), 32),
            reader.string(QStringLiteral("verdict"), 8),
            reader.string(QStringLiteral("reason"), 40), {} };
        const QString scannedAt = reader.string(QStringLiteral("scannedAt"), 40);
        if (reader.ok() && !idPattern.match(scan.id).hasMatch())
            reader.fail(
                QStringLiteral("“scans[%1].id” must be 8 to 64 letters, digits, '-' or '_'.")
                    .arg(i));
        if (reader.ok()
            && !QStringList { QStringLiteral("allow"), QStringLiteral("deny"),
                QStringLiteral("action") }
                    .contains(scan.verdict))
            reader.fail(
                QStringLiteral("“scans[%1].verdict” must be allow, deny or action.").arg(i));
        const std::optional<QDateTime> at = wiretime::parse(scannedAt);
        if (reader.ok() && !at)
            reader.fail(QStringLiteral("“scans[%1].scannedAt” must be an RFC 3339 time.").arg(i));
        if (!reader.ok())
            return http::badRequest(reader.error());
        scan.scannedAt = *at;
        parsed.append(scan);
    }
    const PassResult<ScanRecords::Stored> stored =
        m_scans.store(request.principal->userId, request.principal->deviceId, parsed);
    if (!stored.ok())
        return failure(stored.error());
    return http::json(QJsonObject { { QStringLiteral("accepted"), stored->accepted },
        { QStringLiteral("duplicates"), stored->duplicates },
        { QStringLiteral("outOfRange"), stored->outOfRange } });
}

HttpResponse PassRoutes::revokePass(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    const PassOutcome revoked = m_admin.revokePass(id, request.principal->userId);
    if (!revoked.ok())
        return failure(revoked.error(), QStringLiteral("There is no such pass."));
    return http::json(
        QJsonObject { { QStringLiteral("passId"), id }, { QStringLiteral("revoked"), true } });
}

HttpResponse PassRoutes::revokeDevice(const HttpRequest &request)
{
    const PassOutcome revoked = m_admin.revokeDevice(
        request.params.value(0), request.params.value(1), request.principal->userId);
    if (!revoked.ok())
        return failure(revoked.error(), QStringLiteral("There is no such device."));
    return http::noContent();
}

HttpResponse PassRoutes::setStatus(const HttpRequest &request)
{
    const QString userId = request.params.value(0);
    const QString claim = request.params.value(1);
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,31}$"));
    static const QRegularExpression valuePattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,31}$"));
    if (!namePattern.match(claim).hasMatch())
        return http::badRequest(
            QStringLiteral("The status name must be 1 to 32 of a-z, 0-9 and '-'."));
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("value"), QStringLiteral("until") });
    const QString value = reader.string(QStringLiteral("value"), 32);
    const QString untilText = reader.optionalString(QStringLiteral("until"), 40);
    if (reader.ok() && !valuePattern.match(value).hasMatch())
        reader.fail(QStringLiteral("“value” must be 1 to 32 of a-z, 0-9, '_' and '-'."));
    std::optional<QDateTime> until;
    if (reader.ok() && !untilText.isEmpty() && !(until = wiretime::parse(untilText)))
        reader.fail(QStringLiteral("“until” must be an RFC 3339 time."));
    else if (reader.ok() && until && *until <= m_clock.now())
        reader.fail(QStringLiteral("“until” is in the past: the status would never hold."));
    if (!reader.ok())
        return http::badRequest(reader.error());
    const PassResult<int> revoked =
        m_admin.setStatus(userId, claim, value, until, request.principal->userId);
    if (!revoked.ok())
        return failure(revoked.error(), QStringLiteral("There is no such person."));
    QJsonObject answer { { QStringLiteral("userId"), userId }, { QStringLiteral("claim"), claim },
        { QStringLiteral("value"), value }, { QStringLiteral("passesRevoked"), revoked.value() } };
    if (until)
        answer.insert(QStringLiteral("until"), t(*until));
    return http::json(answer);
}

HttpResponse PassRoutes::putCheckProcess(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    const std::optional<pass::CheckProcess> process = pass::CheckProcess::fromJson(*body, &error);
    if (!process)
        return http::badRequest(error);
    if (process->name != request.params.value(0))
        return http::badRequest(QStringLiteral("The body's name must be the one in the path."));
    const PassOutcome stored = m_admin.putCheckProcess(*process, request.principal->userId);
    if (!stored.ok())
        return failure(stored.error());
    return http::json(process->toJson());
}

HttpResponse PassRoutes::setAttestationRequired(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != u"required")
            return http::badRequest(
                QStringLiteral("“%1” is not a field here (required).").arg(it.key()));
    }
    if (!body->value(QStringLiteral("required")).isBool())
        return http::badRequest(QStringLiteral("“required” must be true or false."));
    const PassResult<pass::CheckProcess> stored =
        m_admin.setAttestationRequired(request.params.value(0),
            body->value(QStringLiteral("required")).toBool(), request.principal->userId);
    if (!stored.ok())
        return failure(stored.error(), QStringLiteral("There is no such check process."));
    return http::json(stored->toJson());
}

HttpResponse PassRoutes::rotateIssuerKey(const HttpRequest &request)
{
    const PassResult<QString> keyId = m_issuer.rotateIssuerKey(request.principal->userId);
    if (!keyId.ok())
        return failure(keyId.error());
    return http::json(QJsonObject { { QStringLiteral("keyId"), keyId.value() } });
}

} // namespace tessera::server
