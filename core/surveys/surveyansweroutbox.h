#pragma once

#include "cards/submissionvalidator.h"
#include "net/outboxretry.h"
#include "protocol/apierror.h"
#include "surveys/surveyanswer.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace tessera {

class AuthorizedApi;
class SessionScope;
class SurveyStore;
struct ApiReply;
struct Survey;

// Survey answers, exactly once. submit() checks the values against the survey's card with core's
// validator (the code the server runs) and that the survey may still be answered, and queues
// nothing when anything is wrong; otherwise the answer is written to the session's encrypted
// database (SurveyStore) and sent: PUT /v1/surveys/{id}/answer {"inputs"}. A named survey's
// answer carries an Idempotency-Key that every retry reuses (the server replays the first); an
// anonymous one carries none (decision 10: the server's has-answered mark is the guard, so its
// 409 already_answered is this outbox's own retry arriving: delivered). Network failures, 5xx,
// 408, 429 are sent again with backoff, whenever the server is back and across restarts; 409
// survey_closed or already_answered (named), 404 and 422 are final, kept with the reason (and
// the input a 422 names) for the page.
class SurveyAnswerOutbox : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
public:
    struct SubmitResult
    {
        std::optional<qint64> seq;
        QList<cards::InputError> errors;
        std::optional<ApiError> refusal;
        bool queued() const { return seq.has_value(); }
    };
    // What one attempt sends.
    struct Request
    {
        QString path;
        QJsonObject body;
        QByteArray idempotencyKey; // empty: none (anonymous)
    };
    enum class Outcome { Delivered, Retry, Final };

    // api, scope and store must outlive this object. Sends while the session's services run.
    SurveyAnswerOutbox(
        AuthorizedApi &api, SessionScope &scope, SurveyStore &store, QObject *parent = nullptr);
    ~SurveyAnswerOutbox() override;

    // values: input id → value (text, or a number for Input.Number).
    SubmitResult submit(const QString &surveyId, const QJsonObject &values,
        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The same checks without queueing: the input errors, or the refusal (closed, answered).
    // submit() also refuses a second answer while one waits (answer_pending), unless editable.
    static std::optional<ApiError> check(const Survey &survey, const QJsonObject &values,
        const QDateTime &now, QList<cards::InputError> *errors);

    static Request request(const SurveyAnswer &answer);
    // What an answer to an attempt means, applied to the store (delivered, deferred, failed).
    Outcome applyReply(const SurveyAnswer &answer, const ApiReply &reply);

    int pendingCount() const;
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

public Q_SLOTS:
    // Sends every waiting answer now, without waiting for its backoff.
    void sendNow();

Q_SIGNALS:
    void pendingCountChanged();
    void answerDelivered(const QString &surveyId);
    void answerFailed(const QString &surveyId, const QString &message);
    void answerDeferred(const QString &surveyId, const QString &reason);

private:
    void sendDue();
    void send(const SurveyAnswer &answer);
    void countChanged();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    SurveyStore &m_store;
    QTimer m_timer;
    bool m_sending = false;
    int m_lastCount = 0;
    OutboxRetry m_retry;
};

} // namespace tessera
