#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

struct StoredSurvey;

// A survey's answers delivered to its sub-system as signed webhooks (docs/INTEGRATION.md,
// "Surveys": "Answers by webhook"; DESIGN.md: a submission is delivered as a webhook with a type
// and a version; decision 9: payloads are built when sent, not stored; decision 10: anonymous
// answers in batches of at least 5 or at closing). Only surveys put with a callbackUrl
// (survey_hooks) are delivered. A delivery (webhook_deliveries, sent and retried by the
// WebhookDispatcher) holds no answer and no person: its survey_ref is a named answer's random
// answer_key (event survey.answer) or an anonymous batch's random key (event survey.answers),
// and body() builds what is sent from the rows when it is sent. Runs in the caller's transaction.
class SurveyWebhooks
{
public:
    static constexpr int version = 1;
    static QString answerEvent() { return QStringLiteral("survey.answer"); }
    static QString batchEvent() { return QStringLiteral("survey.answers"); }

    // The survey's callback URL; empty when it has none; nullopt when the database failed.
    static std::optional<QString> callbackOf(QSqlDatabase &db, const QString &surveyId);
    // Sets (url empty: clears) the survey's callback URL.
    static bool setCallback(QSqlDatabase &db, const QString &surveyId, const QString &url);
    // A new random key (an answer's or a batch's).
    static QString newKey();

    // Queues the delivery of userId's named answer to survey (its row written in this
    // transaction) to url, at now (RFC 3339).
    static bool queueAnswer(QSqlDatabase &db, const StoredSurvey &survey, const QString &userId,
        const QString &url, const QString &now);
    // Queues the delivery of batch (the answers AnonymousAnswers::mix tagged with it; final: the
    // closing's, whatever the count) to url.
    static bool queueBatch(QSqlDatabase &db, const StoredSurvey &survey, const QString &batch,
        bool final, const QString &url, const QString &now);

    // What a delivery of event about ref sends, built now: the event object with deliveryId as
    // compact JSON; nullopt when what it tells of is gone (the survey removed, the person
    // erased) or the database failed (*failed set then).
    static std::optional<QByteArray> body(QSqlDatabase &db, const QString &event,
        const QString &ref, const QString &deliveryId, bool *failed);
    // After a 2xx: a batch's answers leave survey_pending (they are in the counters already).
    static bool delivered(QSqlDatabase &db, const QString &event, const QString &ref);
};

} // namespace tessera::server
