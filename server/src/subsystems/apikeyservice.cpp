#include "subsystems/apikeyservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "http/jsonreader.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>

namespace tessera::server {

namespace {

struct NewKey
{
    QString id;
    QString key;
    QString secret;
};

std::optional<NewKey> insertKey(QSqlDatabase &db, const SecretSeal &seal, const QString &subsystem,
    const QStringList &prefixes, const QString &now)
{
    NewKey made { randomtokens::urlSafe(QStringLiteral("key_"), 9),
        randomtokens::urlSafe(QStringLiteral("tsk_"), 32),
        randomtokens::urlSafe(QStringLiteral("whsec_"), 32) };
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES (?, ?, ?, ?, ?)"),
            { made.id, subsystem, randomtokens::sha256Hex(made.key),
                seal.seal(made.secret.toUtf8(), webhookSecretContext(made.id)), now }))
        return std::nullopt;
    for (const QString &prefix : prefixes) {
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO api_key_callback_prefixes (api_key_id, prefix)"
                               " VALUES (?, ?)"),
                { made.id, prefix }))
            return std::nullopt;
    }
    return made;
}

QJsonObject answer(const NewKey &made, const QString &subsystem, const QStringList &prefixes)
{
    return QJsonObject {
        { QStringLiteral("id"), made.id },
        { QStringLiteral("subsystem"), subsystem },
        { QStringLiteral("key"), made.key },
        { QStringLiteral("webhookSecret"), made.secret },
        { QStringLiteral("callbackPrefixes"), QJsonArray::fromStringList(prefixes) },
    };
}

} // namespace

ApiKeyService::ApiKeyService(Storage &storage, const Clock &clock, const SecretSeal &seal)
    : m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
{ }

void ApiKeyService::addRoutes(RouteTable &routes)
{
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/api-keys"), Access::Admin,
        [this](const HttpRequest &request) { return create(request); });
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/api-keys/{id}/rotate"),
        Access::Admin, [this](const HttpRequest &request) { return rotate(request); });
}

HttpResponse ApiKeyService::create(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("subsystem"), QStringLiteral("callbackPrefixes") });
    const QString subsystem = reader.string(QStringLiteral("subsystem"), 64);
    const QStringList prefixes =
        reader.stringList(QStringLiteral("callbackPrefixes"), maxPrefixes, 500);
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9 ._-]*$"));
    if (reader.ok() && !namePattern.match(subsystem).hasMatch())
        reader.fail(
            QStringLiteral("“subsystem” must be letters, digits, spaces, '.', '_' or '-'."));
    for (const QString &prefix : prefixes) {
        // Parsed as callbacks are (CallbackUrl): a prefix they could never match is refused.
        QString why;
        const std::optional<CallbackUrl> url = CallbackUrl::parse(prefix, &why);
        if (reader.ok() && (!url || url->url().hasQuery()))
            reader.fail(
                QStringLiteral("“%1” is not a callback prefix (http or https, a host, an optional "
                               "port and path; no user, query or fragment): %2.")
                    .arg(prefix, url ? QStringLiteral("it has a query") : why));
    }
    if (!reader.ok())
        return http::badRequest(reader.error());
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    const QString now = wiretime::format(m_clock.now());
    const std::optional<NewKey> made =
        transaction.isActive() ? insertKey(db, m_seal, subsystem, prefixes, now) : std::nullopt;
    if (!made)
        return http::internalError();
    writeAudit(
        db, m_clock.now(), request.principal->userId, QStringLiteral("create_api_key"), made->id);
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << made->id << "made for" << subsystem;
    return http::json(answer(*made, subsystem, prefixes), 201);
}

HttpResponse ApiKeyService::rotate(const HttpRequest &request)
{
    const QString oldId = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("SELECT subsystem FROM api_keys WHERE id = ? AND revoked_at IS NULL"),
            { oldId }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such active API key."));
    const QString subsystem = query.value(0).toString();
    QStringList prefixes;
    if (!sql::exec(query,
            QStringLiteral("SELECT prefix FROM api_key_callback_prefixes WHERE api_key_id = ?"
                           " ORDER BY prefix"),
            { oldId }))
        return http::internalError();
    while (query.next())
        prefixes.append(query.value(0).toString());
    const QString now = wiretime::format(m_clock.now());
    // Webhooks already queued keep the old key's secret: they were promised under it.
    if (!sql::exec(query, QStringLiteral("UPDATE api_keys SET revoked_at = ? WHERE id = ?"),
            { now, oldId }))
        return http::internalError();
    const std::optional<NewKey> made = insertKey(db, m_seal, subsystem, prefixes, now);
    if (!made)
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("rotate_api_key"),
        oldId + QStringLiteral(" -> ") + made->id);
    if (!transaction.commit())
        return http::internalError();
    return http::json(answer(*made, subsystem, prefixes));
}

} // namespace tessera::server
