#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// One row of surveys: a sub-system's survey, open, closed, or the tombstone of a withdrawn or
// removed one.
struct StoredSurvey
{
    QString id; // the server's, "srv_..."
    QString apiKeyId;
    QString surveyId; // the sub-system's
    QString title;
    QString card; // compact JSON
    QString audience; // Audience::toText
    QString previousAudience; // before the last change; empty for a new survey
    QString closesAt; // RFC 3339
    bool anonymous = false;
    bool editable = false;
    int version = 0;
    QString updatedAt;
    bool closed = false; // its closing is in the change feed
    bool deleted = false;
    qint64 cursor = 0; // the change feed's cursor of its last change
    QString source; // the key's sub-system name (read with the key)
    bool keyRevoked = false; // (read with the key only)

    // Open for answers at now (RFC 3339 text, compared as text: both UTC).
    bool isOpen(const QString &now) const { return !deleted && !keyRevoked && closesAt > now; }
    bool isShown() const { return !deleted && !keyRevoked; }
};

// The SQL of surveys and survey_answers (named answers); runs in the caller's transaction
// where there is one. Every read answers nullopt (or false) when the database fails.
class SurveyRepository
{
public:
    // The key's survey surveyId (in any state) into *survey (nullopt when there is none).
    static bool find(QSqlDatabase &db, const QString &apiKeyId, const QString &surveyId,
        std::optional<StoredSurvey> *survey);
    // The survey with the server's id, with its key.
    static bool findById(QSqlDatabase &db, const QString &id, std::optional<StoredSurvey> *survey);
    static std::optional<QStringList> undeletedIdsOfKey(QSqlDatabase &db, const QString &apiKeyId);
    static bool write(QSqlDatabase &db, const StoredSurvey &survey, bool update);
    static std::optional<QList<StoredSurvey>> withIds(QSqlDatabase &db, const QStringList &ids);
    // Surveys whose last change is after since, in cursor order, at most limit, with their key;
    // liveOnly: only those shown (a first sync has nothing to remove).
    static std::optional<QList<StoredSurvey>> changedSince(
        QSqlDatabase &db, qint64 since, int limit, bool liveOnly);
    // Not deleted, not closed, closesAt reached at now.
    static std::optional<QList<StoredSurvey>> dueToClose(
        QSqlDatabase &db, const QString &now, int limit);
    // Not deleted, closed at or before before.
    static std::optional<QList<StoredSurvey>> dueToRemove(
        QSqlDatabase &db, const QString &before, int limit);

    // A named survey's answer.
    struct Answer
    {
        QString surveyId; // the server's id
        QString userId;
        QString inputs; // compact JSON
        QString answeredAt;
        qint64 cursor = 0;
    };
    static bool findAnswer(QSqlDatabase &db, const QString &surveyId, const QString &userId,
        std::optional<Answer> *answer);
    static bool writeAnswer(QSqlDatabase &db, const Answer &answer, bool update);
    // userId's answers since (their own changes), in cursor order, at most limit.
    static std::optional<QList<Answer>> answersSince(
        QSqlDatabase &db, const QString &userId, qint64 since, int limit);
    // Of surveyIds, userId's answers (named surveys).
    static std::optional<QHash<QString, QString>> answersAmong(
        QSqlDatabase &db, const QString &userId, const QStringList &surveyIds);
    // Every answer of a survey, oldest first.
    static std::optional<QList<Answer>> answersOf(QSqlDatabase &db, const QString &surveyId);
    // Forgets every answer of the survey (named and anonymous: marks, pending, counters, texts,
    // batches on their way) and its callback URL.
    static bool deleteAnswers(QSqlDatabase &db, const QString &surveyId);
};

} // namespace tessera::server
