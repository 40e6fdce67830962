#include "services/submissionrepository.h"

#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT b.id, b.service, b.api_key_id, b.form_version, b.user_id, b.action, b.inputs,"
    " b.status, b.message, b.result_card, b.submitted_at, b.updated_at, b.change_id,"
    " s.service_id, s.title, u.display_name FROM submissions b"
    " JOIN services s ON s.id = b.service LEFT JOIN users u ON u.id = b.user_id");

SubmissionRepository::Stored read(const QSqlQuery &query)
{
    SubmissionRepository::Stored row;
    row.id = query.value(0).toString();
    row.service = query.value(1).toString();
    row.apiKeyId = query.value(2).toString();
    row.formVersion = query.value(3).toLongLong();
    row.userId = query.value(4).toString();
    row.action = query.value(5).toString();
    row.inputs = query.value(6).toString();
    row.status = query.value(7).toString();
    row.message = query.value(8).toString();
    row.resultCard = query.value(9).toString();
    row.submittedAt = query.value(10).toString();
    row.updatedAt = query.value(11).toString();
    row.changeId = query.value(12).toLongLong();
    row.serviceId = query.value(13).toString();
    row.serviceTitle = query.value(14).toString();
    row.submitterName = query.value(15).toString();
    return row;
}

std::optional<SubmissionRepository::Page> page(
    QSqlDatabase &db, const QString &where, const QVariantList &values, int limit)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            selectColumns + QStringLiteral(" WHERE ") + where
                + QStringLiteral(" ORDER BY b.change_id LIMIT ") + QString::number(limit + 1),
            values))
        return std::nullopt;
    SubmissionRepository::Page result;
    while (query.next()) {
        if (result.rows.size() == limit) {
            result.more = true;
            break;
        }
        result.rows.append(read(query));
    }
    return result;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue objectOrNull(const QString &json)
{
    if (json.isEmpty())
        return QJsonValue(QJsonValue::Null);
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

bool SubmissionRepository::isFinal(const QString &status)
{
    return status == QLatin1String("done") || status == QLatin1String("rejected");
}

const QStringList &SubmissionRepository::settableStatuses()
{
    static const QStringList statuses { QStringLiteral("received"), QStringLiteral("in_progress"),
        QStringLiteral("done"), QStringLiteral("rejected") };
    return statuses;
}

bool SubmissionRepository::find(QSqlDatabase &db, const QString &id, std::optional<Stored> *found)
{
    QSqlQuery query(db);
    if (!sql::exec(query, selectColumns + QStringLiteral(" WHERE b.id = ?"), { id }))
        return false;
    *found = query.next() ? std::optional(read(query)) : std::nullopt;
    return true;
}

bool SubmissionRepository::insert(QSqlDatabase &db, const Stored &submission)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO submissions (id, service, api_key_id, form_version, user_id,"
                       " action, inputs, status, message, result_card, submitted_at, updated_at,"
                       " change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        { submission.id, submission.service, submission.apiKeyId, submission.formVersion,
            submission.userId, sql::textOrNull(submission.action), submission.inputs,
            submission.status, sql::textOrNull(submission.message),
            sql::textOrNull(submission.resultCard), submission.submittedAt, submission.updatedAt,
            submission.changeId });
}

bool SubmissionRepository::update(QSqlDatabase &db, const Stored &submission)
{
    QSqlQuery query(db);
    return sql::exec(query,
               QStringLiteral("UPDATE submissions SET status = ?, message = ?, result_card = ?,"
                              " updated_at = ? WHERE id = ?"),
               { submission.status, sql::textOrNull(submission.message),
                   sql::textOrNull(submission.resultCard), submission.updatedAt, submission.id })
        && query.numRowsAffected() == 1;
}

bool SubmissionRepository::stamp(QSqlDatabase &db, const QString &id, qint64 changeId)
{
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("UPDATE submissions SET change_id = ? WHERE id = ?"),
        { changeId, id });
}

std::optional<SubmissionRepository::Page> SubmissionRepository::ofPerson(
    QSqlDatabase &db, const QString &userId, qint64 since, int limit)
{
    return page(db, QStringLiteral("b.user_id = ? AND b.change_id > ?"), { userId, since }, limit);
}

std::optional<SubmissionRepository::Page> SubmissionRepository::ofKey(
    QSqlDatabase &db, const QString &apiKeyId, const QString &serviceId, qint64 since, int limit)
{
    if (serviceId.isEmpty())
        return page(
            db, QStringLiteral("b.api_key_id = ? AND b.change_id > ?"), { apiKeyId, since }, limit);
    return page(db, QStringLiteral("b.api_key_id = ? AND b.change_id > ? AND s.service_id = ?"),
        { apiKeyId, since, serviceId }, limit);
}

QJsonObject SubmissionRepository::toPersonJson(const Stored &submission)
{
    return QJsonObject {
        { QStringLiteral("id"), submission.id },
        { QStringLiteral("serviceId"), submission.service },
        { QStringLiteral("serviceTitle"), submission.serviceTitle },
        { QStringLiteral("inputs"), objectOrNull(submission.inputs) },
        { QStringLiteral("status"), submission.status },
        { QStringLiteral("message"), textOrNull(submission.message) },
        { QStringLiteral("resultCard"), objectOrNull(submission.resultCard) },
        { QStringLiteral("submittedAt"), submission.submittedAt },
        { QStringLiteral("updatedAt"), submission.updatedAt },
    };
}

QJsonObject SubmissionRepository::toSubsystemJson(const Stored &submission)
{
    return QJsonObject {
        { QStringLiteral("id"), submission.id },
        { QStringLiteral("serviceId"), submission.serviceId },
        { QStringLiteral("formVersion"), submission.formVersion },
        { QStringLiteral("action"), textOrNull(submission.action) },
        { QStringLiteral("submitter"),
            QJsonObject { { QStringLiteral("id"), submission.userId },
                { QStringLiteral("name"), submission.submitterName } } },
        { QStringLiteral("inputs"), objectOrNull(submission.inputs) },
        { QStringLiteral("status"), submission.status },
        { QStringLiteral("message"), textOrNull(submission.message) },
        { QStringLiteral("resultCard"), objectOrNull(submission.resultCard) },
        { QStringLiteral("submittedAt"), submission.submittedAt },
        { QStringLiteral("updatedAt"), submission.updatedAt },
    };
}

} // namespace tessera::server
