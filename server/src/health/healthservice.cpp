#include "health/healthservice.h"

#include "base/clock.h"
#include "crypto/randomtokens.h"
#include "feed/changetransaction.h"
#include "notifications/internalsender.h"
#include "pass/passadmin.h"
#include "protocol/healthwire.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tessera::server {

const QString HealthService::medicalRole = QStringLiteral("medical");
const QString HealthService::statusClaim = QStringLiteral("vaccination");

namespace {

QJsonValue countOf(int people)
{
    return people < HealthService::smallestCount
        ? QJsonValue(QStringLiteral("<%1").arg(HealthService::smallestCount))
        : QJsonValue(people);
}

} // namespace

HealthService::HealthService(
    Storage &storage, ChangeFeed &feed, const Clock &clock, const SecretSeal &seal)
    : m_storage(storage)
    , m_feed(feed)
    , m_clock(clock)
    , m_seal(seal)
{ }

QSqlDatabase HealthService::connection() const
{
    return m_storage.connection();
}

QString HealthService::sealContext(const QString &recordId)
{
    return QStringLiteral("health_certificates ") + recordId;
}

std::optional<HealthRecord> HealthService::add(
    const QString &userId, const HealthRecordRequest &request)
{
    HealthRecord record;
    record.id = randomtokens::urlSafe(QStringLiteral("hr_"), 12);
    record.userId = userId;
    record.vaccine = request.vaccine;
    record.dose = request.dose;
    record.date = request.date.toString(Qt::ISODate);
    record.country = request.country;
    record.state = QStringLiteral("pending");
    record.createdAt = wiretime::format(m_clock.now());
    // The record and its inbox item commit together.
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive() || !HealthRepository(transaction.db(), m_seal).insert(record)
        || (m_inbox && !sendItem(transaction, record)) || !transaction.commit())
        return std::nullopt;
    return record;
}

bool HealthService::sendItem(ChangeTransaction &transaction, const HealthRecord &record)
{
    const std::optional<QStringList> names = sql::strings(transaction.db(),
        QStringLiteral("SELECT display_name FROM users WHERE id = ?"), { record.userId });
    if (!names)
        return false;
    const QString name = names->value(0);
    NewNotification item;
    item.recipients.roles = { medicalRole };
    item.requester = record.userId; // never asked to verify their own record
    item.title = QStringLiteral("Vaccination record of %1").arg(name);
    item.body = QStringLiteral("%1 registered dose %2 of %3 on %4 (%5). Verify it, or reject it"
                               " with the reason %1 will read.")
                    .arg(name, QString::number(record.dose),
                        healthwire::vaccineName(record.vaccine), record.date, record.country);
    item.category = QStringLiteral("medical");
    item.priority = QStringLiteral("normal");
    item.actionable = true;
    item.actions = QJsonArray {
        QJsonObject { { QStringLiteral("id"), QStringLiteral("verify") },
            { QStringLiteral("label"), QStringLiteral("Verify") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
            { QStringLiteral("label"), QStringLiteral("Reject") },
            { QStringLiteral("requiresComment"), true } },
    };
    item.reference = record.id;
    const CreateResult sent = m_inbox->send(transaction, item);
    switch (sent.outcome) {
    case CreateResult::Outcome::Created:
        return HealthRepository(transaction.db(), m_seal).setNotification(record.id, sent.id);
    case CreateResult::Outcome::NoRecipients:
        return true; // no employee holds the role: the medical routes decide
    default:
        return false;
    }
}

bool HealthService::decideFromInbox(
    ChangeTransaction &transaction, const InternalDecision &decision)
{
    const bool verify = decision.action == u"verify";
    if (!verify && decision.action != u"reject")
        return false;
    HealthRecord record;
    return decideIn(transaction.db(), decision.reference, verify, decision.comment.trimmed(),
               decision.deciderId, &record)
        == Outcome::Done;
}

std::optional<QList<HealthRecord>> HealthService::recordsOf(const QString &userId)
{
    QSqlDatabase db = m_storage.connection();
    return HealthRepository(db, m_seal).recordsOf(userId);
}

HealthService::Outcome HealthService::attach(const QString &userId, const QString &recordId,
    const QString &kind, const QString &contentType, const QByteArray &bytes,
    const QString &signature, const QJsonObject &fields, HealthRecord *record)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    HealthRepository repository(db, m_seal);
    const std::optional<HealthRecord> found =
        transaction.isActive() ? repository.find(recordId) : std::nullopt;
    if (!found)
        return Outcome::Failed;
    if (found->id.isEmpty() || found->userId != userId)
        return Outcome::NotFound;
    const QString fieldsText = fields.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    if (!repository.putCertificate(recordId, userId, kind, contentType, bytes.size(),
            m_seal.seal(bytes, sealContext(recordId)), signature, fieldsText,
            wiretime::format(m_clock.now())))
        return Outcome::Failed;
    const std::optional<HealthRecord> updated = repository.find(recordId);
    if (!updated || !transaction.commit())
        return Outcome::Failed;
    *record = *updated;
    return Outcome::Done;
}

HealthService::Outcome HealthService::certificate(const QString &userId, bool medical,
    const QString &recordId, QByteArray *bytes, QString *contentType)
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<StoredCertificate> stored =
        HealthRepository(db, m_seal).certificate(recordId);
    if (!stored)
        return Outcome::Failed;
    if (stored->userId.isEmpty() || (stored->userId != userId && !medical))
        return Outcome::NotFound;
    const std::optional<QByteArray> opened = m_seal.open(stored->sealed, sealContext(recordId));
    if (!opened)
        return Outcome::Failed;
    *bytes = *opened;
    *contentType = stored->contentType;
    return Outcome::Done;
}

std::optional<QList<PendingHealthRecord>> HealthService::pending()
{
    QSqlDatabase db = m_storage.connection();
    return HealthRepository(db, m_seal).pending();
}

HealthService::Outcome HealthService::decide(const QString &recordId, bool verify,
    const QString &reason, const QString &deciderId, HealthRecord *record)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return Outcome::Failed;
    const Outcome outcome = decideIn(transaction.db(), recordId, verify, reason, deciderId, record);
    if (outcome != Outcome::Done)
        return outcome;
    // Decided here: the medical role's inbox item ends for everyone.
    if (m_inbox && !record->notificationId.isEmpty()
        && m_inbox->withdraw(transaction, record->notificationId) == Written::Failed)
        return Outcome::Failed;
    return transaction.commit() ? Outcome::Done : Outcome::Failed;
}

HealthService::Outcome HealthService::decideIn(QSqlDatabase &db, const QString &recordId,
    bool verify, const QString &reason, const QString &deciderId, HealthRecord *record)
{
    HealthRepository repository(db, m_seal);
    const std::optional<HealthRecord> found = repository.find(recordId);
    if (!found)
        return Outcome::Failed;
    if (found->id.isEmpty())
        return Outcome::NotFound;
    if (found->userId == deciderId)
        return Outcome::OwnRecord;
    const QDateTime now = m_clock.now();
    bool changed = false;
    if (!repository.decide(recordId,
            verify ? QStringLiteral("verified") : QStringLiteral("rejected"),
            verify ? QString() : reason, deciderId, wiretime::format(now), &changed))
        return Outcome::Failed;
    if (!changed)
        return Outcome::NotPending;
    if (verify) {
        // The same path as an admin's PUT /v1/admin/users/{id}/statuses/{claim}.
        if (PassAdmin::putStatusIn(db, now, found->userId, statusClaim, QStringLiteral("verified"),
                std::nullopt, deciderId)
            < 0)
            return Outcome::Failed;
    }
    writeAudit(db, now, deciderId,
        verify ? QStringLiteral("verify_health_record") : QStringLiteral("reject_health_record"),
        recordId);
    const std::optional<HealthRecord> updated = repository.find(recordId);
    if (!updated)
        return Outcome::Failed;
    *record = *updated;
    return Outcome::Done;
}

std::optional<QJsonObject> HealthService::report()
{
    QSqlDatabase db = m_storage.connection();
    HealthRepository repository(db, m_seal);
    const std::optional<QList<HealthReportCell>> totals = repository.stateTotals();
    const std::optional<QList<HealthReportCell>> cells = repository.report();
    if (!totals || !cells)
        return std::nullopt;
    QJsonArray byState;
    for (const HealthReportCell &total : *totals) {
        byState.append(QJsonObject { { QStringLiteral("state"), total.state },
            { QStringLiteral("people"), countOf(total.people) } });
    }
    QJsonArray grid;
    for (const HealthReportCell &cell : *cells) {
        grid.append(QJsonObject { { QStringLiteral("state"), cell.state },
            { QStringLiteral("department"), cell.department }, { QStringLiteral("geo"), cell.geo },
            { QStringLiteral("people"), countOf(cell.people) } });
    }
    return QJsonObject { { QStringLiteral("threshold"), smallestCount },
        { QStringLiteral("byState"), byState }, { QStringLiteral("cells"), grid } };
}

} // namespace tessera::server
