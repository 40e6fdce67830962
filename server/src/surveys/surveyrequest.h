#pragma once

#include "audience/audience.h"
#include "http/httpresponses.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The body of PUT /v1/subsystem/surveys/{surveyId} (the surveys wire contract), read strictly:
// {"title" 1..200 plain text, "card" (an Adaptive Card form, checked as a service's form is:
// FormCheck::checkForm), "audience", "closesAt" (RFC 3339, in the future), "anonymous",
// "editable" (not both), "callbackUrl" (optional: where its answers are delivered,
// SurveyWebhooks; checked against the key's prefixes by SurveyService::put)}. A problem answers 422
// with the JSON path of the field.
struct SurveyRequest
{
    static constexpr qsizetype maxTitle = 200;
    static constexpr qsizetype maxCallbackUrl = 2000;

    QString title;
    QJsonObject card;
    Audience audience;
    QDateTime closesAt;
    bool anonymous = false;
    bool editable = false;
    QString callbackUrl; // empty: none

    // A sub-system's own survey id: [A-Za-z0-9._-]{1,64}.
    static bool isSurveyId(const QString &id);
    // The request in body, its card checked against hosts; nullopt with *refusal set.
    static std::optional<SurveyRequest> read(const QJsonObject &body, const QStringList &hosts,
        const QDateTime &now, HttpResponse *refusal);
};

} // namespace tessera::server
