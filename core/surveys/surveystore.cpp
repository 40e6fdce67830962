#include "surveys/surveystore.h"

#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"
#include "surveys/internal/answerrows.h"
#include "surveys/internal/surveyslogging.h"

#include <QJsonDocument>

namespace tessera {

namespace {

#define TESSERA_SURVEYS_SELECT                                                                     \
    "SELECT id, title, card, closesAt, closed, anonymous, editable, version, answered, myAnswer,"  \
    " source FROM surveys"

Survey readSurvey(const SqlStatement &row)
{
    Survey survey;
    survey.id = row.columnText(0);
    survey.title = row.columnText(1);
    survey.card = QJsonDocument::fromJson(row.columnUtf8(2)).object();
    survey.closesAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(3), Qt::UTC);
    survey.closed = row.columnBool(4);
    survey.anonymous = row.columnBool(5);
    survey.editable = row.columnBool(6);
    survey.version = row.columnInt64(7);
    survey.answered = row.columnBool(8);
    if (!row.isNull(9))
        survey.myAnswer = QJsonDocument::fromJson(row.columnUtf8(9)).object();
    survey.source = row.columnText(10);
    return survey;
}

} // namespace

SurveyStore::SurveyStore(QObject *parent)
    : SurveyStore(nullptr, parent)
{ }

SurveyStore::SurveyStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "surveys_sync", QStringLiteral("cursor"), "surveys", parent)
{ }

SurveyStore::~SurveyStore() = default;

QList<Survey> SurveyStore::surveys() const
{
    QList<Survey> result;
    if (!database())
        return result;
    SqlStatement statement = database()->prepare(TESSERA_SURVEYS_SELECT " ORDER BY closesAt, id");
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = statement.step()) == SqlStatement::Step::Row)
        result.append(readSurvey(statement));
    if (step == SqlStatement::Step::Error)
        qCWarning(lcSurveys).noquote() << "reading the surveys:" << statement.error().message;
    return result;
}

std::optional<Survey> SurveyStore::survey(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement statement = database()->prepare(TESSERA_SURVEYS_SELECT " WHERE id = ?1");
    statement.bindText(1, id);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readSurvey(statement);
}

bool SurveyStore::write(Database &database, const Survey &survey)
{
    SqlStatement statement = database.prepare(
        "INSERT OR REPLACE INTO surveys (id, title, card, closesAt, closed, anonymous, editable,"
        " version, answered, myAnswer, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
        " ?11)");
    statement.bindText(1, survey.id);
    statement.bindText(2, survey.title);
    statement.bindUtf8(3, QJsonDocument(survey.card).toJson(QJsonDocument::Compact));
    statement.bindInt64(4, survey.closesAt.toMSecsSinceEpoch());
    statement.bindBool(5, survey.closed);
    statement.bindBool(6, survey.anonymous);
    statement.bindBool(7, survey.editable);
    statement.bindInt64(8, survey.version);
    statement.bindBool(9, survey.answered);
    if (survey.myAnswer.isEmpty() || survey.anonymous)
        statement.bindNull(10);
    else
        statement.bindUtf8(10, QJsonDocument(survey.myAnswer).toJson(QJsonDocument::Compact));
    statement.bindText(11, survey.source);
    if (statement.exec())
        return true;
    qCWarning(lcSurveys).noquote()
        << "storing survey" << survey.id << ":" << statement.error().message;
    return false;
}

bool SurveyStore::drop(Database &database, const QString &id)
{
    for (const char *sql : { "DELETE FROM surveys WHERE id = ?1",
             "DELETE FROM surveys_outbox WHERE survey_id = ?1" }) {
        SqlStatement statement = database.prepare(sql);
        statement.bindText(1, id);
        if (!statement.exec()) {
            qCWarning(lcSurveys).noquote()
                << "removing survey" << id << ":" << statement.error().message;
            return false;
        }
    }
    return true;
}

bool SurveyStore::applyDelta(
    const QList<Survey> &surveys, const QStringList &removed, const QString &cursor)
{
    if (cursor.isEmpty())
        return false;
    const bool changesRows = !surveys.isEmpty() || !removed.isEmpty();
    return writePage(cursor, changesRows, [&surveys, &removed](Database &database) {
        for (const Survey &survey : surveys)
            if (!write(database, survey))
                return false;
        for (const QString &id : removed)
            if (!drop(database, id))
                return false;
        return true;
    });
}

std::optional<SurveyAnswer> SurveyStore::queueAnswer(const SurveyAnswer &answer)
{
    if (!database())
        return std::nullopt;
    SqlTransaction transaction(*database());
    if (!transaction.isActive())
        return std::nullopt;
    const std::optional<qint64> seq = surveys::insertAnswer(*database(), answer);
    if (!seq || !transaction.commit())
        return std::nullopt;
    Q_EMIT changed();
    return surveys::answerRow(*database(), *seq);
}

QList<SurveyAnswer> SurveyStore::answers(const QString &state) const
{
    return database() ? surveys::answerRows(*database(), state) : QList<SurveyAnswer> {};
}

std::optional<SurveyAnswer> SurveyStore::answer(qint64 seq) const
{
    return database() ? surveys::answerRow(*database(), seq) : std::nullopt;
}

std::optional<SurveyAnswer> SurveyStore::answerFor(const QString &surveyId) const
{
    return database() ? surveys::answerRowFor(*database(), surveyId) : std::nullopt;
}

int SurveyStore::pendingCount() const
{
    return int(answers(QStringLiteral("pending")).size());
}

bool SurveyStore::answerDelivered(qint64 seq)
{
    if (!database())
        return false;
    SqlTransaction transaction(*database());
    if (!transaction.isActive() || !surveys::deliverAnswer(*database(), seq)
        || !transaction.commit())
        return false;
    Q_EMIT changed();
    return true;
}

bool SurveyStore::answerFailed(
    qint64 seq, const QString &reason, const QString &message, const QString &path)
{
    if (!database() || !surveys::failAnswer(*database(), seq, reason, message, path))
        return false;
    Q_EMIT changed();
    return true;
}

bool SurveyStore::answerDeferred(
    qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError)
{
    if (!database() || !surveys::deferAnswer(*database(), seq, nextAttemptAt, lastError))
        return false;
    Q_EMIT changed();
    return true;
}

bool SurveyStore::makeAnswersDue()
{
    return database()
        && database()->exec(
            "UPDATE surveys_outbox SET next_attempt_at = NULL WHERE state = 'pending'");
}

bool SurveyStore::dismissFailure(const QString &surveyId)
{
    if (!database())
        return false;
    SqlStatement statement =
        database()->prepare("DELETE FROM surveys_outbox WHERE survey_id = ?1 AND state = 'failed'");
    statement.bindText(1, surveyId);
    if (!statement.exec())
        return false;
    Q_EMIT changed();
    return true;
}

} // namespace tessera
