#pragma once

#include "storage/deltastore.h"
#include "surveys/survey.h"
#include "surveys/surveyanswer.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// The surveys' cache in the session's SQLCipher database (the "surveys" feature's tables): the
// surveys by the server's id with the delta cursor (surveys_sync), written together
// (DeltaStore), and the answer outbox: an answer waits encrypted in surveys_outbox (surviving a
// restart) until it is delivered (then the survey counts as answered here, with the answer kept
// as myAnswer for a named survey only) or refused for good (kept with the reason for the page).
// Without a database every read answers nothing and every write fails. Not thread-safe.
class SurveyStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit SurveyStore(QObject *parent = nullptr);
    SurveyStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~SurveyStore() override;

    // Every stored survey (the model orders them).
    QList<Survey> surveys() const;
    std::optional<Survey> survey(const QString &id) const;

    // One page of a delta: its surveys upserted, its removed ids dropped (with their answers
    // still in the outbox) and the cursor stored, in one transaction.
    bool applyDelta(
        const QList<Survey> &surveys, const QStringList &removed, const QString &cursor);

    // The outbox. queueAnswer replaces what waits or failed for the same survey, in one
    // transaction; nullopt when it could not be written.
    std::optional<SurveyAnswer> queueAnswer(const SurveyAnswer &answer);
    QList<SurveyAnswer> answers(const QString &state = {}) const;
    std::optional<SurveyAnswer> answer(qint64 seq) const;
    // The latest answer of a survey that waits or failed (nullopt: none).
    std::optional<SurveyAnswer> answerFor(const QString &surveyId) const;
    int pendingCount() const;
    // The server has it: the row goes and the survey is answered here (myAnswer for named).
    bool answerDelivered(qint64 seq);
    bool answerFailed(
        qint64 seq, const QString &reason, const QString &message, const QString &path);
    bool answerDeferred(qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError);
    // Every waiting answer due now (the server is back).
    bool makeAnswersDue();
    // A failed answer's reason is read: it goes.
    bool dismissFailure(const QString &surveyId);

private:
    static bool write(Database &database, const Survey &survey);
    static bool drop(Database &database, const QString &id);
};

} // namespace tessera
