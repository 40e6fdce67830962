#include "attest/attestservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/cardparser.h"
#include "cards/formcheck.h"
#include "crypto/randomtokens.h"
#include "pass/passadmin.h"
#include "protocol/apierror.h"
#include "protocol/checkprocess.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTimeZone>

namespace tessera::server {

AttestRefusal AttestRefusal::fromResponse(const HttpResponse &response)
{
    QJsonObject members = QJsonDocument::fromJson(response.body).object();
    const std::optional<ApiError> error = ApiError::fromJson(members);
    members.remove(QStringLiteral("error"));
    return AttestRefusal { error ? error->code : QString(), error ? error->message : QString(),
        members };
}

QJsonObject AttestAnswer::toJson() const
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("day"), day },
        { QStringLiteral("inputs"), inputs }, { QStringLiteral("answeredAt"), answeredAt } };
}

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString dayText(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

// 422 invalid_field at path.
AttestRefusal invalidField(const QString &path, const QString &message)
{
    return AttestRefusal { QStringLiteral("invalid_field"), message,
        QJsonObject { { QStringLiteral("path"), path } } };
}

AttestFormResult formRefused(AttestOutcome outcome, AttestRefusal refusal = {})
{
    return AttestFormResult { outcome, std::move(refusal), {} };
}

AttestAnswerResult answerRefused(AttestOutcome outcome, AttestRefusal refusal = {})
{
    return AttestAnswerResult { outcome, std::move(refusal), {} };
}

// The stored form: its card (compact JSON), version and retention; nullopt when the database
// refused, an empty card when there is none.
struct StoredForm
{
    QString card;
    int version = 0;
    int retentionDays = AttestService::defaultRetentionDays;
};

std::optional<StoredForm> loadForm(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT card, version, retention_days FROM attestation_form WHERE id = 1")))
        return std::nullopt;
    StoredForm form;
    if (query.next()) {
        form.card = query.value(0).toString();
        form.version = query.value(1).toInt();
        form.retentionDays = query.value(2).toInt();
    }
    return form;
}

// One answer as the query's row (answerColumns) holds it.
AttestAnswer answerOfRow(const QSqlQuery &query)
{
    return AttestAnswer { query.value(0).toString(), query.value(1).toString(),
        QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object(),
        query.value(3).toString() };
}

const QString answerColumns = QStringLiteral("id, day, inputs, answered_at");

// The person's answer of day: nullopt when the database refused, an inner nullopt when none.
std::optional<std::optional<AttestAnswer>> answerOf(
    QSqlDatabase &db, const QString &userId, const QString &day)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + answerColumns
                + QStringLiteral(" FROM attestations WHERE user_id = ? AND day = ?"),
            { userId, day }))
        return std::nullopt;
    return query.next() ? std::optional<AttestAnswer>(answerOfRow(query)) : std::nullopt;
}

AttestAnswerResult firstAnswer(const AttestAnswer &first)
{
    return AttestAnswerResult { AttestOutcome::AlreadyAnswered, {}, first };
}

} // namespace

AttestService::AttestService(Storage &storage, const Clock &clock, const FormCheck &formCheck)
    : m_storage(storage)
    , m_clock(clock)
    , m_formCheck(formCheck)
{ }

QSqlDatabase AttestService::connection() const
{
    return m_storage.connection();
}

QDate AttestService::dayOf(const QDateTime &time)
{
    return time.toUTC().date();
}

QDateTime AttestService::endOf(const QDate &day)
{
    return QDateTime(day.addDays(1), QTime(0, 0), QTimeZone::utc());
}

AttestFormResult AttestService::putForm(const QJsonObject &body, const QString &actor)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != u"card" && it.key() != u"retentionDays")
            return formRefused(AttestOutcome::Invalid,
                invalidField(QStringLiteral("$.") + it.key(),
                    QStringLiteral(
                        "is not a field of the attestation form (card, retentionDays)")));
    }
    int retentionDays = defaultRetentionDays;
    if (body.contains(QStringLiteral("retentionDays"))) {
        const QJsonValue days = body.value(QStringLiteral("retentionDays"));
        const double number = days.toDouble(-1);
        if (!days.isDouble() || number != double(int(number)) || number < 1
            || number > maxRetentionDays)
            return formRefused(AttestOutcome::Invalid,
                invalidField(QStringLiteral("$.retentionDays"),
                    QStringLiteral("must be a whole number of days from 1 to %1")
                        .arg(maxRetentionDays)));
        retentionDays = int(number);
    }
    QSqlDatabase db = m_storage.connection();
    const std::optional<QStringList> hosts = m_formCheck.allowedHosts(db, QString());
    if (!hosts)
        return formRefused(AttestOutcome::Failed);
    if (auto refused = FormCheck::checkForm(
            body.value(QStringLiteral("card")), QStringLiteral("$.card"), *hosts))
        return formRefused(AttestOutcome::Invalid, AttestRefusal::fromResponse(*refused));
    const QJsonObject card = body.value(QStringLiteral("card")).toObject();

    sql::Transaction transaction(db);
    const std::optional<StoredForm> old =
        transaction.isActive() ? loadForm(db) : std::optional<StoredForm>();
    if (!old)
        return formRefused(AttestOutcome::Failed);
    const int version = old->version + 1;
    const QDateTime now = m_clock.now();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO attestation_form (id, card, version, retention_days,"
                           " updated_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                           " card = excluded.card, version = excluded.version,"
                           " retention_days = excluded.retention_days,"
                           " updated_at = excluded.updated_at"),
            { compact(card), version, retentionDays, wiretime::format(now) }))
        return formRefused(AttestOutcome::Failed);
    writeAudit(db, now, actor, QStringLiteral("put_attestation_form"), QString::number(version),
        QStringLiteral("{\"retentionDays\":%1}").arg(retentionDays));
    if (!transaction.commit())
        return formRefused(AttestOutcome::Failed);
    qCInfo(lcServer) << "attestation form version" << version << "put by" << actor;
    return AttestFormResult { AttestOutcome::Done, {},
        AttestForm { card, version, retentionDays } };
}

AttestFormResult AttestService::form()
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<StoredForm> stored = loadForm(db);
    if (!stored)
        return formRefused(AttestOutcome::Failed);
    if (stored->card.isEmpty())
        return formRefused(AttestOutcome::NoForm);
    return AttestFormResult { AttestOutcome::Done, {},
        AttestForm { QJsonDocument::fromJson(stored->card.toUtf8()).object(), stored->version,
            stored->retentionDays } };
}

AttestAnswerResult AttestService::answer(
    const QString &userId, const QJsonObject &body, const BeforeCommit &beforeCommit)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != u"inputs" && it.key() != u"action")
            return answerRefused(AttestOutcome::Invalid,
                invalidField(QStringLiteral("$.") + it.key(),
                    QStringLiteral("is not a field of an attestation (inputs, action)")));
    }
    if (!body.value(QStringLiteral("inputs")).isObject())
        return answerRefused(AttestOutcome::Invalid,
            invalidField(QStringLiteral("$.inputs"),
                QStringLiteral("must be an object of input id → value")));
    const QJsonValue action = body.value(QStringLiteral("action"));
    if (!action.isUndefined() && !action.isString())
        return answerRefused(AttestOutcome::Invalid,
            invalidField(QStringLiteral("$.action"),
                QStringLiteral("must be the id of the form's submit action")));
    const QJsonObject inputs = body.value(QStringLiteral("inputs")).toObject();

    QSqlDatabase db = m_storage.connection();
    const QDateTime now = m_clock.now();
    const QDate day = dayOf(now);
    // Answered already today: the first answer, whatever this one says.
    const auto first = answerOf(db, userId, dayText(day));
    if (!first)
        return answerRefused(AttestOutcome::Failed);
    if (*first)
        return firstAnswer(**first);
    const std::optional<StoredForm> form = loadForm(db);
    if (!form)
        return answerRefused(AttestOutcome::Failed);
    if (form->card.isEmpty())
        return answerRefused(AttestOutcome::NoForm);
    // Checked when it was put: parsed here for its inputs and actions only.
    const cards::CardParseResult parsed = cards::CardParser().parse(form->card.toUtf8());
    if (auto refused = FormCheck::checkInputs(parsed.card, action.toString(), inputs))
        return answerRefused(AttestOutcome::Invalid, AttestRefusal::fromResponse(*refused));

    const AttestAnswer answer { randomtokens::urlSafe(QStringLiteral("att_"), 16), dayText(day),
        inputs, wiretime::format(now) };
    sql::Transaction transaction(db);
    QSqlQuery query(db);
    if (!transaction.isActive()
        || !sql::exec(query,
            QStringLiteral("INSERT INTO attestations (id, user_id, day, inputs, form_version,"
                           " answered_at) VALUES (?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (user_id, day) DO NOTHING"),
            { answer.id, userId, answer.day, compact(inputs), form->version, answer.answeredAt }))
        return answerRefused(AttestOutcome::Failed);
    if (query.numRowsAffected() != 1) {
        // Another request of the person's won the day meanwhile: its answer stands.
        transaction.commit();
        const auto winner = answerOf(db, userId, answer.day);
        if (!winner || !*winner)
            return answerRefused(AttestOutcome::Failed);
        return firstAnswer(**winner);
    }
    // The pass's status for the day (PassIssuer puts it in the next pass), set as an admin's is.
    if (PassAdmin::putStatusIn(db, now, userId, pass::CheckProcess::attestationClaim(),
            pass::CheckProcess::attestationAnswered(), endOf(day), QStringLiteral("attestation"))
        < 0)
        return answerRefused(AttestOutcome::Failed);
    AttestAnswerResult result { AttestOutcome::Done, {}, answer };
    if ((beforeCommit && !beforeCommit(result)) || !transaction.commit())
        return answerRefused(AttestOutcome::Failed);
    qCInfo(lcServer) << "attestation" << answer.id << "of" << userId << "for" << answer.day;
    return result;
}

AttestTodayResult AttestService::today(const QString &userId)
{
    QSqlDatabase db = m_storage.connection();
    const QString day = dayText(dayOf(m_clock.now()));
    const auto answer = answerOf(db, userId, day);
    if (!answer)
        return AttestTodayResult { AttestOutcome::Failed, day, std::nullopt };
    return AttestTodayResult { AttestOutcome::Done, day, *answer };
}

AttestAnswersResult AttestService::ofPerson(const QString &userId)
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + answerColumns
                + QStringLiteral(" FROM attestations WHERE user_id = ? ORDER BY day DESC"
                                 " LIMIT ?"),
            { userId, maxRetentionDays + 1 }))
        return AttestAnswersResult { AttestOutcome::Failed, {} };
    AttestAnswersResult result { AttestOutcome::Done, {} };
    while (query.next())
        result.answers.append(answerOfRow(query));
    return result;
}

bool AttestService::sweep()
{
    QSqlDatabase db = m_storage.connection();
    const std::optional<StoredForm> form = loadForm(db);
    if (!form)
        return false;
    // An answer of day D is kept through D + retentionDays.
    const QDate oldestKept = dayOf(m_clock.now()).addDays(-form->retentionDays);
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("DELETE FROM attestations WHERE day < ?"),
            { dayText(oldestKept) }))
        return false;
    if (query.numRowsAffected() > 0)
        qCInfo(lcServer) << "retention:" << query.numRowsAffected() << "attestations older than"
                         << dayText(oldestKept) << "deleted";
    return true;
}

} // namespace tessera::server
