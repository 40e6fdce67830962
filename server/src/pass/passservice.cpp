#include "pass/passservice.h"

#include "admin/auditlog.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "http/jsonreader.h"
#include "pass/defaultcheckprocesses.h"
#include "pass/passrevoker.h"
#include "pass/revocation.h"
#include "protocol/checkprocess.h"
#include "protocol/jsonfields.h"
#include "protocol/passclaims.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/trustlist.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

namespace tessera::server {

namespace {

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool insertIssuerKey(QSqlDatabase &db, const SecretSeal &seal, const QDateTime &now, QString *keyId)
{
    const pass::KeyPair pair = pass::generateKeyPair();
    if (!pair.isValid())
        return false;
    *keyId = randomtokens::urlSafe(QStringLiteral("k"), 6); // 9 characters
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO issuer_keys (id, public_key, secret_key, not_before,"
                       " created_at) VALUES (?, ?, ?, ?, ?)"),
        { *keyId, QString::fromLatin1(pair.publicKey.toBase64()),
            seal.seal(pair.secretKey, issuerSecretKeyContext(*keyId)), t(now), t(now) });
}

} // namespace

PassService::PassService(
    Storage &storage, const Clock &clock, const SecretSeal &seal, int scanRecordDays)
    : m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
    , m_scanRecordDays(scanRecordDays)
{ }

bool PassService::ensureDefaults(QString *error)
{
    if (!pass::ensureSodium()) {
        *error = QStringLiteral("libsodium cannot be used");
        return false;
    }
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query, QStringLiteral("SELECT COUNT(*) FROM issuer_keys")) || !query.next()) {
        *error = QStringLiteral("cannot read the issuer keys");
        return false;
    }
    const QDateTime now = m_clock.now();
    if (query.value(0).toInt() == 0) {
        QString keyId;
        if (!insertIssuerKey(db, m_seal, now, &keyId)) {
            *error = QStringLiteral("cannot make the pass issuer key");
            return false;
        }
        qCInfo(lcServer) << "made the pass issuer key" << keyId;
    }
    if (!sql::exec(query, QStringLiteral("SELECT COUNT(*) FROM check_processes"))
        || !query.next()) {
        *error = QStringLiteral("cannot read the check processes");
        return false;
    }
    if (query.value(0).toInt() == 0) {
        for (const QJsonObject &process : defaultCheckProcesses()) {
            if (!sql::exec(query,
                    QStringLiteral("INSERT INTO check_processes (name, definition, updated_at)"
                                   " VALUES (?, ?, ?)"),
                    { process.value(QStringLiteral("name")).toString(), compact(process),
                        t(now) })) {
                *error = QStringLiteral("cannot store the default check processes");
                return false;
            }
        }
    }
    if (!transaction.commit()) {
        *error = QStringLiteral("cannot store the pass defaults");
        return false;
    }
    return true;
}

void PassService::addRoutes(RouteTable &routes)
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
    routes.add(M::Post, QStringLiteral("/v1/admin/issuer-keys/rotate"), Access::Admin,
        [this](const HttpRequest &request) { return rotateIssuerKey(request); });
}

QString PassService::initialsOf(const QString &displayName, const QString &fallback)
{
    const QStringList words = displayName.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString initials;
    const auto firstLetter = [](const QString &word) {
        for (const QChar c : word) {
            if (c.isLetter())
                return QString(c.toUpper());
        }
        return QString();
    };
    if (!words.isEmpty())
        initials += firstLetter(words.first());
    if (words.size() > 1)
        initials += firstLetter(words.last());
    if (initials.isEmpty())
        initials = firstLetter(fallback);
    return initials.isEmpty() ? QStringLiteral("X") : initials;
}

HttpResponse PassService::pass(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT d.public_key, u.display_name, u.user_type FROM devices d JOIN"
                           " users u ON u.id = d.user_id WHERE d.user_id = ? AND d.id = ?"),
            { caller.userId, caller.deviceId }))
        return http::internalError();
    if (!query.next() || query.value(0).isNull())
        return http::error(409, QStringLiteral("device_key_required"),
            QStringLiteral("This device has no pass key yet. Sign in again from the app."));
    const QString devicePublicKeyText = query.value(0).toString();
    const QByteArray devicePublicKey = QByteArray::fromBase64(devicePublicKeyText.toLatin1());
    const QString displayName = query.value(1).toString();
    const QString userType = query.value(2).toString();

    if (!sql::exec(query,
            QStringLiteral("SELECT id, secret_key FROM issuer_keys WHERE not_after IS NULL"
                           " ORDER BY not_before DESC LIMIT 1"))
        || !query.next())
        return http::internalError();
    const QString keyId = query.value(0).toString();
    const std::optional<QByteArray> secretKey =
        m_seal.open(query.value(1).toString(), issuerSecretKeyContext(keyId));
    if (!secretKey) {
        qCCritical(lcServer) << "the pass issuer key" << keyId
                             << "does not open with the secrets key";
        return http::internalError();
    }

    const QDateTime now = m_clock.now();
    pass::PassClaims claims;
    claims.issuerKeyId = keyId;
    claims.passId = randomtokens::urlSafe(QStringLiteral("p"), 12);
    claims.subject = caller.userId;
    claims.initials = initialsOf(displayName, caller.userId);
    claims.userType = userType == QStringLiteral("employee") ? pass::UserType::Employee
                                                             : pass::UserType::NonEmployee;
    claims.issuedAt = now.toSecsSinceEpoch();
    claims.expiresAt = claims.issuedAt + passLifetimeSeconds;
    claims.devicePublicKey = devicePublicKey;
    // Statuses read and pass recorded under the person's lock: a revocation (PassRevoker) either
    // sees this pass or is seen by it.
    sql::Transaction transaction(db);
    if (!transaction.isActive() || !PassRevoker::lockPerson(db, caller.userId)
        || !sql::exec(query,
            QStringLiteral("SELECT s.claim, s.value, s.until FROM user_statuses s WHERE"
                           " s.user_id = ? AND (s.until IS NULL OR s.until > ?) ORDER BY s.claim"
                           " LIMIT 8"),
            { caller.userId, t(now) }))
        return http::internalError();
    while (query.next()) {
        pass::StatusClaim status { query.value(0).toString(), query.value(1).toString(), {} };
        if (!query.value(2).isNull()) {
            const auto until = wiretime::parse(query.value(2).toString());
            if (until)
                status.until = until->toSecsSinceEpoch();
        }
        claims.statuses.append(status);
    }
    QString error;
    const std::optional<QByteArray> signedPass = pass::issuePass(claims, *secretKey, &error);
    if (!signedPass) {
        qCWarning(lcServer).noquote() << "cannot issue a pass for" << caller.userId << ":" << error;
        return http::internalError();
    }
    const QDateTime expires = QDateTime::fromSecsSinceEpoch(claims.expiresAt, Qt::UTC);
    // Recorded only while the device still has the key the pass binds, a live session and an
    // enabled account: a sign-in with another key, a sign-out, a reset or a disable meanwhile
    // revoked the passes it could see, and this one must not slip in after it.
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO passes (id, user_id, device_id, issuer_key_id, issued_at,"
                           " expires_at, device_public_key) SELECT ?, ?, ?, ?, ?, ?, ? WHERE"
                           " EXISTS (SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id"
                           " WHERE d.user_id = ? AND d.id = ? AND d.public_key = ? AND"
                           " u.disabled = 0 AND EXISTS (SELECT 1 FROM access_tokens a WHERE"
                           " a.user_id = d.user_id AND a.device_id = d.id AND"
                           " a.revoked_at IS NULL))"),
            { claims.passId, caller.userId, caller.deviceId, keyId, t(now), t(expires),
                devicePublicKeyText, caller.userId, caller.deviceId, devicePublicKeyText }))
        return http::internalError();
    if (query.numRowsAffected() != 1) {
        // This request's session ended while the pass was made (see above).
        HttpResponse response = http::error(401, QStringLiteral("invalid_token"),
            QStringLiteral("This session ended while the pass was made: sign in again."));
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
            QByteArrayLiteral("Bearer error=\"invalid_token\""));
        return response;
    }
    if (!transaction.commit())
        return http::internalError();
    QJsonArray statuses;
    for (const pass::StatusClaim &status : std::as_const(claims.statuses)) {
        QJsonObject entry { { QStringLiteral("claim"), status.name },
            { QStringLiteral("value"), status.value } };
        if (status.until)
            entry.insert(
                QStringLiteral("until"), t(QDateTime::fromSecsSinceEpoch(*status.until, Qt::UTC)));
        statuses.append(entry);
    }
    return http::json(QJsonObject {
        { QStringLiteral("pass"), QString::fromLatin1(signedPass->toBase64()) },
        { QStringLiteral("passId"), claims.passId },
        { QStringLiteral("issuerKeyId"), keyId },
        { QStringLiteral("issuedAt"), t(now) },
        { QStringLiteral("expiresAt"), t(expires) },
        { QStringLiteral("initials"), claims.initials },
        { QStringLiteral("statuses"), statuses },
    });
}

HttpResponse PassService::trust(const HttpRequest &)
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    // A retired key stays listed while passes it signed may still be valid.
    const QString since = t(m_clock.now().addSecs(-passLifetimeSeconds - 3600));
    if (!sql::exec(query,
            QStringLiteral("SELECT id, public_key, not_before, not_after FROM issuer_keys WHERE"
                           " not_after IS NULL OR not_after > ? ORDER BY not_before"),
            { since }))
        return http::internalError();
    pass::TrustList list;
    while (query.next()) {
        pass::IssuerKey key;
        key.keyId = query.value(0).toString();
        key.publicKey = QByteArray::fromBase64(query.value(1).toString().toLatin1());
        key.notBefore =
            wiretime::parse(query.value(2).toString()).value_or(QDateTime()).toSecsSinceEpoch();
        if (!query.value(3).isNull())
            key.notAfter =
                wiretime::parse(query.value(3).toString()).value_or(QDateTime()).toSecsSinceEpoch();
        list.add(key);
    }
    return http::json(list.toJson());
}

HttpResponse PassService::revocations(const HttpRequest &request)
{
    const std::optional<qint64> given = request.sinceCursor();
    if (!given)
        return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
    const qint64 since = *given;
    constexpr int limit = 1000;
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, pass_id, expires_at FROM revocations WHERE id > ? AND"
                           " expires_at > ? ORDER BY id LIMIT ")
                + QString::number(limit + 1),
            { since, t(m_clock.now()) }))
        return http::internalError();
    QJsonArray revoked;
    qint64 cursor = since;
    bool hasMore = false;
    while (query.next()) {
        if (revoked.size() == limit) {
            hasMore = true;
            break;
        }
        revoked.append(QJsonObject { { QStringLiteral("passId"), query.value(1).toString() },
            { QStringLiteral("expiresAt"), query.value(2).toString() } });
        cursor = query.value(0).toLongLong();
    }
    if (!hasMore && revoked.isEmpty()) {
        // Nothing new: move the cursor past revocations of passes that expired meanwhile.
        QSqlQuery last(db);
        if (sql::exec(last, QStringLiteral("SELECT MAX(id) FROM revocations")) && last.next())
            cursor = std::max(cursor, last.value(0).toLongLong());
    }
    return http::json(QJsonObject { { QStringLiteral("revoked"), revoked },
        { QStringLiteral("cursor"), QString::number(cursor) },
        { QStringLiteral("hasMore"), hasMore } });
}

HttpResponse PassService::checkProcesses(const HttpRequest &)
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT definition FROM check_processes ORDER BY name")))
        return http::internalError();
    QJsonArray processes;
    while (query.next())
        processes.append(QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
    return http::json(QJsonObject { { QStringLiteral("processes"), processes } });
}

HttpResponse PassService::uploadScans(const HttpRequest &request)
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    if (json::unknownFields(*body, { QStringLiteral("scans") }).size() > 0
        || !body->value(QStringLiteral("scans")).isArray())
        return http::badRequest(QStringLiteral("The body must be {\"scans\":[...]}."));
    const QJsonArray scans = body->value(QStringLiteral("scans")).toArray();
    if (scans.isEmpty() || scans.size() > maxScansPerUpload)
        return http::badRequest(
            QStringLiteral("Send 1 to %1 scans at a time.").arg(maxScansPerUpload));
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"));
    struct Scan
    {
        QString id, passId, process, verdict, reason, scannedAt;
        bool inRange = true;
    };
    QList<Scan> parsed;
    for (qsizetype i = 0; i < scans.size(); ++i) {
        if (!scans.at(i).isObject())
            return http::badRequest(QStringLiteral("“scans[%1]” must be an object.").arg(i));
        JsonReader reader(scans.at(i).toObject(), QStringLiteral("scans[%1]").arg(i));
        reader.allowOnly(
            { QStringLiteral("id"), QStringLiteral("passId"), QStringLiteral("process"),
                QStringLiteral("verdict"), QStringLiteral("reason"), QStringLiteral("scannedAt") });
        Scan scan { reader.string(QStringLiteral("id"), 64),
            reader.optionalString(QStringLiteral("passId"), 32),
            reader.string(QStringLiteral("process"), 32),
            reader.string(QStringLiteral("verdict"), 8),
            reader.string(QStringLiteral("reason"), 40),
            reader.string(QStringLiteral("scannedAt"), 40) };
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
        const std::optional<QDateTime> at = wiretime::parse(scan.scannedAt);
        if (reader.ok() && !at)
            reader.fail(QStringLiteral("“scans[%1].scannedAt” must be an RFC 3339 time.").arg(i));
        if (!reader.ok())
            return http::badRequest(reader.error());
        // Dated too far ahead (a wrong or lying clock: it would never be pruned) or older than
        // the retention (it would be pruned at once): not stored, and counted in the answer, so
        // that one such record never holds the scanner's queue up.
        scan.inRange = *at <= m_clock.now().addSecs(maxScanAheadSeconds)
            && *at >= m_clock.now().addDays(-m_scanRecordDays);
        parsed.append(scan);
    }
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive())
        return http::internalError();
    int accepted = 0;
    int outOfRange = 0;
    const QString now = t(m_clock.now());
    for (const Scan &scan : std::as_const(parsed)) {
        if (!scan.inRange) {
            ++outOfRange;
            continue;
        }
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO scan_records (id, scanner_user_id, scanner_device_id,"
                               " pass_id, process, verdict, reason, scanned_at, received_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
                { scan.id, request.principal->userId, request.principal->deviceId,
                    sql::textOrNull(scan.passId), scan.process, scan.verdict, scan.reason,
                    t(*wiretime::parse(scan.scannedAt)), now }))
            return http::internalError();
        accepted += query.numRowsAffected() == 1;
    }
    if (!transaction.commit())
        return http::internalError();
    if (outOfRange > 0)
        qCWarning(lcServer).noquote()
            << outOfRange << "scan records of" << request.principal->userId
            << "dated outside the accepted window were not stored (scanner clock?)";
    return http::json(QJsonObject { { QStringLiteral("accepted"), accepted },
        { QStringLiteral("duplicates"), static_cast<int>(parsed.size()) - accepted - outOfRange },
        { QStringLiteral("outOfRange"), outOfRange } });
}

// --- admin -----------------------------------------------------------------------------------

HttpResponse PassService::revokePass(const HttpRequest &request)
{
    const QString id = request.params.value(0);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query, QStringLiteral("SELECT 1 FROM passes WHERE id = ?"), { id }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such pass."));
    if (revokePasses(db, m_clock.now(), QStringLiteral("id = ?"), { id }) < 0)
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("revoke_pass"), id, {});
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "pass" << id << "revoked by" << request.principal->userId;
    return http::json(
        QJsonObject { { QStringLiteral("passId"), id }, { QStringLiteral("revoked"), true } });
}

HttpResponse PassService::revokeDevice(const HttpRequest &request)
{
    const QString userId = request.params.value(0);
    const QString deviceId = request.params.value(1);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    const QDateTime now = m_clock.now();
    if (!transaction.isActive()
        || !sql::exec(query, QStringLiteral("SELECT 1 FROM devices WHERE user_id = ? AND id = ?"),
            { userId, deviceId }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such device."));
    const bool ok = revokeTokens(db, now, TokenScope::device(userId, deviceId))
        && revokePasses(
               db, now, QStringLiteral("user_id = ? AND device_id = ?"), { userId, deviceId })
            >= 0;
    if (!ok)
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("revoke_device"),
        userId, deviceId);
    if (!transaction.commit())
        return http::internalError();
    return http::noContent();
}

HttpResponse PassService::setStatus(const HttpRequest &request)
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
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query, QStringLiteral("SELECT 1 FROM users WHERE id = ?"), { userId }))
        return http::internalError();
    if (!query.next())
        return http::error(
            404, QStringLiteral("not_found"), QStringLiteral("There is no such person."));
    if (!PassRevoker::lockPerson(db, userId))
        return http::internalError();
    const QString now = t(m_clock.now());
    // A stricter status ends the passes that carry the old one (PassRevoker).
    const int revoked =
        PassRevoker(db, m_clock.now())
            .revokeIfStatusRestricts(userId, claim, value, until, request.principal->userId);
    if (revoked < 0
        || !sql::exec(query,
            QStringLiteral(
                "INSERT INTO user_statuses (user_id, claim, value, until, set_by, set_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, claim) DO UPDATE SET"
                " value = excluded.value, until = excluded.until, set_by = excluded.set_by,"
                " set_at = excluded.set_at"),
            { userId, claim, value, until ? QVariant(t(*until)) : sql::nullText(),
                request.principal->userId, now }))
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("set_status"), userId,
        compact(QJsonObject {
            { QStringLiteral("claim"), claim }, { QStringLiteral("value"), value } }));
    if (!transaction.commit())
        return http::internalError();
    QJsonObject answer { { QStringLiteral("userId"), userId }, { QStringLiteral("claim"), claim },
        { QStringLiteral("value"), value }, { QStringLiteral("passesRevoked"), revoked } };
    if (until)
        answer.insert(QStringLiteral("until"), t(*until));
    return http::json(answer);
}

HttpResponse PassService::putCheckProcess(const HttpRequest &request)
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
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral(
                "INSERT INTO check_processes (name, definition, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,"
                " updated_at = excluded.updated_at"),
            { process->name, compact(process->toJson()), t(m_clock.now()) }))
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("put_check_process"),
        process->name, compact(process->toJson()));
    if (!transaction.commit())
        return http::internalError();
    return http::json(process->toJson());
}

HttpResponse PassService::rotateIssuerKey(const HttpRequest &request)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    const QDateTime now = m_clock.now();
    QString keyId;
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("SELECT id, not_before FROM issuer_keys WHERE not_after IS NULL")))
        return http::internalError();
    QList<std::pair<QString, QString>> current;
    while (query.next())
        current.append({ query.value(0).toString(), query.value(1).toString() });
    for (const auto &[id, notBefore] : std::as_const(current)) {
        // The old key's window ends after this second (issuedAt has whole seconds, and the
        // bound is exclusive: passes it signed in this second stay valid), never empty.
        const QDateTime start = wiretime::parse(notBefore).value_or(now);
        const QDateTime end = std::max(now.addSecs(1), start.addSecs(1));
        if (!sql::exec(query, QStringLiteral("UPDATE issuer_keys SET not_after = ? WHERE id = ?"),
                { t(end), id }))
            return http::internalError();
    }
    if (!insertIssuerKey(db, m_seal, now, &keyId))
        return http::internalError();
    writeAudit(db, m_clock.now(), request.principal->userId, QStringLiteral("rotate_issuer_key"),
        keyId, {});
    if (!transaction.commit())
        return http::internalError();
    qCInfo(lcServer) << "pass issuer key rotated to" << keyId;
    return http::json(QJsonObject { { QStringLiteral("keyId"), keyId } });
}

bool PassService::prune(int scanRecordDays) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    const QDateTime now = m_clock.now();
    return sql::exec(query, QStringLiteral("DELETE FROM scan_records WHERE received_at < ?"),
               { t(now.addDays(-scanRecordDays)) })
        && sql::exec(query, QStringLiteral("DELETE FROM revocations WHERE expires_at < ?"),
            { t(now.addDays(-1)) });
}

} // namespace tessera::server
