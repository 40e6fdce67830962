#include "scanner/scanrecordqueue.h"

#include "protocol/wiretime.h"
#include "scanner/scannerlogging.h"
#include "scanner/scanresult.h"
#include "storage/database.h"
#include "storage/sqltransaction.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <array>
#include <utility>

namespace tessera {

namespace {

QString newId()
{
    std::array<quint32, 4> words {};
    QRandomGenerator::system()->generate(words.begin(), words.end());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()),
        static_cast<qsizetype>(sizeof(quint32) * words.size()));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<pass::VerdictKind> verdictFromName(const QString &name)
{
    for (const auto kind :
        { pass::VerdictKind::Allow, pass::VerdictKind::Deny, pass::VerdictKind::Action }) {
        if (pass::verdictName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

pass::Reason reasonFromCode(const QString &code)
{
    for (int i = static_cast<int>(pass::Reason::Allowed);
         i <= static_cast<int>(pass::Reason::DeniedByRule); ++i) {
        const auto reason = static_cast<pass::Reason>(i);
        if (pass::reasonCode(reason) == code)
            return reason;
    }
    return pass::Reason::Malformed;
}

} // namespace

ScanRecordQueue::ScanRecordQueue(QString scannerDeviceId)
    : m_deviceId(std::move(scannerDeviceId))
{ }

ScanRecordQueue::ScanRecordQueue(std::shared_ptr<Database> database, QString scannerDeviceId)
    : m_database(std::move(database))
    , m_deviceId(std::move(scannerDeviceId))
{
    if (m_database && !load())
        qCWarning(lcScanner) << "the queued scan records could not be read";
}

ScanRecordQueue::~ScanRecordQueue() = default;

bool ScanRecordQueue::load()
{
    SqlStatement rows = m_database->prepare(
        "SELECT id, passId, process, verdict, reason, scannedAt, scannerDeviceId FROM scan_queue"
        " ORDER BY seq");
    if (!rows.isValid())
        return false;
    SqlStatement::Step step;
    while ((step = rows.step()) == SqlStatement::Step::Row) {
        ScanRecord record;
        record.passId = rows.columnText(1);
        record.process = rows.columnText(2);
        record.verdict = verdictFromName(rows.columnText(3)).value_or(pass::VerdictKind::Deny);
        record.reason = reasonFromCode(rows.columnText(4));
        record.scannedAt = rows.columnInt64(5);
        record.scannerDeviceId = rows.columnText(6);
        m_ids.append(rows.columnText(0));
        m_records.append(record);
    }
    return step == SqlStatement::Step::Done;
}

bool ScanRecordQueue::record(const ScanResult &result)
{
    if (!result.isTesseraPass)
        return false;
    return enqueue(ScanRecord::fromResult(result, m_deviceId));
}

bool ScanRecordQueue::enqueue(ScanRecord record)
{
    const QString id = newId();
    if (m_database) {
        SqlStatement insert = m_database->prepare(
            "INSERT INTO scan_queue (id, passId, process, verdict, reason, scannedAt,"
            " scannerDeviceId) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!insert.isValid())
            return false;
        insert.bindText(1, id);
        if (record.passId.isEmpty())
            insert.bindNull(2);
        else
            insert.bindText(2, record.passId);
        insert.bindText(3, record.process);
        insert.bindText(4, pass::verdictName(record.verdict));
        insert.bindText(5, pass::reasonCode(record.reason));
        insert.bindInt64(6, record.scannedAt);
        insert.bindText(7, record.scannerDeviceId);
        if (!insert.exec()) {
            qCWarning(lcScanner) << "a scan record could not be queued";
            return false;
        }
    }
    m_ids.append(id);
    m_records.append(std::move(record));
    return true;
}

QList<ScanRecordQueue::Entry> ScanRecordQueue::peekBatch(qsizetype maxCount) const
{
    QList<Entry> batch;
    const qsizetype count = qBound(qsizetype(0), maxCount, m_records.size());
    for (qsizetype i = 0; i < count; ++i)
        batch.append(Entry { m_ids.at(i), m_records.at(i) });
    return batch;
}

bool ScanRecordQueue::remove(const QStringList &ids)
{
    if (m_database) {
        SqlTransaction transaction(*m_database);
        SqlStatement del = m_database->prepare("DELETE FROM scan_queue WHERE id = ?1");
        if (!transaction.isActive() || !del.isValid())
            return false;
        for (const QString &id : ids) {
            del.reset();
            del.bindText(1, id);
            if (!del.exec())
                return false;
        }
        if (!transaction.commit())
            return false;
    }
    for (const QString &id : ids) {
        const qsizetype at = m_ids.indexOf(id);
        if (at >= 0) {
            m_ids.removeAt(at);
            m_records.removeAt(at);
        }
    }
    return true;
}

QList<ScanRecord> ScanRecordQueue::takeBatch(qsizetype maxCount)
{
    const QList<Entry> batch = peekBatch(maxCount);
    QStringList ids;
    QList<ScanRecord> records;
    for (const Entry &entry : batch) {
        ids.append(entry.id);
        records.append(entry.record);
    }
    if (!remove(ids))
        return {};
    return records;
}

QJsonObject ScanRecordQueue::uploadJson(const Entry &entry)
{
    const ScanRecord &record = entry.record;
    QJsonObject json {
        { QStringLiteral("id"), entry.id },
        { QStringLiteral("process"), record.process },
        { QStringLiteral("verdict"), pass::verdictName(record.verdict) },
        { QStringLiteral("reason"), pass::reasonCode(record.reason) },
        { QStringLiteral("scannedAt"),
            wiretime::format(QDateTime::fromSecsSinceEpoch(record.scannedAt, Qt::UTC)) },
    };
    if (!record.passId.isEmpty())
        json.insert(QStringLiteral("passId"), record.passId);
    return json;
}

} // namespace tessera
