#pragma once

#include "surveys/surveyrepository.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

namespace tessera::server {

// A survey's results for its sender (the surveys wire contract): the audience now, the people
// who answered and the response rate; per input the counts (choice, toggle, date, time; a
// multi-select counts each choice), the average and distribution (number, rating), and the
// texts — of an anonymous survey only mixed answers, and its texts only from minBatch answers
// on. The CSV (RFC 4180): a named survey's answers one row each, an anonymous survey's counts
// and shown texts; a cell starting with = + - @ is prefixed with ' (CSV injection).
class SurveyResults
{
public:
    // nullopt when the database failed.
    static std::optional<QJsonObject> json(
        QSqlDatabase &db, const StoredSurvey &survey, const QString &now);
    static std::optional<QByteArray> csv(QSqlDatabase &db, const StoredSurvey &survey);
    // One CSV cell: quoted when it must be, and guarded against formula injection.
    static QString cell(const QString &text);
};

} // namespace tessera::server
