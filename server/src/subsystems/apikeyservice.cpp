#include "subsystems/apikeyservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "http/apiscope.h"
#include "http/jsonreader.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackprefixes.h"
#include "subsystems/callbackurl.h"
#include "subsystems/deliverylog.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrlQuery>

#include <cmath>
#include <variant>

namespace tessera::server {

namespace {

struct NewKey
{
    QString id;
    QString key;
    QString secret;
};

std::optional<NewKey> insertKey(QSqlDatabase &db, const SecretSeal &seal, const QString &subsystem,
    const QStringList &prefixes, const QStringList &scopes, const QString &now)
{
    NewKey made { randomtokens::urlSafe(QStringLiteral("key_"), 9),
        randomtokens::urlSafe(QStringLiteral("tsk_"), 32),
        randomtokens::urlSafe(QStringLiteral("whsec_"), 32) };
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at, scopes) VALUES (?, ?, ?, ?, ?, ?)"),
            { made.id, subsystem, randomtokens::sha256Hex(made.key),
                seal.seal(made.secret.toUtf8(), webhookSecretContext(made.id)), now,
                apiscope::toStored(scopes) }))
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

QJsonObject answer(const NewKey &made, const QString &subsystem, const QStringList &prefixes,
    const QStringList &scopes)
{
    return QJsonObject {
        { QStringLiteral("id"), made.id },
        { QStringLiteral("subsystem"), subsystem },
        { QStringLiteral("key"), made.key },
        { QStringLiteral("webhookSecret"), made.secret },
        { QStringLiteral("callbackPrefixes"), QJsonArray::fromStringList(prefixes) },
        { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) },
    };
}

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

// 409 for a rotation while the last one's overlap runs until until.
HttpResponse rotationInProgress(const QString &until)
{
    return http::error(409, QStringLiteral("rotation_in_progress"),
        QStringLiteral("This key's last rotation is still in its overlap until %1: the key "
                       "before it still works. Rotate again after that, or now with "
                       "{\"force\": true} (the key before the current one stops at once) or "
                       "{\"overlapSeconds\": 0} (every old key stops at once).")
            .arg(until));
}

HttpResponse noActiveKey()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such active API key."));
}

// An active (not revoked) key as rotate and changeScopes read it.
struct ActiveKey
{
    QString subsystem;
    QStringList scopes;
    QString previousUntil; // the end of its last rotation's overlap, or empty
};

// The active key with this id (in db's transaction), or the answer instead: 404 when there is
// none, 500 when it could not be read.
std::variant<ActiveKey, HttpResponse> activeKey(QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT subsystem, scopes, previous_until FROM api_keys WHERE id = ?"
                           " AND revoked_at IS NULL"),
            { id }))
        return http::internalError();
    if (!query.next())
        return noActiveKey();
    return ActiveKey { query.value(0).toString(), apiscope::fromStored(query.value(1).toString()),
        query.value(2).toString() };
}

// A rotation's body: empty, or {"overlapSeconds": N, "force": true|false}.
struct Rotation
{
    qint64 overlap = ApiKeyService::defaultOverlapSeconds;
    bool force = false; // end a running overlap's old key at once rather than be refused

    // nullopt when the body is none of these.
    static std::optional<Rotation> read(const HttpRequest &request)
    {
        Rotation rotation;
        if (request.body.trimmed().isEmpty())
            return rotation;
        QString error;
        const std::optional<QJsonObject> body = request.jsonBody(&error);
        if (!body
            || !json::unknownFields(
                *body, { QStringLiteral("overlapSeconds"), QStringLiteral("force") })
                    .isEmpty())
            return std::nullopt;
        const QJsonValue force = body->value(QStringLiteral("force"));
        if (!force.isUndefined() && !force.isBool())
            return std::nullopt;
        rotation.force = force.toBool();
        if (!body->contains(QStringLiteral("overlapSeconds")))
            return rotation;
        const QJsonValue value = body->value(QStringLiteral("overlapSeconds"));
        const double seconds = value.toDouble(-1);
        if (!value.isDouble() || seconds != std::floor(seconds) || seconds < 0
            || seconds > double(ApiKeyService::maxOverlapSeconds))
            return std::nullopt;
        rotation.overlap = static_cast<qint64>(seconds);
        return rotation;
    }
};

// A list page's query: ?limit=1..max (default 50, also when empty, as the other lists) and
// ?cursor=<the last id of the page before>.
struct ListPage
{
    int limit = ApiKeyService::defaultListLimit;
    QString after;

    static std::optional<ListPage> read(const HttpRequest &request)
    {
        ListPage page;
        const std::optional<int> limit =
            request.pageLimit(ApiKeyService::defaultListLimit, ApiKeyService::maxListLimit);
        if (!limit)
            return std::nullopt;
        page.limit = *limit;
        const QUrlQuery &query = request.query;
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
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/api-keys/{id}/scopes"),
        Access::Admin, [this](const HttpRequest &request) { return changeScopes(request); });
}

HttpResponse ApiKeyService::create(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("subsystem"), QStringLiteral("callbackPrefixes"),
        QStringLiteral("scopes") });
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
    QStringList scopes;
    if (std::optional<HttpResponse> refusal = apiscope::read(*body, false, &scopes))
        return *refusal;
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    const QString now = wiretime::format(m_clock.now());
    const std::optional<NewKey> made = transaction.isActive()
        ? insertKey(db, m_seal, subsystem, prefixes, scopes, now)
        : std::nullopt;
    if (!made)
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("create_api_key"),
        made->id, QStringLiteral("scopes %1").arg(apiscope::toStored(scopes)));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << made->id << "made for" << subsystem;
    return http::json(answer(*made, subsystem, prefixes, scopes), 201);
}

HttpResponse ApiKeyService::list(const HttpRequest &request)
{
    const std::optional<ListPage> page = ListPage::read(request);
    if (!page)
        return http::badRequest(QStringLiteral(
            "“limit” is a whole number from 1 to %1; “cursor” is the cursor of an earlier page.")
                                    .arg(maxListLimit));
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, subsystem, created_at, rotated_at, revoked_at,"
                           " previous_until, scopes, card_hosts FROM api_keys WHERE id > ? AND"
                           " internal = 0"
                           " ORDER BY id LIMIT ")
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
            { QStringLiteral("scopes"),
                QJsonArray::fromStringList(apiscope::fromStored(query.value(6).toString())) },
            // The hosts its cards may link to (cards/cardhosts.h: separated by spaces).
            { QStringLiteral("cardHosts"),
                QJsonArray::fromStringList(
                    query.value(7).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts)) },
        });
        ids.append(query.value(0).toString());
    }
    const bool hasMore = keys.size() > page->limit;
    if (hasMore) {
        keys.removeLast();
        ids.removeLast();
    }
    const std::optional<QHash<QString, QStringList>> prefixes = CallbackPrefixes::ofKeys(db, ids);
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
    const std::optional<Rotation> rotation = Rotation::read(request);
    if (!rotation)
        return http::badRequest(
            QStringLiteral("The body is empty or {\"overlapSeconds\": N, \"force\": true}, N a "
                           "whole number of seconds from 0 to %1 (7 days); without it %2 (24 "
                           "hours).")
                .arg(maxOverlapSeconds)
                .arg(defaultOverlapSeconds));
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return http::internalError();
    const std::variant<ActiveKey, HttpResponse> key = activeKey(db, id);
    if (const HttpResponse *refusal = std::get_if<HttpResponse>(&key))
        return *refusal;
    const auto &[subsystem, scopes, runningUntil] = std::get<ActiveKey>(key);
    QSqlQuery query(db);
    const QDateTime now = m_clock.now();
    // A second rotation during an overlap would end the first one's old key at once: the
    // operator who still relies on it says so (force), or ends every old key (overlap 0). The
    // update checks it again, for a rotation that came in between.
    const bool guarded = rotation->overlap > 0 && !rotation->force;
    if (guarded && runningUntil > wiretime::format(now))
        return rotationInProgress(runningUntil);
    const std::optional<QHash<QString, QStringList>> prefixes =
        CallbackPrefixes::ofKeys(db, { id });
    if (!prefixes)
        return http::internalError();
    const NewKey made { id, randomtokens::urlSafe(QStringLiteral("tsk_"), 32),
        randomtokens::urlSafe(QStringLiteral("whsec_"), 32) };
    // The replaced key and secret move to previous_*; webhooks queued for this key are signed
    // with both until the overlap ends. With no overlap they are dropped at once.
    const QVariant overlapEnd = rotation->overlap > 0
        ? QVariant(wiretime::format(now.addSecs(rotation->overlap)))
        : QVariant(QMetaType::fromType<QString>());
    if (!sql::exec(query,
            rotation->overlap > 0
                ? QStringLiteral(
                    "UPDATE api_keys SET previous_key_hash = key_hash,"
                    " previous_secret = webhook_secret, previous_until = ?,"
                    " key_hash = ?, webhook_secret = ?, rotated_at = ? WHERE id = ? AND"
                    " revoked_at IS NULL AND (? = 1 OR previous_until IS NULL OR"
                    " previous_until <= ?)")
                : QStringLiteral(
                    "UPDATE api_keys SET previous_key_hash = NULL,"
                    " previous_secret = NULL, previous_until = ?,"
                    " key_hash = ?, webhook_secret = ?, rotated_at = ? WHERE id = ? AND"
                    " revoked_at IS NULL AND (? = 1 OR previous_until IS NULL OR"
                    " previous_until <= ?)"),
            { overlapEnd, randomtokens::sha256Hex(made.key),
                m_seal.seal(made.secret.toUtf8(), webhookSecretContext(id)), wiretime::format(now),
                id, guarded ? 0 : 1, wiretime::format(now) }))
        return http::internalError();
    if (query.numRowsAffected() != 1) {
        // Revoked, or rotated by someone else, meanwhile.
        if (!sql::exec(query,
                QStringLiteral("SELECT previous_until FROM api_keys WHERE id = ? AND"
                               " revoked_at IS NULL"),
                { id }))
            return http::internalError();
        return query.next() ? rotationInProgress(query.value(0).toString()) : noActiveKey();
    }
    writeAudit(db, now, request.principal->userId, QStringLiteral("rotate_api_key"), id,
        QStringLiteral("overlap %1 s%2")
            .arg(rotation->overlap)
            .arg(rotation->force ? QStringLiteral(", forced") : QString()));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << id << "rotated, overlap" << rotation->overlap << "s";
    QJsonObject body = answer(made, subsystem, prefixes->value(id), scopes);
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
    if (m_revoked)
        m_revoked(id);
    return http::json(QJsonObject { { QStringLiteral("id"), id },
        { QStringLiteral("state"), QStringLiteral("revoked") },
        { QStringLiteral("revokedAt"), wiretime::format(now) },
        { QStringLiteral("deadLetteredDeliveries"), *deadLettered } });
}

HttpResponse ApiKeyService::changeScopes(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("scopes") });
    if (!reader.ok())
        return http::badRequest(reader.error());
    QStringList scopes;
    if (std::optional<HttpResponse> refusal = apiscope::read(*body, true, &scopes))
        return *refusal;
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return http::internalError();
    const std::variant<ActiveKey, HttpResponse> key = activeKey(db, id);
    if (const HttpResponse *refusal = std::get_if<HttpResponse>(&key))
        return *refusal;
    const QString &subsystem = std::get<ActiveKey>(key).subsystem;
    const QString before = apiscope::toStored(std::get<ActiveKey>(key).scopes);
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE api_keys SET scopes = ? WHERE id = ? AND revoked_at IS NULL"),
            { apiscope::toStored(scopes), id }))
        return http::internalError();
    // Revoked since the SELECT (another node, between the two statements): nothing changed.
    if (query.numRowsAffected() != 1)
        return noActiveKey();
    const QDateTime now = m_clock.now();
    writeAudit(db, now, request.principal->userId, QStringLiteral("change_api_key_scopes"), id,
        QStringLiteral("scopes %1 (were %2)").arg(apiscope::toStored(scopes), before));
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "API key" << id << "scopes now" << scopes;
    return http::json(
        QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("subsystem"), subsystem },
            { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) } });
}

} // namespace tessera::server
