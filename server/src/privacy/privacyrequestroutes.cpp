#include "privacy/privacyrequestroutes.h"

#include "base/clock.h"
#include "crypto/passwordhasher.h"
#include "http/idempotentrequest.h"
#include "http/jsonreader.h"
#include "http/routetable.h"
#include "privacy/privacyrequests.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>

#include <algorithm>
#include <variant>

namespace tessera::server {

namespace {

// As sign-in answers a locked account (docs/IDENTITY.md, "Lockout").
HttpResponse tooManyAttempts(qint64 seconds)
{
    const qint64 minutes = std::max<qint64>(1, (seconds + 59) / 60);
    HttpResponse response = http::error(429, QStringLiteral("too_many_attempts"),
        QStringLiteral("Too many wrong passwords for this account. Try again in %1 minute%2.")
            .arg(minutes)
            .arg(minutes == 1 ? QString() : QStringLiteral("s")));
    response.setHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(seconds));
    return response;
}

} // namespace

PrivacyRequestRoutes::PrivacyRequestRoutes(
    PrivacyRequests &requests, Storage &storage, const PasswordHasher &hasher)
    : m_requests(requests)
    , m_storage(storage)
    , m_hasher(hasher)
    , m_lockout(requests.clock())
{ }

void PrivacyRequestRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Post, QStringLiteral("/v1/privacy/requests"), Access::SignedIn,
        [this](const HttpRequest &request) { return create(request); });
    routes.add(M::Get, QStringLiteral("/v1/privacy/requests"), Access::SignedIn,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(M::Post, QStringLiteral("/v1/me/deletion"), Access::SignedIn,
        [this](const HttpRequest &request) { return deleteAccount(request); });
    routes.setMaxBodyBytes(M::Post, QStringLiteral("/v1/me/deletion"), RouteTable::signInBodyBytes);
}

HttpResponse PrivacyRequestRoutes::create(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("kind"), QStringLiteral("comment") });
    const QString kind = reader.string(QStringLiteral("kind"), 16);
    const QString comment = reader.string(QStringLiteral("comment"), maxCommentLength);
    if (!reader.ok())
        return http::badRequest(reader.error());
    if (kind != QStringLiteral("correction") && kind != QStringLiteral("deletion"))
        return http::badRequest(QStringLiteral("“kind” is correction or deletion."));
    if (comment.trimmed().isEmpty())
        return http::badRequest(QStringLiteral("“comment” says what to correct or why: 1 to %1 "
                                               "characters, not only spaces.")
                                    .arg(maxCommentLength));
    // With an Idempotency-Key (the app's outbox) a retry gets the first answer again.
    if (request.header(QByteArrayLiteral("Idempotency-Key")).isEmpty())
        return createNow(request, kind, comment, {});
    return answerIdempotently(request, QStringLiteral("user:") + request.principal->userId,
        m_storage.connection(), m_requests.clock().now(), [&](const IdempotentComplete &complete) {
            return createNow(request, kind, comment, complete);
        });
}

HttpResponse PrivacyRequestRoutes::createNow(const HttpRequest &request, const QString &kind,
    const QString &comment, const std::function<bool(const HttpResponse &)> &complete)
{
    const PrivacyRequests::Created created =
        m_requests.create(request.principal->userId, kind, comment, complete);
    using Outcome = PrivacyRequests::Created::Outcome;
    switch (created.outcome) {
    case Outcome::Created:
        return http::json(QJsonObject { { QStringLiteral("request"), created.request } }, 201);
    case Outcome::Duplicate:
        return http::errorWith(409, QStringLiteral("request_open"),
            QStringLiteral("You have an open %1 request already; it is still being decided.")
                .arg(kind),
            QJsonObject { { QStringLiteral("request"), created.request } });
    case Outcome::NoOfficer:
        return http::error(409, QStringLiteral("no_privacy_officer"),
            QStringLiteral("Nobody else holds the privacy role to decide this request; ask an "
                           "administrator to name a privacy officer."));
    case Outcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse PrivacyRequestRoutes::list(const HttpRequest &request) const
{
    const std::optional<QJsonArray> requests = m_requests.list(request.principal->userId);
    if (!requests)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("requests"), *requests } });
}

HttpResponse PrivacyRequestRoutes::deleteAccount(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("password") });
    const QString password = reader.string(QStringLiteral("password"), 1024);
    if (!reader.ok())
        return http::badRequest(reader.error());
    const QString userId = request.principal->userId;
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT kind, user_type, password_hash, username FROM users WHERE id = ?"),
            { userId }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("This account no longer exists."));
    const bool localId = query.value(0).toString() == QStringLiteral("local")
        && query.value(1).toString() == QStringLiteral("non_employee");
    const QVariant hash = query.value(2);
    const QString usernameKey = LoginLockout::key(query.value(3).toString());
    // Done with the read before the erasure's write transaction (SQLite: a read still open
    // would keep an old snapshot the write could not start from).
    query.finish();
    if (!localId)
        return http::error(403, QStringLiteral("employee_account"),
            QStringLiteral("An employee's account belongs to the organisation and cannot delete "
                           "itself: send a deletion request to the privacy officers instead."));
    // The account's sign-in lockout: refused while it is locked, even with the right password.
    auto reserved = m_lockout.reserve(db, usernameKey, request.remoteAddress.toString());
    if (const auto *refusal = std::get_if<LoginLockout::Refusal>(&reserved))
        return refusal->retryAfterSeconds > 0 ? tooManyAttempts(refusal->retryAfterSeconds)
                                              : http::internalError();
    LoginLockout::Attempt &attempt = std::get<LoginLockout::Attempt>(reserved);
    if (hash.isNull() || !m_hasher.verify(hash.toString(), password)) {
        attempt.failed();
        return http::error(403, QStringLiteral("wrong_password"),
            QStringLiteral("That is not this account's password; nothing was deleted."));
    }
    attempt.succeeded();
    if (!m_requests.eraseAccount(userId))
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("deleted"), true } });
}

} // namespace tessera::server
