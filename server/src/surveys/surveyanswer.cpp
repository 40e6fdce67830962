// SurveyService: a person's answer (named or anonymous) and their feed.
#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "base/clock.h"
#include "cards/cardparser.h"
#include "cards/formcheck.h"
#include "cards/submissionvalidator.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "protocol/wiretime.h"
#include "surveys/anonymousanswers.h"
#include "surveys/surveypage.h"
#include "surveys/surveyservice.h"
#include "surveys/surveywebhooks.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such survey for you."));
}

HttpResponse conflict(const QString &code, const QString &message)
{
    return http::error(409, code, message);
}

HttpResponse closed()
{
    return conflict(QStringLiteral("survey_closed"), QStringLiteral("This survey is closed."));
}

HttpResponse alreadyAnswered()
{
    return conflict(QStringLiteral("already_answered"),
        QStringLiteral("You have answered this survey; it cannot be answered again."));
}

// What is wrong with the values against the survey's card: 422 invalid_inputs with each
// input's error (FormCheck) and the JSON path of the first; nullopt when they may be taken.
std::optional<HttpResponse> invalid(const StoredSurvey &survey, const QJsonObject &inputs)
{
    // Checked when it was put: parsed here for its inputs.
    const cards::CardParseResult parsed = cards::CardParser().parse(survey.card.toUtf8());
    const QList<cards::InputError> errors =
        cards::SubmissionValidator::validate(parsed.card, inputs);
    if (errors.isEmpty())
        return std::nullopt;
    HttpResponse refusal = FormCheck::invalidInputs(errors);
    QJsonObject body = QJsonDocument::fromJson(refusal.body).object();
    body.insert(
        QStringLiteral("path"), QString(QStringLiteral("$.inputs.") + errors.constFirst().inputId));
    refusal.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return refusal;
}

// The survey id is shown to userId: its row, or the refusal (404, 500).
std::optional<HttpResponse> visible(
    QSqlDatabase &db, const QString &userId, const QString &id, std::optional<StoredSurvey> *survey)
{
    if (!SurveyRepository::findById(db, id, survey))
        return http::internalError();
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return http::internalError();
    const std::optional<Audience> audience =
        *survey ? Audience::fromText((*survey)->audience) : std::nullopt;
    if (!*survey || !(*survey)->isShown() || !audience || !audience->contains(*person))
        return notFound();
    return std::nullopt;
}

} // namespace

std::optional<bool> SurveyService::isAnonymous(const QString &id)
{
    QSqlDatabase db = connection();
    std::optional<StoredSurvey> survey;
    if (!SurveyRepository::findById(db, id, &survey) || !survey || !survey->isShown())
        return std::nullopt;
    return survey->anonymous;
}

HttpResponse SurveyService::answer(const QString &userId, const QString &id,
    const QJsonObject &inputs, const IdempotentComplete &complete)
{
    QSqlDatabase db = connection();
    std::optional<StoredSurvey> survey;
    if (auto refused = visible(db, userId, id, &survey))
        return *refused;
    if (!survey->isOpen(wiretime::format(m_clock.now())))
        return closed();
    // Validated before the transaction: the feed's lock is not held while patterns run.
    if (auto refused = invalid(*survey, inputs))
        return *refused;

    HttpResponse answered = http::json(
        QJsonObject { { QStringLiteral("id"), survey->id }, { QStringLiteral("answered"), true } });
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return http::internalError();
    QSqlDatabase &tdb = transaction.db();
    std::optional<StoredSurvey> current;
    if (!SurveyRepository::findById(tdb, id, &current))
        return http::internalError();
    const QString now = wiretime::format(m_clock.now());
    if (!current || !current->isShown() || current->card != survey->card
        || current->anonymous != survey->anonymous || current->audience != survey->audience)
        return notFound(); // changed meanwhile: the person's app syncs and tries again
    if (!current->isOpen(now))
        return closed();
    const std::optional<QString> url = SurveyWebhooks::callbackOf(tdb, id);
    if (!url)
        return http::internalError();
    if (current->anonymous) {
        // No idempotency row, no time, no device or address: the mark is the guard.
        const std::optional<bool> marked = AnonymousAnswers::hasMark(tdb, id, userId);
        if (!marked)
            return http::internalError();
        if (*marked)
            return alreadyAnswered();
        // With a callback URL, a mixing tags its answers with a batch that is delivered.
        const QString batch = url->isEmpty() ? QString() : SurveyWebhooks::newKey();
        bool mixed = false;
        if (!AnonymousAnswers::store(tdb, id, userId, inputs, SurveyInput::of(current->card),
                now.left(10), batch, &mixed)
            || (mixed && !batch.isEmpty()
                && !SurveyWebhooks::queueBatch(tdb, *current, batch, false, *url, now))
            || !transaction.record(Change::of(changeKind(), { userId })) || !transaction.commit())
            return http::internalError();
        if (mixed && !batch.isEmpty() && m_queued)
            m_queued();
        return answered;
    }
    std::optional<SurveyRepository::Answer> before;
    if (!SurveyRepository::findAnswer(tdb, id, userId, &before))
        return http::internalError();
    if (before && !current->editable)
        return alreadyAnswered();
    const std::optional<qint64> cursor = transaction.record(Change::of(changeKind(), { userId }));
    if (!cursor
        || !SurveyRepository::writeAnswer(tdb,
            { id, userId, QString::fromUtf8(QJsonDocument(inputs).toJson(QJsonDocument::Compact)),
                now, *cursor },
            before.has_value())
        || (!url->isEmpty() && !SurveyWebhooks::queueAnswer(tdb, *current, userId, *url, now))
        || (complete && !complete(answered)) || !transaction.commit())
        return http::internalError();
    if (!url->isEmpty() && m_queued)
        m_queued();
    return answered;
}

SurveyService::Page SurveyService::changesFor(const QString &userId, qint64 since)
{
    QSqlDatabase db = connection();
    // The person's own changes of this kind (their anonymous answers are known only by them):
    // as many as a page can list.
    const auto own = m_feed.changesSince(since, pageSize + 1, changeKind());
    if (!own)
        return {};
    qint64 ownAnonymous = 0;
    for (const Change &change : *own) {
        if (change.audience.isEmpty() && change.people == QStringList { userId })
            ownAnonymous = std::max(ownAnonymous, change.cursor);
    }
    return SurveyPage::read(
        db, userId, since, wiretime::format(m_clock.now()), pageSize, ownAnonymous);
}

} // namespace tessera::server
