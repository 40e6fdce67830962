#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace tessera {

// One answer of the surveys' outbox (table surveys_outbox): what this device sends with
// PUT /v1/surveys/{id}/answer until the server has it or refuses it for good.
struct SurveyAnswer
{
    qint64 seq = 0;
    QString surveyId;
    bool anonymous = false;
    QJsonObject inputs; // input id → value, checked by core's validator before it was queued
    QString idempotencyKey; // empty for an anonymous survey: sent without one
    QString state; // pending, failed
    int attempts = 0;
    QDateTime nextAttemptAt; // invalid: due now
    QString lastError; // why the last attempt did not arrive (pending)
    QString reason; // failed: the server's code (survey_closed, not_found, invalid_inputs, ...)
    QString message; // failed: in plain words, for the page
    QString path; // failed with 422: the input the server named
    QDateTime createdAt;

    bool isPending() const { return state == u"pending"; }
};

} // namespace tessera
