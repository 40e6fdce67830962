#include "health/healthrepository.h"

#include "base/serverlogging.h"
#include "protocol/healthwire.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString recordColumns = QStringLiteral(
    "r.id, r.user_id, r.vaccine, r.dose, r.given_on, r.country, r.state, r.reason, r.created_at,"
    " r.decided_at, c.kind, c.signature, c.fields, r.notification_id");
const QString recordFrom =
    QStringLiteral(" FROM health_records r LEFT JOIN health_certificates c ON c.record_id = r.id");

} // namespace

std::optional<HealthRecord> HealthRepository::recordAt(const QSqlQuery &query) const
{
    HealthRecord record;
    record.id = query.value(0).toString();
    record.userId = query.value(1).toString();
    record.vaccine = query.value(2).toString();
    record.dose = query.value(3).toInt();
    record.date = query.value(4).toString();
    record.country = query.value(5).toString();
    record.state = query.value(6).toString();
    record.reason = query.value(7).toString();
    record.createdAt = query.value(8).toString();
    record.decidedAt = query.value(9).toString();
    record.certificateKind = query.value(10).toString();
    record.signature = query.value(11).toString();
    record.notificationId = query.value(13).toString();
    const QString fields = query.value(12).toString();
    if (fields.isEmpty())
        return record;
    const std::optional<QByteArray> opened = m_seal.open(fields, fieldsContext(record.id));
    if (!opened) {
        // Never shown as a certificate without fields: the read fails.
        qCWarning(lcStorage) << "the HC1 fields of health record" << record.id
                             << "do not open with the secrets key";
        return std::nullopt;
    }
    record.fields = QString::fromUtf8(*opened);
    return record;
}

QJsonObject HealthRecord::toJson() const
{
    QJsonObject json { { QStringLiteral("id"), id }, { QStringLiteral("vaccine"), vaccine },
        { QStringLiteral("vaccineName"), healthwire::vaccineName(vaccine) },
        { QStringLiteral("dose"), dose }, { QStringLiteral("date"), date },
        { QStringLiteral("country"), country }, { QStringLiteral("state"), state },
        { QStringLiteral("createdAt"), createdAt } };
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    if (!decidedAt.isEmpty())
        json.insert(QStringLiteral("decidedAt"), decidedAt);
    if (certificateKind.isEmpty()) {
        json.insert(QStringLiteral("certificate"), QJsonValue::Null);
    } else {
        QJsonObject certificate { { QStringLiteral("kind"), certificateKind } };
        if (!signature.isEmpty())
            certificate.insert(QStringLiteral("signature"), signature);
        const QJsonObject decoded = QJsonDocument::fromJson(fields.toUtf8()).object();
        if (!decoded.isEmpty())
            certificate.insert(QStringLiteral("fields"), decoded);
        json.insert(QStringLiteral("certificate"), certificate);
    }
    return json;
}

HealthRepository::HealthRepository(QSqlDatabase &db, const SecretSeal &seal)
    : m_db(db)
    , m_seal(seal)
{ }

QString HealthRepository::fieldsContext(const QString &recordId)
{
    return QStringLiteral("health_certificates.fields ") + recordId;
}

bool HealthRepository::insert(const HealthRecord &record)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO health_records (id, user_id, vaccine, dose, given_on, country,"
                       " state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        { record.id, record.userId, record.vaccine, record.dose, record.date, record.country,
            record.state, record.createdAt });
}

bool HealthRepository::setNotification(const QString &recordId, const QString &notificationId)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE health_records SET notification_id = ? WHERE id = ?"),
        { notificationId, recordId });
}

std::optional<QList<HealthRecord>> HealthRepository::recordsOf(const QString &userId)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + recordColumns + recordFrom
                + QStringLiteral(" WHERE r.user_id = ? ORDER BY r.given_on DESC, r.created_at DESC,"
                                 " r.id"),
            { userId }))
        return std::nullopt;
    QList<HealthRecord> records;
    while (query.next()) {
        std::optional<HealthRecord> record = recordAt(query);
        if (!record)
            return std::nullopt;
        records.append(*record);
    }
    return records;
}

std::optional<HealthRecord> HealthRepository::find(const QString &id)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + recordColumns + recordFrom
                + QStringLiteral(" WHERE r.id = ?"),
            { id }))
        return std::nullopt;
    return query.next() ? recordAt(query) : HealthRecord {};
}

std::optional<QList<PendingHealthRecord>> HealthRepository::pending()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + recordColumns
                + QStringLiteral(", u.display_name, u.department, u.geo") + recordFrom
                + QStringLiteral(" JOIN users u ON u.id = r.user_id WHERE r.state = 'pending'"
                                 " ORDER BY r.created_at, r.id")))
        return std::nullopt;
    QList<PendingHealthRecord> records;
    while (query.next()) {
        std::optional<HealthRecord> record = recordAt(query);
        if (!record)
            return std::nullopt;
        records.append({ *record, query.value(14).toString(), query.value(15).toString(),
            query.value(16).toString() });
    }
    return records;
}

bool HealthRepository::decide(const QString &id, const QString &state, const QString &reason,
    const QString &deciderId, const QString &at, bool *changed)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE health_records SET state = ?, reason = ?, decided_by = ?,"
                           " decided_at = ? WHERE id = ? AND state = 'pending'"),
            { state, sql::textOrNull(reason), deciderId, at, id }))
        return false;
    *changed = query.numRowsAffected() == 1;
    return true;
}

bool HealthRepository::putCertificate(const QString &recordId, const QString &userId,
    const QString &kind, const QString &contentType, qint64 size, const QString &sealed,
    const QString &signature, const QString &fields, const QString &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO health_certificates (record_id, user_id, kind, content_type,"
                       " size, sealed, signature, fields, uploaded_at) VALUES (?, ?, ?, ?, ?, ?,"
                       " ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind,"
                       " content_type = excluded.content_type, size = excluded.size,"
                       " sealed = excluded.sealed, signature = excluded.signature,"
                       " fields = excluded.fields, uploaded_at = excluded.uploaded_at"),
        { recordId, userId, kind, contentType, size, sealed, sql::textOrNull(signature),
            fields.isEmpty() ? sql::textOrNull(fields)
                             : QVariant(m_seal.seal(fields.toUtf8(), fieldsContext(recordId))),
            at });
}

std::optional<StoredCertificate> HealthRepository::certificate(const QString &recordId)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id, content_type, sealed FROM health_certificates WHERE"
                           " record_id = ?"),
            { recordId }))
        return std::nullopt;
    if (!query.next())
        return StoredCertificate {};
    return StoredCertificate { query.value(0).toString(), query.value(1).toString(),
        query.value(2).toString() };
}

std::optional<QList<HealthReportCell>> HealthRepository::report()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT r.state, COALESCE(u.department, ''), COALESCE(u.geo, ''),"
                           " COUNT(DISTINCT r.user_id) FROM health_records r JOIN users u ON"
                           " u.id = r.user_id GROUP BY r.state, COALESCE(u.department, ''),"
                           " COALESCE(u.geo, '') ORDER BY 1, 2, 3")))
        return std::nullopt;
    QList<HealthReportCell> cells;
    while (query.next()) {
        cells.append({ query.value(0).toString(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toInt() });
    }
    return cells;
}

std::optional<QList<HealthReportCell>> HealthRepository::stateTotals()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT state, COUNT(DISTINCT user_id) FROM health_records GROUP BY"
                           " state ORDER BY 1")))
        return std::nullopt;
    QList<HealthReportCell> cells;
    while (query.next())
        cells.append({ query.value(0).toString(), {}, {}, query.value(1).toInt() });
    return cells;
}

} // namespace tessera::server
