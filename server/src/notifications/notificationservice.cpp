#include "notifications/notificationservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "http/idempotency.h"
#include "http/jsonreader.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSqlQuery>

namespace tessera::server {

namespace {

constexpr qint64 kChangeLockId = 7303;
constexpr qsizetype kMaxRecipientsPerList = 1000;
constexpr int kMaxActions = 5;

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

QJsonValue textOrNull(const QVariant &value)
{
    return value.isNull() || value.toString().isEmpty() ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue(value.toString());
}

QJsonValue parseJson(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (document.isArray())
        return document.array();
    if (document.isObject())
        return document.object();
    return QJsonValue(QJsonValue::Null);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// The columns loadItem() and the inbox read, in this order.
const QString kItemColumns = QStringLiteral(
    "n.id, n.subsystem, n.title, n.body, n.category, n.priority, n.created_at, n.expires_at,"
    " n.actionable, n.actions, n.data, n.state, n.decided_action, n.decided_by,"
    " n.decided_by_name, n.decided_at, n.decided_via, n.version, i.read_at, i.change_id,"
    " n.decision_comment, n.ended_at");

QJsonObject itemFromRow(const QSqlQuery &row)
{
    const QString state = row.value(11).toString();
    const QString action = row.value(12).toString();
    QString shown;
    if (state == QStringLiteral("open"))
        shown = row.value(18).isNull() ? QStringLiteral("unread") : QStringLiteral("read");
    else if (state == QStringLiteral("decided"))
        shown = action == QStringLiteral("approve") ? QStringLiteral("approved")
            : action == QStringLiteral("reject")    ? QStringLiteral("rejected")
                                                    : QStringLiteral("done");
    else
        shown = state; // withdrawn, expired
    return QJsonObject {
        { QStringLiteral("id"), row.value(0).toString() },
        { QStringLiteral("subsystem"), row.value(1).toString() },
        { QStringLiteral("title"), row.value(2).toString() },
        { QStringLiteral("body"), row.value(3).toString() },
        { QStringLiteral("category"), row.value(4).toString() },
        { QStringLiteral("priority"), row.value(5).toString() },
        { QStringLiteral("createdAt"), row.value(6).toString() },
        { QStringLiteral("expiresAt"), textOrNull(row.value(7)) },
        { QStringLiteral("actionable"), row.value(8).toInt() != 0 },
        { QStringLiteral("actions"), parseJson(row.value(9).toString()) },
        { QStringLiteral("data"), parseJson(row.value(10).toString()) },
        { QStringLiteral("state"), shown },
        { QStringLiteral("decidedAction"), textOrNull(row.value(12)) },
        { QStringLiteral("decidedBy"), textOrNull(row.value(13)) },
        { QStringLiteral("decidedByName"), textOrNull(row.value(14)) },
        { QStringLiteral("decidedAt"), textOrNull(row.value(15)) },
        { QStringLiteral("decidedVia"), textOrNull(row.value(16)) },
        { QStringLiteral("version"), row.value(17).toLongLong() },
    };
}

HttpResponse withCurrent(
    int status, const QString &code, const QString &message, const QJsonObject &item)
{
    HttpResponse response = http::error(status, code, message);
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    body.insert(QStringLiteral("current"), item);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

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

NotificationService::NotificationService(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

void NotificationService::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Post, QStringLiteral("/v1/notifications"), Access::Subsystem,
        [this](const HttpRequest &request) { return create(request); });
    routes.add(M::Delete, QStringLiteral("/v1/notifications/{id}"), Access::Subsystem,
        [this](const HttpRequest &request) { return withdraw(request); });
    routes.add(M::Get, QStringLiteral("/v1/notifications/{id}/deliveries"), Access::Subsystem,
        [this](const HttpRequest &request) { return deliveries(request); });
    routes.add(M::Get, QStringLiteral("/v1/inbox"), Access::Employee,
        [this](const HttpRequest &request) { return inbox(request); });
    routes.add(M::Get, QStringLiteral("/v1/inbox/{id}"), Access::Employee,
        [this](const HttpRequest &request) { return item(request); });
    routes.add(M::Post, QStringLiteral("/v1/inbox/{id}/read"), Access::Employee,
        [this](const HttpRequest &request) { return markRead(request); });
    routes.add(M::Post, QStringLiteral("/v1/inbox/{id}/decision"), Access::Employee,
        [this](const HttpRequest &request) { return decide(request); });
}

// --- change ids ------------------------------------------------------------------------------

bool NotificationService::lockChanges(QSqlDatabase &db)
{
    if (m_storage.kind() != Storage::Kind::Postgresql)
        return true;
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kChangeLockId));
}

std::optional<qint64> NotificationService::nextChangeId(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("INSERT INTO change_counter (at) VALUES (?) RETURNING id"),
            { t(m_clock.now()) })
        || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

bool NotificationService::endNotification(QSqlDatabase &db, const QString &id, const QString &state,
    const QString &endedAt, QHash<QString, qint64> &cursors)
{
    const std::optional<qint64> change = nextChangeId(db);
    QSqlQuery query(db);
    if (!change
        || !sql::exec(query,
            QStringLiteral("UPDATE notifications SET state = ?, ended_at = ?,"
                           " version = version + 1 WHERE id = ?"),
            { state, endedAt, id })
        || !sql::exec(query,
            QStringLiteral("UPDATE inbox_items SET change_id = ? WHERE notification_id = ?"),
            { *change, id })
        || !sql::exec(query,
            QStringLiteral("SELECT user_id FROM inbox_items WHERE notification_id = ?"), { id }))
        return false;
    while (query.next())
        cursors.insert(query.value(0).toString(), *change);
    return true;
}

void NotificationService::notify(const QHash<QString, qint64> &cursors)
{
    if (m_changed && !cursors.isEmpty())
        m_changed(cursors);
}

// --- idempotency -----------------------------------------------------------------------------

HttpResponse NotificationService::withIdempotency(const HttpRequest &request, const QString &scope,
    const std::function<HttpResponse(
        QSqlDatabase &, const std::function<bool(const HttpResponse &)> &)> &work)
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
    QSqlDatabase db = m_storage.connection();
    const QString keyText = QString::fromLatin1(key);
    const Idempotency::Result claim =
        Idempotency::claim(db, scope, keyText, requestHash(request, *body), m_clock.now());
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
    HttpResponse response = work(db, complete);
    if (response.status >= 500)
        Idempotency::release(db, scope, keyText);
    else if (!stored)
        Idempotency::complete(db, scope, keyText, response.status, response.body);
    return response;
}

// --- sub-systems -----------------------------------------------------------------------------

HttpResponse NotificationService::create(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    return withIdempotency(request, QStringLiteral("key:") + caller.apiKeyId,
        [&](QSqlDatabase &db,
            const std::function<bool(const HttpResponse &)> &complete) -> HttpResponse {
            QString error;
            const QJsonObject body = *request.jsonBody(&error);
            JsonReader reader(body);
            reader.allowOnly({ QStringLiteral("recipients"), QStringLiteral("title"),
                QStringLiteral("body"), QStringLiteral("category"), QStringLiteral("priority"),
                QStringLiteral("actionable"), QStringLiteral("actions"),
                QStringLiteral("expiresAt"), QStringLiteral("reference"),
                QStringLiteral("callbackUrl"), QStringLiteral("data") });
            JsonReader recipients(
                reader.object(QStringLiteral("recipients")), QStringLiteral("recipients"));
            recipients.allowOnly({ QStringLiteral("users"), QStringLiteral("departments"),
                QStringLiteral("geos"), QStringLiteral("roles") });
            const QStringList users =
                recipients.stringList(QStringLiteral("users"), kMaxRecipientsPerList, 64);
            const QStringList departments =
                recipients.stringList(QStringLiteral("departments"), kMaxRecipientsPerList, 100);
            const QStringList geos =
                recipients.stringList(QStringLiteral("geos"), kMaxRecipientsPerList, 100);
            const QStringList roles = recipients.stringList(QStringLiteral("roles"), 4, 16);
            if (!recipients.ok())
                reader.fail(recipients.error());
            const QString title = reader.string(QStringLiteral("title"), maxTitleLength);
            const QString text = reader.string(QStringLiteral("body"), maxBodyBytes);
            const QString category = reader.string(QStringLiteral("category"), 64);
            QString priority = reader.optionalString(QStringLiteral("priority"), 16);
            const QString reference = reader.string(QStringLiteral("reference"), 200);
            const QString expiresText = reader.optionalString(QStringLiteral("expiresAt"), 40);
            const QString callbackText = reader.optionalString(QStringLiteral("callbackUrl"), 2000);
            if (priority.isEmpty())
                priority = QStringLiteral("normal");
            if (reader.ok() && text.toUtf8().size() > maxBodyBytes)
                reader.fail(QStringLiteral("“body” is larger than %1 bytes.").arg(maxBodyBytes));
            if (reader.ok() && priority != QStringLiteral("normal")
                && priority != QStringLiteral("high"))
                reader.fail(QStringLiteral("“priority” must be \"normal\" or \"high\"."));
            const QJsonValue actionableValue = body.value(QStringLiteral("actionable"));
            if (reader.ok() && !actionableValue.isUndefined() && !actionableValue.isBool())
                reader.fail(QStringLiteral("“actionable” must be true or false."));
            const bool actionable = actionableValue.toBool(false);
            QJsonArray actions;
            const QJsonValue actionsValue = body.value(QStringLiteral("actions"));
            if (reader.ok() && !actionsValue.isUndefined() && !actionsValue.isArray())
                reader.fail(QStringLiteral("“actions” must be an array."));
            const QJsonArray given = actionsValue.toArray();
            if (reader.ok() && actionable && (given.isEmpty() || given.size() > kMaxActions))
                reader.fail(QStringLiteral("An actionable notification needs 1 to %1 actions.")
                                .arg(kMaxActions));
            if (reader.ok() && !actionable && !given.isEmpty())
                reader.fail(QStringLiteral("“actions” are only for actionable notifications."));
            static const QRegularExpression actionId(QStringLiteral("^[a-z0-9_-]{1,32}$"));
            QStringList seen;
            for (qsizetype i = 0; reader.ok() && i < given.size(); ++i) {
                if (!given.at(i).isObject()) {
                    reader.fail(QStringLiteral("“actions[%1]” must be an object.").arg(i));
                    break;
                }
                JsonReader action(given.at(i).toObject(), QStringLiteral("actions[%1]").arg(i));
                action.allowOnly({ QStringLiteral("id"), QStringLiteral("label"),
                    QStringLiteral("requiresComment") });
                const QString id = action.string(QStringLiteral("id"), 32);
                const QString label = action.string(QStringLiteral("label"), 64);
                const QJsonValue needsComment =
                    given.at(i).toObject().value(QStringLiteral("requiresComment"));
                if (action.ok() && !actionId.match(id).hasMatch())
                    action.fail(
                        QStringLiteral("“actions[%1].id” must be 1 to 32 of a-z, 0-9, '_' and '-'.")
                            .arg(i));
                if (action.ok() && seen.contains(id))
                    action.fail(QStringLiteral("The action id “%1” appears twice.").arg(id));
                if (action.ok() && !needsComment.isUndefined() && !needsComment.isBool())
                    action.fail(
                        QStringLiteral("“actions[%1].requiresComment” must be true or false.")
                            .arg(i));
                if (!action.ok()) {
                    reader.fail(action.error());
                    break;
                }
                seen.append(id);
                actions.append(
                    QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("label"), label },
                        { QStringLiteral("requiresComment"), needsComment.toBool(false) } });
            }
            QString data;
            const QJsonValue dataValue = body.value(QStringLiteral("data"));
            if (reader.ok() && !dataValue.isUndefined() && !dataValue.isNull()) {
                if (!dataValue.isObject())
                    reader.fail(QStringLiteral("“data” must be an object."));
                else {
                    data = compact(dataValue.toObject());
                    if (data.toUtf8().size() > maxDataBytes)
                        reader.fail(
                            QStringLiteral("“data” is larger than %1 bytes.").arg(maxDataBytes));
                }
            }
            const QDateTime now = m_clock.now();
            std::optional<QDateTime> expires;
            if (reader.ok() && !expiresText.isEmpty()) {
                expires = wiretime::parse(expiresText);
                if (!expires)
                    reader.fail(QStringLiteral(
                        "“expiresAt” must be an RFC 3339 time such as 2026-11-29T10:42:00Z."));
                else if (*expires <= now)
                    reader.fail(QStringLiteral("“expiresAt” is in the past."));
            }
            for (const QString &role : roles) {
                if (reader.ok()
                    && !QStringList { QStringLiteral("manager"), QStringLiteral("scanner"),
                        QStringLiteral("publisher"), QStringLiteral("admin") }
                            .contains(role))
                    reader.fail(QStringLiteral("Unknown role “%1” in recipients.").arg(role));
            }
            if (!reader.ok())
                return http::badRequest(reader.error());
            // Stored (and POSTed to) normalized: docs/NOTIFICATIONS.md, CallbackUrl.
            QString callback;
            if (!callbackText.isEmpty()) {
                QString why;
                const std::optional<CallbackUrl> url = CallbackUrl::parse(callbackText, &why);
                if (!url)
                    return http::error(422, QStringLiteral("callback_invalid"),
                        QStringLiteral("“callbackUrl” %1.").arg(why));
                QSqlQuery prefixes(db);
                if (!sql::exec(prefixes,
                        QStringLiteral(
                            "SELECT prefix FROM api_key_callback_prefixes WHERE api_key_id = ?"),
                        { caller.apiKeyId }))
                    return http::internalError();
                bool allowed = false;
                while (prefixes.next()) {
                    const auto prefix = CallbackUrl::parse(prefixes.value(0).toString());
                    allowed = allowed || (prefix && url->isUnder(*prefix));
                }
                if (!allowed)
                    return http::error(422, QStringLiteral("callback_not_allowed"),
                        QStringLiteral("“callbackUrl” (%1) is not under any callback prefix of "
                                       "this API key.")
                            .arg(url->toString()));
                callback = url->toString();
            }

            // Recipients: employees only (the inbox is theirs), enabled accounts.
            QStringList clauses;
            QVariantList values;
            const auto addIn = [&](const QString &column, const QStringList &list) {
                if (list.isEmpty())
                    return;
                QStringList marks(list.size(), QStringLiteral("?"));
                clauses.append(column + QStringLiteral(" IN (") + marks.join(QLatin1Char(','))
                    + QLatin1Char(')'));
                for (const QString &value : list)
                    values.append(value);
            };
            addIn(QStringLiteral("id"), users);
            addIn(QStringLiteral("department"), departments);
            addIn(QStringLiteral("geo"), geos);
            QStringList stored;
            for (const QString &role : roles) {
                if (role == QStringLiteral("manager"))
                    clauses.append(
                        QStringLiteral("(has_direct_reports = 1 OR id IN (SELECT manager_id FROM "
                                       "users WHERE manager_id IS NOT NULL))"));
                else
                    stored.append(role);
            }
            if (!stored.isEmpty()) {
                QStringList marks(stored.size(), QStringLiteral("?"));
                clauses.append(
                    QStringLiteral("id IN (SELECT user_id FROM user_roles WHERE role IN (")
                    + marks.join(QLatin1Char(',')) + QStringLiteral("))"));
                for (const QString &role : stored)
                    values.append(role);
            }
            QStringList people;
            if (!clauses.isEmpty()) {
                QSqlQuery query(db);
                if (!sql::exec(query,
                        QStringLiteral("SELECT id FROM users WHERE disabled = 0 AND user_type = "
                                       "'employee' AND (")
                            + clauses.join(QStringLiteral(" OR "))
                            + QStringLiteral(") ORDER BY id"),
                        values))
                    return http::internalError();
                while (query.next())
                    people.append(query.value(0).toString());
            }
            if (people.isEmpty())
                return http::error(422, QStringLiteral("no_recipients"),
                    QStringLiteral("No employee matches the recipients."));

            const QString id = randomtokens::urlSafe(QStringLiteral("ntf_"), 16);
            QHash<QString, qint64> cursors;
            HttpResponse response =
                http::json(QJsonObject { { QStringLiteral("id"), id },
                               { QStringLiteral("recipientCount"), people.size() } },
                    201);
            {
                QMutexLocker locker(&m_changeMutex);
                sql::Transaction transaction(db);
                QSqlQuery query(db);
                bool ok = transaction.isActive() && lockChanges(db)
                    && sql::exec(query,
                        QStringLiteral("INSERT INTO notifications (id, api_key_id, subsystem, "
                                       "title, body, category, priority,"
                                       " actionable, actions, expires_at, reference, callback_url, "
                                       "data, created_at, state,"
                                       " version, recipient_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?, 'open', 1, ?)"),
                        { id, caller.apiKeyId, caller.subsystem, title, text, category, priority,
                            actionable ? 1 : 0, compact(actions),
                            expires ? QVariant(t(*expires)) : sql::nullText(), reference,
                            sql::textOrNull(callback), sql::textOrNull(data), t(now),
                            people.size() });
                const std::optional<qint64> change = ok ? nextChangeId(db) : std::nullopt;
                ok = ok && change.has_value();
                for (const QString &person : std::as_const(people)) {
                    if (!ok)
                        break;
                    ok = sql::exec(query,
                        QStringLiteral("INSERT INTO inbox_items (user_id, notification_id, "
                                       "change_id) VALUES (?, ?, ?)"),
                        { person, id, *change });
                    cursors.insert(person, *change);
                }
                if (!ok || !complete(response) || !transaction.commit())
                    return http::internalError();
            }
            qCInfo(lcServer) << "notification" << id << "from" << caller.subsystem << "to"
                             << people.size() << "people";
            notify(cursors);
            return response;
        });
}

HttpResponse NotificationService::withdraw(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    QHash<QString, qint64> cursors;
    {
        QMutexLocker locker(&m_changeMutex);
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        if (!transaction.isActive() || !lockChanges(db)
            || !sql::exec(query,
                QStringLiteral("SELECT state FROM notifications WHERE id = ? AND api_key_id = ?"),
                { id, caller.apiKeyId }))
            return http::internalError();
        if (!query.next())
            return http::error(404, QStringLiteral("not_found"),
                QStringLiteral("There is no such notification of yours."));
        const QString state = query.value(0).toString();
        if (state == QStringLiteral("decided")) {
            QSqlQuery items(db);
            sql::exec(items,
                QStringLiteral("SELECT user_id FROM inbox_items WHERE notification_id = ? LIMIT 1"),
                { id });
            const auto current =
                items.next() ? loadItem(db, items.value(0).toString(), id) : std::nullopt;
            return withCurrent(409, QStringLiteral("already_decided"),
                QStringLiteral("It was decided already; it can no longer be withdrawn."),
                current.value_or(QJsonObject {}));
        }
        if (state == QStringLiteral("open")) {
            if (!endNotification(db, id, QStringLiteral("withdrawn"), t(m_clock.now()), cursors))
                return http::internalError();
            if (!transaction.commit())
                return http::internalError();
        }
    }
    notify(cursors);
    return http::json(QJsonObject {
        { QStringLiteral("id"), id }, { QStringLiteral("state"), QStringLiteral("withdrawn") } });
}

HttpResponse NotificationService::deliveries(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT 1 FROM notifications WHERE id = ? AND api_key_id = ?"),
            { id, request.principal->apiKeyId }))
        return http::internalError();
    if (!query.next())
        return http::error(404, QStringLiteral("not_found"),
            QStringLiteral("There is no such notification of yours."));
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT d.id, d.url, d.created_at, d.delivered_at, d.attempts, d.next_attempt_at"
                " FROM webhook_deliveries d WHERE d.notification_id = ? ORDER BY d.created_at, "
                "d.id"),
            { id }))
        return http::internalError();
    QJsonArray list;
    while (query.next()) {
        const QString deliveryId = query.value(0).toString();
        QJsonArray attempts;
        QSqlQuery log(db);
        if (sql::exec(log,
                QStringLiteral("SELECT at, status, error FROM webhook_attempts WHERE delivery_id = "
                               "? ORDER BY id"),
                { deliveryId })) {
            while (log.next()) {
                attempts.append(QJsonObject { { QStringLiteral("at"), log.value(0).toString() },
                    { QStringLiteral("status"),
                        log.value(1).isNull() ? QJsonValue(QJsonValue::Null)
                                              : QJsonValue(log.value(1).toInt()) },
                    { QStringLiteral("error"), textOrNull(log.value(2)) } });
            }
        }
        list.append(QJsonObject { { QStringLiteral("deliveryId"), deliveryId },
            { QStringLiteral("url"), query.value(1).toString() },
            { QStringLiteral("createdAt"), query.value(2).toString() },
            { QStringLiteral("deliveredAt"), textOrNull(query.value(3)) },
            { QStringLiteral("nextAttemptAt"),
                query.value(3).isNull() ? QJsonValue(query.value(5).toString())
                                        : QJsonValue(QJsonValue::Null) },
            { QStringLiteral("attempts"), attempts } });
    }
    return http::json(QJsonObject { { QStringLiteral("deliveries"), list } });
}

// --- people ----------------------------------------------------------------------------------

std::optional<QJsonObject> NotificationService::loadItem(
    QSqlDatabase &db, const QString &userId, const QString &notificationId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + kItemColumns
                + QStringLiteral(
                    " FROM inbox_items i JOIN notifications n ON n.id = i.notification_id"
                    " WHERE i.user_id = ? AND i.notification_id = ?"),
            { userId, notificationId })
        || !query.next())
        return std::nullopt;
    return itemFromRow(query);
}

HttpResponse NotificationService::inbox(const HttpRequest &request)
{
    const std::optional<qint64> given = request.sinceCursor();
    if (!given)
        return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
    const qint64 since = *given;
    int limit = 100;
    const QString limitText = request.query.queryItemValue(QStringLiteral("limit"));
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > 500)
            return http::badRequest(QStringLiteral("“limit” must be a number from 1 to 500."));
    }
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + kItemColumns
                + QStringLiteral(
                    " FROM inbox_items i JOIN notifications n ON n.id = i.notification_id"
                    " WHERE i.user_id = ? AND i.change_id > ? ORDER BY i.change_id LIMIT ")
                + QString::number(limit + 1),
            { request.principal->userId, since }))
        return http::internalError();
    QJsonArray items;
    qint64 cursor = since;
    bool hasMore = false;
    while (query.next()) {
        if (items.size() == limit) {
            hasMore = true;
            break;
        }
        items.append(itemFromRow(query));
        cursor = query.value(19).toLongLong();
    }
    return http::json(QJsonObject { { QStringLiteral("items"), items },
        { QStringLiteral("cursor"), QString::number(cursor) },
        { QStringLiteral("hasMore"), hasMore } });
}

HttpResponse NotificationService::item(const HttpRequest &request)
{
    QSqlDatabase db = m_storage.connection();
    const QString userId = request.principal->userId;
    const QString id = request.params.value(0);
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + kItemColumns
                + QStringLiteral(
                    " FROM inbox_items i JOIN notifications n ON n.id = i.notification_id"
                    " WHERE i.user_id = ? AND i.notification_id = ?"),
            { userId, id }))
        return http::internalError();
    if (!query.next())
        return http::error(404, QStringLiteral("not_found"),
            QStringLiteral("There is no such item in your inbox."));
    QJsonObject result = itemFromRow(query);
    QJsonArray history;
    history.append(QJsonObject { { QStringLiteral("event"), QStringLiteral("created") },
        { QStringLiteral("at"), query.value(6).toString() },
        { QStringLiteral("by"), query.value(1).toString() },
        { QStringLiteral("via"), QStringLiteral("api") } });
    if (!query.value(18).isNull())
        history.append(QJsonObject { { QStringLiteral("event"), QStringLiteral("read") },
            { QStringLiteral("at"), query.value(18).toString() },
            { QStringLiteral("by"), userId } });
    const QString state = query.value(11).toString();
    if (state == QStringLiteral("decided")) {
        QJsonObject decided { { QStringLiteral("event"), QStringLiteral("decided") },
            { QStringLiteral("at"), query.value(15).toString() },
            { QStringLiteral("by"), query.value(13).toString() },
            { QStringLiteral("byName"), query.value(14).toString() },
            { QStringLiteral("via"), query.value(16).toString() },
            { QStringLiteral("action"), query.value(12).toString() } };
        if (!query.value(20).isNull())
            decided.insert(QStringLiteral("comment"), query.value(20).toString());
        history.append(decided);
    } else if (state == QStringLiteral("withdrawn") || state == QStringLiteral("expired")) {
        history.append(QJsonObject { { QStringLiteral("event"), state },
            { QStringLiteral("at"), query.value(21).toString() } });
    }
    QList<QJsonObject> events;
    for (const QJsonValue &event : std::as_const(history))
        events.append(event.toObject());
    std::stable_sort(events.begin(), events.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("at")).toString() < b.value(QStringLiteral("at")).toString();
    });
    history = QJsonArray();
    for (const QJsonObject &event : std::as_const(events))
        history.append(event);
    result.insert(QStringLiteral("history"), history);
    return http::json(result);
}

HttpResponse NotificationService::markRead(const HttpRequest &request)
{
    QSqlDatabase db = m_storage.connection();
    const QString userId = request.principal->userId;
    const QString id = request.params.value(0);
    QHash<QString, qint64> cursors;
    std::optional<QJsonObject> current;
    {
        QMutexLocker locker(&m_changeMutex);
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        if (!transaction.isActive() || !lockChanges(db)
            || !sql::exec(query,
                QStringLiteral(
                    "SELECT read_at FROM inbox_items WHERE user_id = ? AND notification_id = ?"),
                { userId, id }))
            return http::internalError();
        if (!query.next())
            return http::error(404, QStringLiteral("not_found"),
                QStringLiteral("There is no such item in your inbox."));
        if (query.value(0).isNull()) {
            const std::optional<qint64> change = nextChangeId(db);
            if (!change
                || !sql::exec(query,
                    QStringLiteral("UPDATE inbox_items SET read_at = ?, change_id = ? WHERE "
                                   "user_id = ? AND notification_id = ?"),
                    { t(m_clock.now()), *change, userId, id }))
                return http::internalError();
            cursors.insert(userId, *change);
        }
        current = loadItem(db, userId, id);
        if (!current || !transaction.commit())
            return http::internalError();
    }
    notify(cursors);
    return http::json(*current);
}

QString NotificationService::decidedVia(QSqlDatabase &db, const Principal &principal)
{
    QSqlQuery query(db);
    if (sql::exec(query,
            QStringLiteral("SELECT platform, model FROM devices WHERE user_id = ? AND id = ?"),
            { principal.userId, principal.deviceId })
        && query.next()) {
        if (query.value(0).toString() == QStringLiteral("cli"))
            return QStringLiteral("cli");
        return QStringLiteral("app · ") + query.value(1).toString();
    }
    return QStringLiteral("app");
}

HttpResponse NotificationService::decide(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    const QString id = request.params.value(0);
    return withIdempotency(request, QStringLiteral("user:") + caller.userId,
        [&](QSqlDatabase &db,
            const std::function<bool(const HttpResponse &)> &complete) -> HttpResponse {
            QString error;
            const QJsonObject body = *request.jsonBody(&error);
            JsonReader reader(body);
            reader.allowOnly(
                { QStringLiteral("action"), QStringLiteral("comment"), QStringLiteral("version") });
            const QString action = reader.string(QStringLiteral("action"), 32);
            const QString comment = reader.optionalString(QStringLiteral("comment"), 2000);
            const QJsonValue versionValue = body.value(QStringLiteral("version"));
            if (reader.ok()
                && (!versionValue.isDouble() || versionValue.toDouble() < 1
                    || versionValue.toDouble() != std::floor(versionValue.toDouble())))
                reader.fail(
                    QStringLiteral("“version” must be the item's version (a whole number)."));
            if (!reader.ok())
                return http::badRequest(reader.error());
            const qint64 version = static_cast<qint64>(versionValue.toDouble());

            QHash<QString, qint64> cursors;
            HttpResponse response;
            QString deliveryId;
            {
                QMutexLocker locker(&m_changeMutex);
                sql::Transaction transaction(db);
                QSqlQuery query(db);
                if (!transaction.isActive() || !lockChanges(db))
                    return http::internalError();
                std::optional<QJsonObject> current = loadItem(db, caller.userId, id);
                if (!current)
                    return http::error(404, QStringLiteral("not_found"),
                        QStringLiteral("There is no such item in your inbox."));
                if (!sql::exec(query,
                        QStringLiteral("SELECT state, expires_at, actions, version, callback_url, "
                                       "reference, api_key_id"
                                       " FROM notifications WHERE id = ?"),
                        { id })
                    || !query.next())
                    return http::internalError();
                QString state = query.value(0).toString();
                const QString expiresAt = query.value(1).toString();
                const QJsonArray actions =
                    QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array();
                const qint64 currentVersion = query.value(3).toLongLong();
                const QString callback = query.value(4).toString();
                const QString reference = query.value(5).toString();
                const QString apiKeyId = query.value(6).toString();
                const QDateTime now = m_clock.now();
                if (state == QStringLiteral("open") && !expiresAt.isEmpty()
                    && expiresAt <= t(now)) {
                    // Past its time but not swept yet: expire it here, once.
                    if (!endNotification(db, id, QStringLiteral("expired"), expiresAt, cursors))
                        return http::internalError();
                    current = loadItem(db, caller.userId, id);
                    response = withCurrent(410, QStringLiteral("expired"),
                        QStringLiteral("This request has expired."),
                        current.value_or(QJsonObject {}));
                    if (!complete(response) || !transaction.commit())
                        return http::internalError();
                    locker.unlock();
                    notify(cursors);
                    return response;
                }
                if (state == QStringLiteral("decided")) {
                    return withCurrent(409, QStringLiteral("already_decided"),
                        QStringLiteral("Already %1 by %2.")
                            .arg(current->value(QStringLiteral("state")).toString(),
                                current->value(QStringLiteral("decidedByName")).toString()),
                        *current);
                }
                if (state == QStringLiteral("expired"))
                    return withCurrent(410, QStringLiteral("expired"),
                        QStringLiteral("This request has expired."), *current);
                if (state == QStringLiteral("withdrawn"))
                    return withCurrent(410, QStringLiteral("withdrawn"),
                        QStringLiteral("The sender withdrew this request."), *current);
                if (!current->value(QStringLiteral("actionable")).toBool())
                    return http::error(422, QStringLiteral("not_actionable"),
                        QStringLiteral("This notification asks for no decision."));
                QJsonObject chosen;
                for (const QJsonValue &value : actions) {
                    if (value.toObject().value(QStringLiteral("id")).toString() == action)
                        chosen = value.toObject();
                }
                if (chosen.isEmpty())
                    return http::error(422, QStringLiteral("unknown_action"),
                        QStringLiteral("“%1” is not one of this request's actions.").arg(action));
                if (chosen.value(QStringLiteral("requiresComment")).toBool()
                    && comment.trimmed().isEmpty())
                    return http::error(422, QStringLiteral("comment_required"),
                        QStringLiteral("“%1” needs a comment.")
                            .arg(chosen.value(QStringLiteral("label")).toString()));
                if (version != currentVersion)
                    return withCurrent(409, QStringLiteral("version_conflict"),
                        QStringLiteral("This request changed since you saw it."), *current);

                QSqlQuery person(db);
                if (!sql::exec(person,
                        QStringLiteral("SELECT display_name FROM users WHERE id = ?"),
                        { caller.userId })
                    || !person.next())
                    return http::internalError();
                const QString name = person.value(0).toString();
                const QString via = decidedVia(db, caller);
                const std::optional<qint64> change = nextChangeId(db);
                bool ok = change
                    && sql::exec(query,
                        QStringLiteral("UPDATE notifications SET state = 'decided', decided_action "
                                       "= ?, decided_by = ?, decided_by_name = ?,"
                                       " decided_at = ?, decided_via = ?, decision_comment = ?, "
                                       "version = version + 1 WHERE id = ? AND state = 'open'"),
                        { action, caller.userId, name, t(now), via, sql::textOrNull(comment), id })
                    && query.numRowsAffected() == 1
                    && sql::exec(query,
                        QStringLiteral(
                            "UPDATE inbox_items SET change_id = ? WHERE notification_id = ?"),
                        { *change, id });
                if (ok && !callback.isEmpty()) {
                    deliveryId = randomtokens::urlSafe(QStringLiteral("dlv_"), 16);
                    const QJsonObject hook { { QStringLiteral("deliveryId"), deliveryId },
                        { QStringLiteral("notificationId"), id },
                        { QStringLiteral("reference"), reference },
                        { QStringLiteral("action"), action },
                        { QStringLiteral("comment"),
                            comment.isEmpty() ? QJsonValue(QJsonValue::Null)
                                              : QJsonValue(comment) },
                        { QStringLiteral("decidedBy"), caller.userId },
                        { QStringLiteral("decidedAt"), t(now) } };
                    ok = sql::exec(query,
                        QStringLiteral("INSERT INTO webhook_deliveries (id, notification_id, "
                                       "api_key_id, url, body, created_at, next_attempt_at)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        { deliveryId, id, apiKeyId, callback, compact(hook), t(now), t(now) });
                }
                ok = ok
                    && sql::exec(query,
                        QStringLiteral("SELECT user_id FROM inbox_items WHERE notification_id = ?"),
                        { id });
                if (!ok)
                    return http::internalError();
                while (query.next())
                    cursors.insert(query.value(0).toString(), *change);
                current = loadItem(db, caller.userId, id);
                if (!current)
                    return http::internalError();
                response = http::json(*current);
                if (!complete(response) || !transaction.commit())
                    return http::internalError();
            }
            qCInfo(lcServer) << "notification" << id << "decided" << action << "by"
                             << caller.userId;
            notify(cursors);
            if (!deliveryId.isEmpty() && m_queued)
                m_queued();
            return response;
        });
}

void NotificationService::sweepExpired()
{
    QSqlDatabase db = m_storage.connection();
    QHash<QString, qint64> cursors;
    {
        QMutexLocker locker(&m_changeMutex);
        sql::Transaction transaction(db);
        QSqlQuery query(db);
        const QString now = t(m_clock.now());
        if (!transaction.isActive() || !lockChanges(db)
            || !sql::exec(query,
                QStringLiteral(
                    "SELECT id, expires_at FROM notifications WHERE state = 'open' AND expires_at "
                    "IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT 500"),
                { now }))
            return;
        QList<std::pair<QString, QString>> due;
        while (query.next())
            due.append({ query.value(0).toString(), query.value(1).toString() });
        for (const auto &[id, expiresAt] : std::as_const(due)) {
            if (!endNotification(db, id, QStringLiteral("expired"), expiresAt, cursors))
                return;
        }
        if (!transaction.commit())
            return;
        if (!due.isEmpty())
            qCInfo(lcServer) << "expired" << due.size() << "notifications";
    }
    notify(cursors);
}

} // namespace tessera::server
