#include "surveys/surveyansweroutbox.h"

#include "base/futurewatch.h"
#include "cards/cardparser.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "net/apiclient.h"
#include "surveys/internal/surveyslogging.h"
#include "surveys/survey.h"
#include "surveys/surveystore.h"

#include <QUrl>

namespace tessera {

namespace {

// The input a 422 names: {"error": {..., "path"}} or {"path"} beside it; at most 200 characters.
QString refusedPath(const ApiReply &reply)
{
    QJsonValue path =
        reply.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("path"));
    if (!path.isString())
        path = reply.body.value(QStringLiteral("path"));
    const QString text = path.toString();
    return text.size() <= 200 ? text : QString();
}

} // namespace

SurveyAnswerOutbox::SurveyAnswerOutbox(
    AuthorizedApi &api, SessionScope &scope, SurveyStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SurveyAnswerOutbox::sendDue);
    connect(&m_scope, &SessionScope::started, this, &SurveyAnswerOutbox::sendNow);
    // The store gets the session's database (or loses it): what waits there goes when it can.
    connect(&m_store, &SurveyStore::changed, this, [this]() {
        countChanged();
        if (!m_sending && !m_timer.isActive())
            QTimer::singleShot(0, this, &SurveyAnswerOutbox::sendDue);
    });
    m_lastCount = pendingCount();
    QTimer::singleShot(0, this, &SurveyAnswerOutbox::sendDue);
}

SurveyAnswerOutbox::~SurveyAnswerOutbox() = default;

void SurveyAnswerOutbox::setRetryDelays(
    std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

int SurveyAnswerOutbox::pendingCount() const
{
    return m_store.pendingCount();
}

void SurveyAnswerOutbox::countChanged()
{
    const int count = pendingCount();
    if (count == m_lastCount)
        return;
    m_lastCount = count;
    Q_EMIT pendingCountChanged();
}

std::optional<ApiError> SurveyAnswerOutbox::check(const Survey &survey, const QJsonObject &values,
    const QDateTime &now, QList<cards::InputError> *errors)
{
    if (survey.isClosedAt(now))
        return ApiError { QStringLiteral("survey_closed"), tr("This survey is closed.") };
    if (survey.answered && !survey.editable)
        return ApiError { QStringLiteral("already_answered"),
            tr("You have answered this survey already; its answers cannot be changed.") };
    const cards::CardParseResult form = cards::CardParser().parse(survey.card);
    if (!form.isValid())
        return ApiError { QStringLiteral("invalid_card"),
            tr("This survey's form cannot be read.") };
    *errors = cards::SubmissionValidator::validate(form.card, values);
    return std::nullopt;
}

SurveyAnswerOutbox::SubmitResult SurveyAnswerOutbox::submit(
    const QString &surveyId, const QJsonObject &values, const QDateTime &now)
{
    SubmitResult result;
    if (!m_store.hasDatabase()) {
        result.refusal = ApiError { QStringLiteral("not_signed_in"), tr("Sign in first.") };
        return result;
    }
    const std::optional<Survey> survey = m_store.survey(surveyId);
    if (!survey) {
        result.refusal = ApiError { QStringLiteral("not_found"),
            tr("There is no survey “%1” on this device.").arg(surveyId) };
        return result;
    }
    result.refusal = check(*survey, values, now, &result.errors);
    if (result.refusal || !result.errors.isEmpty())
        return result;
    // One answer on its way at a time unless the survey takes edits: a second one with a new key
    // would be refused as already answered once the first arrives.
    const std::optional<SurveyAnswer> waiting = m_store.answerFor(survey->id);
    if (waiting && waiting->isPending() && !survey->editable) {
        result.refusal = ApiError { QStringLiteral("answer_pending"),
            tr("Your answer to this survey is waiting to be sent.") };
        return result;
    }
    SurveyAnswer answer;
    answer.surveyId = survey->id;
    answer.anonymous = survey->anonymous;
    answer.inputs = values;
    if (!survey->anonymous)
        answer.idempotencyKey = QString::fromLatin1(ApiClient::newIdempotencyKey());
    answer.createdAt = now;
    const std::optional<SurveyAnswer> stored = m_store.queueAnswer(answer);
    if (!stored) {
        result.refusal = ApiError { QStringLiteral("not_stored"),
            tr("The answer could not be saved on this device.") };
        return result;
    }
    result.seq = stored->seq;
    qCInfo(lcSurveys) << "answer queued:" << stored->seq << "for" << survey->id;
    countChanged();
    sendDue();
    return result;
}

SurveyAnswerOutbox::Request SurveyAnswerOutbox::request(const SurveyAnswer &answer)
{
    return Request { QStringLiteral("/v1/surveys/%1/answer")
                         .arg(QString::fromLatin1(QUrl::toPercentEncoding(answer.surveyId))),
        QJsonObject { { QStringLiteral("inputs"), answer.inputs } },
        answer.anonymous ? QByteArray() : answer.idempotencyKey.toLatin1() };
}

void SurveyAnswerOutbox::sendNow()
{
    m_store.makeAnswersDue();
    sendDue();
}

void SurveyAnswerOutbox::sendDue()
{
    if (m_sending || !m_store.hasDatabase() || !m_scope.isStarted())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<SurveyAnswer> waiting = m_store.answers(QStringLiteral("pending"));
    if (const SurveyAnswer *due = OutboxRetry::firstDue(waiting, now)) {
        send(*due);
        return;
    }
    OutboxRetry::wakeAt(m_timer, OutboxRetry::earliestAttempt(waiting, now), now);
}

void SurveyAnswerOutbox::send(const SurveyAnswer &answer)
{
    m_sending = true;
    m_timer.stop();
    const Request sent = request(answer);
    qCDebug(lcSurveys) << "sending answer" << answer.seq << "attempt" << answer.attempts + 1;
    whenFinished(this, m_api.put(sent.path, sent.body, sent.idempotencyKey),
        [this, answer](const ApiReply &reply) {
            m_sending = false;
            // Signed out meanwhile, or the row was replaced: the answer belongs to nothing here.
            if (m_store.hasDatabase() && m_store.answer(answer.seq))
                applyReply(answer, reply);
            sendDue();
        });
}

SurveyAnswerOutbox::Outcome SurveyAnswerOutbox::applyReply(
    const SurveyAnswer &answer, const ApiReply &reply)
{
    const bool replayed = answer.anonymous && reply.kind == ApiReply::Kind::HttpError
        && reply.httpStatus == 409 && reply.error.code == u"already_answered";
    if (reply.ok() || replayed) {
        // Anonymous and 409 already_answered: the mark is there, so an earlier attempt of this
        // very answer arrived (a cut connection); there is no other way to have answered here.
        m_store.answerDelivered(answer.seq);
        qCInfo(lcSurveys) << "answer delivered:" << answer.seq;
        countChanged();
        Q_EMIT answerDelivered(answer.surveyId);
        return Outcome::Delivered;
    }
    if (OutboxRetry::classify(reply) == OutboxRetry::Verdict::Retry) {
        const OutboxRetry::Deferral later = m_retry.defer(answer.attempts + 1, reply);
        m_store.answerDeferred(
            answer.seq, later.at, reply.error.code.isEmpty() ? reply.describe() : reply.error.code);
        qCInfo(lcSurveys).noquote() << "answer" << answer.seq << "deferred:" << reply.error.code
                                    << "retry in" << later.delay.count() << "ms";
        Q_EMIT answerDeferred(answer.surveyId, FailureText::describe(reply));
        return Outcome::Retry;
    }
    QString reason = reply.error.code;
    QString path;
    QString message;
    if (reply.httpStatus == 404) {
        reason = QStringLiteral("not_found");
        message = tr("This survey is no longer open to you.");
    } else if (reason == u"survey_closed") {
        message = tr("The survey closed before your answer arrived.");
    } else if (reason == u"already_answered") {
        message = tr("You have answered this survey already.");
    } else if (reply.httpStatus == 422) {
        path = refusedPath(reply);
        message = path.isEmpty()
            ? tr("The answer was not accepted: %1").arg(FailureText::describe(reply))
            : tr("The answer was not accepted (%1): %2").arg(path, FailureText::describe(reply));
    } else {
        message = tr("Not accepted: %1").arg(FailureText::describe(reply));
    }
    if (reason.isEmpty())
        reason = QStringLiteral("http_%1").arg(reply.httpStatus);
    m_store.answerFailed(answer.seq, reason, message, path);
    qCInfo(lcSurveys) << "answer" << answer.seq << "refused:" << reason;
    countChanged();
    Q_EMIT answerFailed(answer.surveyId, message);
    return Outcome::Final;
}

} // namespace tessera
