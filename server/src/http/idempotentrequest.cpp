#include "http/idempotentrequest.h"

#include "http/idempotency.h"
#include "http/routetable.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace tessera::server {

namespace {

QString requestHash(const HttpRequest &request, const QJsonObject &body)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(RouteTable::methodName(request.method).toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(request.route.toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(request.params.join(QLatin1Char('/')).toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

HttpResponse answerIdempotently(const HttpRequest &request, const QString &scope, QSqlDatabase db,
    const QDateTime &now,
    const std::function<HttpResponse(const IdempotentComplete &complete)> &work)
{
    const QByteArray key = request.header(QByteArrayLiteral("Idempotency-Key"));
    if (!Idempotency::isValidKey(key))
        return http::error(400, QStringLiteral("idempotency_key_required"),
            QStringLiteral("Send an Idempotency-Key header of 1 to %1 visible ASCII characters.")
                .arg(Idempotency::maxKeyLength));
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    const QString keyText = QString::fromLatin1(key);
    const Idempotency::Result claim =
        Idempotency::claim(db, scope, keyText, requestHash(request, *body), now);
    switch (claim.claim) {
    case Idempotency::Claim::Failed:
        return http::internalError();
    case Idempotency::Claim::Mismatch:
        return http::error(422, QStringLiteral("idempotency_key_reused"),
            QStringLiteral("This Idempotency-Key was already used for a different request."));
    case Idempotency::Claim::InProgress: {
        HttpResponse response = http::error(409, QStringLiteral("request_in_progress"),
            QStringLiteral("A request with this Idempotency-Key is still being processed."));
        response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
        return response;
    }
    case Idempotency::Claim::Replay: {
        HttpResponse response = http::json({}, claim.status);
        response.body = claim.body;
        response.setHeader(QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true"));
        return response;
    }
    case Idempotency::Claim::Fresh:
        break;
    }
    bool stored = false;
    const auto complete = [&](const HttpResponse &response) {
        stored = Idempotency::complete(db, scope, keyText, response.status, response.body);
        return stored;
    };
    HttpResponse response = work(complete);
    if (response.status >= 500)
        Idempotency::release(db, scope, keyText);
    else if (!stored)
        Idempotency::complete(db, scope, keyText, response.status, response.body);
    return response;
}

} // namespace tessera::server
