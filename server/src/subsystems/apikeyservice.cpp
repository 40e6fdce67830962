#include "subsystems/apikeyservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "http/jsonreader.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"
#include "subsystems/deliverylog.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrlQuery>

#include <cmath>

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

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

HttpResponse noActiveKey()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such active API key."));
}

// The callback prefixes of each key in ids (none: no entry).
std::optional<QHash<QString, QStringList>> callbackPrefixes(
    QSqlDatabase &db, const QStringList &ids)
{
    QHash<QString, QStringList> prefixes;
    if (ids.isEmpty())
        return prefixes;
    QStringList marks;
    QVariantList values;
    for (const QString &id : ids) {
        marks.append(QStringLiteral("?"));
        values.append(id);
    }
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT api_key_id, prefix FROM api_key_callback_prefixes WHERE"
                           " api_key_id IN (%1) ORDER BY prefix")
                .arg(marks.join(QLatin1Char(','))),
            values))
        return std::nullopt;
    while (query.next())
        prefixes[query.value(0).toString()].append(query.value(1).toString());
    return prefixes;
}

// The rotation's overlap from its body (empty, or {"overlapSeconds": N}); nullopt when wrong.
std::optional<qint64> overlapSeconds(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return ApiKeyService::defaultOverlapSeconds;
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body || !json::unknownFields(*body, { QStringLiteral("overlapSeconds") }).isEmpty())
        return std::nullopt;
    if (!body->contains(QStringLiteral("overlapSeconds")))
        return ApiKeyService::defaultOverlapSeconds;
    const QJsonValue value = body->value(QStringLiteral("overlapSeconds"));
    const double seconds = value.toDouble(-1);
    if (!value.isDouble() || seconds != std::floor(seconds) || seconds < 0
        || seconds > double(ApiKeyService::maxOverlapSeconds))
        return std::nullopt;
    return static_cast<qint64>(seconds);
}

// A list page's query: ?limit=1..max (default 50) and ?cursor=<the last id of the page before>.
struct ListPage
{
    int limit = ApiKeyService::defaultListLimit;
    QString after;

    static std::optional<ListPage> read(const QUrlQuery &query)
    {
        ListPage page;
        if (query.hasQueryItem(QStringLiteral("limit"))) {
            bool ok = false;
            page.limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
            if (!ok || page.limit < 1 || page.limit > ApiKeyService::maxListLimit)
                return std::nullopt;
        }
        // Never a null string: it would be bound as NULL, and "id > NULL" holds for no row.
        page.after = query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
        if (page.after.isNull())
            page.after = QStringLiteral("");
        static const QRegularExpression cursorPattern(QStringLiteral("^key_[A-Za-z0-9_-]{1,64}$"));
        if (!page.after.isEmpty() && !cursorPattern.match(page.after).hasMatch())
            return std::nullopt;
        return page;
    }
};

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
    routes.add(RouteTable::Method::Get, QStringLiteral("/v1/admin/api-keys"), Access::Admin,
        [this](const HttpRequest &request) { return list(request); });
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/api-keys/{id}/rotate"),
        Access::Admin, [this](const HttpRequest &request) { return rotate(request); });
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/api-keys/{id}/revoke"),
        Access::Admin, [this](const HttpRequest &request) { return revoke(request); });
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

HttpResponse ApiKeyService::list(const HttpRequest &request)
{
    const std::optional<ListPage> page = ListPage::read(request.query);
    if (!page)
        return http::badRequest(QStringLiteral(
            "“limit” is a whole number from 1 to %1; “cursor” is the cursor of an earlier page.")
                                    .arg(maxListLimit));
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, subsystem, created_at, rotated_at, revoked_at,"
                           " previous_until FROM api_keys WHERE id > ? ORDER BY id LIMIT ")
                + QString::number(page->limit + 1),
            { page->after }))
        return http::internalError();
    const QString now = wiretime::format(m_clock.now());
    QList<QJsonObject> keys;
    QStringList ids;
    while (query.next()) {
        const QString overlapEnd = query.value(5).toString();
        keys.append(QJsonObject {
            { QStringLiteral("id"), query.value(0).toString() },
            { QStringLiteral("subsystem"), query.value(1).toString() },
            { QStringLiteral("createdAt"), query.value(2).toString() },
            { QStringLiteral("rotatedAt"), nullOr(query.value(3).toString()) },
            { QStringLiteral("revokedAt"), nullOr(query.value(4).toString()) },
            { QStringLiteral("state"),
                query.value(4).isNull() ? QStringLiteral("active") : QStringLiteral("revoked") },
            // Only an overlap still running: after it the old key and secret are gone.
            { QStringLiteral("overlapEndsAt"), nullOr(overlapEnd > now ? overlapEnd : QString()) },
        });
        ids.append(query.value(0).toString());
    }
    const bool hasMore = keys.size() > page->limit;
    if (hasMore) {
        keys.removeLast();
        ids.removeLast();
    }
    const std::optional<QHash<QString, QStringList>> prefixes = callbackPrefixes(db, ids);
    if (!prefixes)
        return http::internalError();
    QJsonArray items;
    for (QJsonObject &key : keys) {
        key.insert(QStringLiteral("callbackPrefixes"),
            QJsonArray::fromStringList(
                prefixes->value(key.value(QStringLiteral("id")).toString())));
        items.append(key);
    }
    return http::json(QJsonObject {
        { QStringLiteral("keys"), items },
        { QStringLiteral("cursor"), ids.isEmpty() ? page->after : ids.constLast() },
        { QStringLiteral("hasMore"), hasMore },
    });
}

HttpResponse ApiKeyService::rotate(const HttpRequest &request)
{
    const std::optional<qint64> overlap = overlapSeconds(request);
    if (!overlap)
        return http::badRequest(
            QStringLiteral("The body is empty or {\"overlapSeconds\": N}, N a whole number of "
                           "seconds from 0 to %1 (7 days); without it %2 (24 hours).")
                .arg(maxOverlapSeconds)
                .arg(defaultOverlapSeconds));
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("SELECT subsystem FROM api_keys WHERE id = ? AND revoked_at IS NULL"),
            { id }))
        return http::internalError();
    if (!query.next())
        return noActiveKey();
    const QString subsystem = query.value(0).toString();
    const std::optional<QHash<QString, QStringList>> prefixes = callbackPrefixes(db, { id });
    if (!prefixes)
        return http::internalError();
    const QDateTime now = m_clock.now();
    const NewKey made { id, randomtokens::urlSafe(QStringLiteral("tsk_"), 32),
        randomtokens::urlSafe(QStringLiteral("whsec_"), 32) };
    // The replaced key and secret move to previous_*; webhooks queued for this key are signed
    // with both until the overlap ends. With no overlap they are dropped at once.
    const QVariant overlapEnd = *overlap > 0 ? QVariant(wiretime::format(now.addSecs(*overlap)))
                                             : QVariant(QMetaType::fromType<QString>());
    if (!sql::exec(query,
            *overlap > 0 ? QStringLiteral(
                "UPDATE api_keys SET previous_key_hash = key_hash,"
                " previous_secret = webhook_secret, previous_until = ?,"
                " key_hash = ?, webhook_secret = ?, rotated_at = ? WHERE id = ? AND"
                " revoked_at IS NULL")
                         : QStringLiteral(
                             "UPDATE api_keys SET previous_key_hash = NULL,"
                             " previous_secret = NULL, previous_until = ?,"
                             " key_hash = ?, webhook_secret = ?, rotated_at = ? WHERE id = ? AND"
                             " revoked_at IS NULL"),
            { overlapEnd, randomtokens::sha256Hex(made.key),
                m_seal.seal(made.secret.toUtf8(), webhookSecretContext(id)), wiretime::format(now),
                id }))
        return http::internalError();
    if (query.numRowsAffected() != 1)
        return noActiveKey(); // revoked meanwhile
    writeAudit(db, now, request.principal->userId, QStringLiteral("rotate_api_key"), id,
        QStringLiteral("overlap %1 s").arg(*overlap));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << id << "rotated, overlap" << *overlap << "s";
    QJsonObject body = answer(made, subsystem, prefixes->value(id));
    body.insert(QStringLiteral("rotatedAt"), wiretime::format(now));
    body.insert(QStringLiteral("overlapEndsAt"),
        overlapEnd.isNull() ? QJsonValue() : overlapEnd.toJsonValue());
    return http::json(body);
}

HttpResponse ApiKeyService::revoke(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    const QDateTime now = m_clock.now();
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("UPDATE api_keys SET revoked_at = ?, previous_key_hash = NULL,"
                           " previous_secret = NULL, previous_until = NULL WHERE id = ? AND"
                           " revoked_at IS NULL"),
            { wiretime::format(now), id }))
        return http::internalError();
    if (query.numRowsAffected() != 1)
        return noActiveKey();
    // Its webhooks waiting for a retry are never sent now: dead-lettered with the revocation.
    const std::optional<int> deadLettered = DeliveryLog::deadLetterAllPending(
        db, id, wiretime::format(now), DeliveryLog::keyRevokedError());
    if (!deadLettered)
        return http::internalError();
    writeAudit(db, now, request.principal->userId, QStringLiteral("revoke_api_key"), id,
        QStringLiteral("%1 pending webhook deliveries dead-lettered").arg(*deadLettered));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << id << "revoked;" << *deadLettered
                     << "pending webhook deliveries dead-lettered";
    return http::json(QJsonObject { { QStringLiteral("id"), id },
        { QStringLiteral("state"), QStringLiteral("revoked") },
        { QStringLiteral("revokedAt"), wiretime::format(now) },
        { QStringLiteral("deadLetteredDeliveries"), *deadLettered } });
}

} // namespace tessera::server
