#pragma once

#include "surveys/surveyservice.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

// One answer of GET /v1/surveys?since=: the surveys changed after since (their last change, or
// the person's own answer) that the person sees, oldest change first, and under removed those
// they no longer see (withdrawn, removed after closing, another audience) if they are in an
// audience the survey has had (AudienceHistory); pages of at most pageSize changes and about
// 1 MiB (PageBudget) — News's rules.
class SurveyPage
{
public:
    // ownAnonymous: the cursor of the person's newest own change after since (0: none); their
    // anonymous answers come again at it (no row says when an anonymous answer was given).
    static SurveyService::Page read(QSqlDatabase &db, const QString &userId, qint64 since,
        const QString &now, int pageSize, qint64 ownAnonymous);
    // A survey as a person's feed shows it (the wire contract's Survey).
    static QJsonObject surveyJson(
        const StoredSurvey &survey, const QString &now, bool answered, const QString &myAnswer);
};

} // namespace tessera::server
