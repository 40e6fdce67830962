#pragma once

#include "surveys/surveyinputs.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// An anonymous survey's answers as the database holds them (the surveys wire contract,
// "Anonymous storage"; DESIGN.md decision 10): the has-answered mark (survey, person) with no
// time; the answer itself, in the same transaction, in survey_pending under a random key with
// no person, time or order; and a mixing step that moves all pending answers of a survey (once
// there are minBatch, and at closing) into per (survey, input, value) counters and free-text rows
// with random keys and only the mixing day, then deletes them. An answer is never in a counter
// or text row written by its own transaction unless its transaction mixed (then with at least
// minBatch - 1 others), and at most minBatch - 1 answers wait unmixed. Runs in the caller's
// transaction; every call answers nullopt (or false) when the database fails.
class AnonymousAnswers
{
public:
    static constexpr int minBatch = 5;

    static std::optional<bool> hasMark(
        QSqlDatabase &db, const QString &surveyId, const QString &userId);
    // The mark and the pending answer; then mixes (with batch) when minBatch answers wait,
    // setting *mixed.
    static bool store(QSqlDatabase &db, const QString &surveyId, const QString &userId,
        const QJsonObject &inputs, const QList<SurveyInput> &card, const QString &day,
        const QString &batch = {}, bool *mixed = nullptr);
    // Moves every pending answer of the survey into its counters and texts (in random-key
    // order); then deletes them, or with a batch key (SurveyWebhooks) tags them with it: they
    // wait for their delivery, no longer pending.
    static bool mix(QSqlDatabase &db, const QString &surveyId, const QList<SurveyInput> &card,
        const QString &day, const QString &batch = {});

    // Of surveyIds, those userId has answered.
    static std::optional<QSet<QString>> markedAmong(
        QSqlDatabase &db, const QString &userId, const QStringList &surveyIds);
    // The anonymous surveys userId has answered.
    static std::optional<QStringList> markedBy(QSqlDatabase &db, const QString &userId);
    static std::optional<qint64> markCount(QSqlDatabase &db, const QString &surveyId);
    // The answers not mixed yet.
    static std::optional<qint64> pendingCount(QSqlDatabase &db, const QString &surveyId);
    // input id -> value -> answers (mixed only).
    static std::optional<QHash<QString, QHash<QString, qint64>>> counts(
        QSqlDatabase &db, const QString &surveyId);
    // input id -> texts (mixed only), in their random keys' order.
    static std::optional<QHash<QString, QStringList>> texts(
        QSqlDatabase &db, const QString &surveyId);
};

} // namespace tessera::server
