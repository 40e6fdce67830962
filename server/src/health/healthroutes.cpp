#include "health/healthroutes.h"

#include "base/clock.h"
#include "health/certificatetype.h"
#include "health/hc1verifier.h"
#include "health/healthservice.h"
#include "http/idempotentrequest.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

HttpResponse noRecord()
{
    // The same answer whether the record does not exist or is someone else's.
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such health record."));
}

HttpResponse refusal(int status, const QString &code, const QString &field, const QString &text)
{
    QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), text } };
    if (!field.isEmpty())
        error.insert(QStringLiteral("field"), field);
    return http::json(QJsonObject { { QStringLiteral("error"), error } }, status);
}

// text: an HC1 code (CertificateType::sniff said so). Trims its trailing CR and LF, decodes it
// and checks its signature with the configured issuer keys; false with the 422 in refused for a
// code that does not decode or whose signature does not verify (a forged or altered code).
bool readHc1(QByteArray *text, const QList<QByteArray> &issuerKeys, QString *signature,
    QJsonObject *fields, HttpResponse *refused)
{
    while (text->endsWith('\n') || text->endsWith('\r'))
        text->chop(1);
    QString error;
    const std::optional<hc1::Hc1Certificate> decoded = hc1::decode(*text, &error);
    if (!decoded) {
        *refused = refusal(422, QStringLiteral("hc1_unreadable"), {},
            QStringLiteral("The HC1 code cannot be read: %1").arg(error));
        return false;
    }
    const Hc1Signature checked = verifyHc1(*decoded, issuerKeys);
    if (checked == Hc1Signature::Invalid) {
        *refused = refusal(422, QStringLiteral("hc1_signature_invalid"), {},
            QStringLiteral("The certificate's signature does not verify."));
        return false;
    }
    *signature = hc1SignatureName(checked);
    *fields = decoded->toJson();
    return true;
}

QJsonObject recordAnswer(const HealthRecord &record)
{
    return QJsonObject { { QStringLiteral("record"), record.toJson() } };
}

} // namespace

HealthRoutes::HealthRoutes(HealthService &service)
    : m_service(service)
{ }

void HealthRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Get, QStringLiteral("/v1/health-records"), Access::SignedIn,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(M::Post, QStringLiteral("/v1/health-records"), Access::SignedIn,
        [this](const HttpRequest &request) { return add(request); });
    const QString certificate = QStringLiteral("/v1/health-records/{id}/certificate");
    routes.add(M::Put, certificate, Access::SignedIn,
        [this](const HttpRequest &request) { return putCertificate(request); });
    routes.setMaxBodyBytes(M::Put, certificate, HealthService::maxCertificateBytes);
    routes.add(M::Get, certificate, Access::SignedIn,
        [this](const HttpRequest &request) { return getCertificate(request); });
    routes.add(M::Get, QStringLiteral("/v1/medical/pending"), Access::Medical,
        [this](const HttpRequest &request) { return pending(request); });
    routes.add(M::Post, QStringLiteral("/v1/medical/records/{id}/verify"), Access::Medical,
        [this](const HttpRequest &request) { return decide(request, true); });
    routes.add(M::Post, QStringLiteral("/v1/medical/records/{id}/reject"), Access::Medical,
        [this](const HttpRequest &request) { return decide(request, false); });
    // The same counts for the medical role and for admins (HR), never a record.
    routes.add(M::Get, QStringLiteral("/v1/medical/reports"), Access::Medical,
        [this](const HttpRequest &request) { return report(request); });
    routes.add(M::Get, QStringLiteral("/v1/admin/health-reports"), Access::Admin,
        [this](const HttpRequest &request) { return report(request); });
}

HttpResponse HealthRoutes::list(const HttpRequest &request)
{
    const std::optional<QList<HealthRecord>> records =
        m_service.recordsOf(request.principal->userId);
    if (!records)
        return http::internalError();
    QJsonArray array;
    for (const HealthRecord &record : *records)
        array.append(record.toJson());
    return http::json(QJsonObject { { QStringLiteral("records"), array } });
}

HttpResponse HealthRoutes::add(const HttpRequest &request)
{
    QString problem;
    const std::optional<QJsonObject> body = request.jsonBody(&problem);
    if (!body)
        return http::badRequest(problem);
    if (request.header(QByteArrayLiteral("Idempotency-Key")).isEmpty())
        return addNow(request, *body);
    return answerIdempotently(request, QStringLiteral("user:") + request.principal->userId,
        m_service.connection(), m_service.clock().now(),
        [&](const IdempotentComplete &) { return addNow(request, *body); });
}

HttpResponse HealthRoutes::addNow(const HttpRequest &request, const QJsonObject &body)
{
    HealthRecordRequest::Problem problem;
    const std::optional<HealthRecordRequest> given =
        HealthRecordRequest::read(body, m_service.clock().now().date(), &problem);
    if (!given)
        return refusal(problem.status, problem.code, problem.field, problem.message);
    const std::optional<HealthRecord> record = m_service.add(request.principal->userId, *given);
    if (!record)
        return http::internalError();
    return http::json(recordAnswer(*record), 201);
}

HttpResponse HealthRoutes::putCertificate(const HttpRequest &request)
{
    using Kind = CertificateType::Kind;
    const Kind declared =
        CertificateType::declared(request.header(QByteArrayLiteral("Content-Type")));
    if (declared == Kind::None)
        return refusal(415, QStringLiteral("unsupported_media_type"), {},
            QStringLiteral("A certificate is image/png, image/jpeg, application/pdf, or text/plain"
                           " holding an HC1: code."));
    const Kind sniffed = CertificateType::sniff(request.body);
    HttpResponse refused;
    const bool sameFamily = sniffed == declared;
    if (!sameFamily)
        return refusal(422, QStringLiteral("not_a_certificate"), {},
            sniffed == Kind::None
                ? QStringLiteral("The body is not a PNG or JPEG photo, a PDF or an HC1: code (its"
                                 " first bytes are none of these).")
                : QStringLiteral("The body is %1, not %2 as Content-Type says.")
                      .arg(CertificateType::contentType(sniffed),
                          CertificateType::contentType(declared)));
    // An HC1 code is decoded and its signature checked before anything is stored; what is kept
    // is the code without its trailing line end, its fields and the signature's state.
    QByteArray body = request.body;
    QString signature;
    QJsonObject fields;
    if (sniffed == Kind::Hc1
        && !readHc1(&body, m_service.hc1IssuerKeys(), &signature, &fields, &refused))
        return refused;
    HealthRecord record;
    switch (m_service.attach(request.principal->userId, request.params.value(0),
        CertificateType::wireKind(sniffed), CertificateType::contentType(sniffed), body, signature,
        fields, &record)) {
    case HealthService::Outcome::Done:
        return http::json(recordAnswer(record));
    case HealthService::Outcome::NotFound:
        return noRecord();
    default:
        return http::internalError();
    }
}

HttpResponse HealthRoutes::getCertificate(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    QByteArray bytes;
    QString contentType;
    switch (m_service.certificate(caller.userId, caller.hasRole(HealthService::medicalRole),
        request.params.value(0), &bytes, &contentType)) {
    case HealthService::Outcome::Done:
        break;
    case HealthService::Outcome::NotFound:
        return noRecord();
    default:
        return http::internalError();
    }
    HttpResponse response;
    response.status = 200;
    response.contentType = contentType.toLatin1();
    response.body = bytes;
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return response;
}

HttpResponse HealthRoutes::pending(const HttpRequest &)
{
    const std::optional<QList<PendingHealthRecord>> records = m_service.pending();
    if (!records)
        return http::internalError();
    QJsonArray array;
    for (const PendingHealthRecord &pending : *records) {
        QJsonObject record = pending.record.toJson();
        record.insert(QStringLiteral("person"),
            QJsonObject { { QStringLiteral("id"), pending.record.userId },
                { QStringLiteral("name"), pending.displayName },
                { QStringLiteral("department"), pending.department },
                { QStringLiteral("geo"), pending.geo } });
        array.append(record);
    }
    return http::json(QJsonObject { { QStringLiteral("records"), array } });
}

HttpResponse HealthRoutes::decide(const HttpRequest &request, bool verify)
{
    QString problem;
    const std::optional<QJsonObject> body =
        request.body.trimmed().isEmpty() ? QJsonObject() : request.jsonBody(&problem);
    if (!body)
        return http::badRequest(problem);
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != u"comment")
            return refusal(400, QStringLiteral("invalid_request"), it.key(),
                QStringLiteral("“%1” is not a field of a decision (comment).").arg(it.key()));
    }
    const QString comment = body->value(QStringLiteral("comment")).toString().trimmed();
    if (!verify && comment.isEmpty())
        return refusal(422, QStringLiteral("comment_required"), QStringLiteral("comment"),
            QStringLiteral("A rejection says why: give a comment."));
    if (comment.size() > 2000)
        return refusal(422, QStringLiteral("invalid_field"), QStringLiteral("comment"),
            QStringLiteral("A comment is at most 2000 characters."));
    HealthRecord record;
    switch (m_service.decide(
        request.params.value(0), verify, comment, request.principal->userId, &record)) {
    case HealthService::Outcome::Done:
        return http::json(recordAnswer(record));
    case HealthService::Outcome::NotFound:
        return noRecord();
    case HealthService::Outcome::NotPending:
        return refusal(409, QStringLiteral("already_decided"), {},
            QStringLiteral("This record was decided already."));
    case HealthService::Outcome::OwnRecord:
        return refusal(403, QStringLiteral("own_record"), {},
            QStringLiteral("Your own record is decided by another medical person."));
    default:
        return http::internalError();
    }
}

HttpResponse HealthRoutes::report(const HttpRequest &)
{
    const std::optional<QJsonObject> report = m_service.report();
    if (!report)
        return http::internalError();
    return http::json(*report);
}

} // namespace tessera::server
