#include "selfservice/requestsstore.h"

#include "selfservice/selfservicelogging.h"
#include "storage/database.h"
#include "storage/sqlrows.h"

#include <QJsonDocument>

namespace tessera {

namespace {

// The cursor's row in selfservice_cursors.
constexpr char requestsCursor[] = "requests";

constexpr char selectColumns[] = "SELECT id, service_id, service_title, inputs, status, message, "
                                 "result_card, submitted_at, updated_at FROM selfservice_requests";

SubmissionRecord readRow(const SqlStatement &row)
{
    SubmissionRecord record;
    record.id = row.columnText(0);
    record.serviceId = row.columnText(1);
    record.serviceTitle = row.columnText(2);
    record.inputs = QJsonDocument::fromJson(row.columnUtf8(3)).object();
    record.status = row.columnText(4);
    record.message = row.columnText(5);
    if (!row.isNull(6))
        record.resultCard = QJsonDocument::fromJson(row.columnUtf8(6)).object();
    record.submittedAt = QDateTime::fromString(row.columnText(7), Qt::ISODateWithMs);
    record.updatedAt = QDateTime::fromString(row.columnText(8), Qt::ISODateWithMs);
    return record;
}

} // namespace

RequestsStore::RequestsStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "selfservice_cursors", QLatin1String(requestsCursor), parent)
{ }

RequestsStore::~RequestsStore() = default;

QList<SubmissionRecord> RequestsStore::requests() const
{
    if (!database())
        return {};
    return rowsOf(database()->prepare(
                      QByteArray(selectColumns).append(" ORDER BY submitted_at DESC, id DESC")),
        readRow, "reading the requests");
}

std::optional<SubmissionRecord> RequestsStore::request(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement select = database()->prepare(QByteArray(selectColumns).append(" WHERE id = ?1"));
    select.bindText(1, id);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

bool RequestsStore::write(Database &database, const SubmissionRecord &record, bool replace)
{
    SqlStatement write = database.prepare(
        QByteArray(replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE")
            .append(" INTO selfservice_requests (id, service_id, service_title, inputs, "
                    "status, message, result_card, submitted_at, updated_at) VALUES (?1, ?2, "
                    "?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    write.bindText(1, record.id);
    write.bindText(2, record.serviceId);
    write.bindText(3, record.serviceTitle);
    write.bindUtf8(4, QJsonDocument(record.inputs).toJson(QJsonDocument::Compact));
    write.bindText(5, record.status);
    if (record.message.isEmpty())
        write.bindNull(6);
    else
        write.bindText(6, record.message);
    if (record.resultCard.isEmpty())
        write.bindNull(7);
    else
        write.bindUtf8(7, QJsonDocument(record.resultCard).toJson(QJsonDocument::Compact));
    write.bindText(8, record.submittedAt.toUTC().toString(Qt::ISODateWithMs));
    write.bindText(9, record.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    return write.exec();
}

bool RequestsStore::applyPage(const QList<SubmissionRecord> &records, const QString &cursor)
{
    return writePage(cursor, !records.isEmpty(), [&records](Database &database) {
        for (const SubmissionRecord &record : records) {
            if (!write(database, record, true)) {
                qCWarning(lcSelfService) << "requests write failed";
                return false;
            }
        }
        return true;
    });
}

bool RequestsStore::addSubmitted(const SubmissionRecord &record)
{
    if (!database() || !write(*database(), record, false))
        return false;
    if (database()->changes() > 0)
        Q_EMIT changed();
    return true;
}

} // namespace tessera
