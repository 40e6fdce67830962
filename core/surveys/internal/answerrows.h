#pragma once

#include "surveys/surveyanswer.h"

#include <QList>

#include <optional>

namespace tessera {

class Database;

namespace surveys {

// The answer outbox's SQL (table surveys_outbox); the caller holds the transaction where one is
// needed. insertAnswer drops what waits or failed for the same survey first.
std::optional<qint64> insertAnswer(Database &db, const SurveyAnswer &answer);
QList<SurveyAnswer> answerRows(Database &db, const QString &state = {});
std::optional<SurveyAnswer> answerRow(Database &db, qint64 seq);
std::optional<SurveyAnswer> answerRowFor(Database &db, const QString &surveyId);
// Deletes the row and marks its survey answered (with myAnswer for a named one).
bool deliverAnswer(Database &db, qint64 seq);
bool failAnswer(
    Database &db, qint64 seq, const QString &reason, const QString &message, const QString &path);
bool deferAnswer(
    Database &db, qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError);

} // namespace surveys

} // namespace tessera
