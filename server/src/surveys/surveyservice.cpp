#include "surveys/surveyservice.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/formcheck.h"
#include "crypto/randomtokens.h"
#include "feed/audiencewrite.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/keytakedown.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"
#include "subsystems/callbackprefixes.h"
#include "surveys/anonymousanswers.h"
#include "surveys/surveywebhooks.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

// Whether the survey has any answer (named, a mark, or pending); nullopt when the database
// failed.
std::optional<bool> hasAnswers(QSqlDatabase &db, const StoredSurvey &survey)
{
    if (survey.anonymous) {
        const std::optional<qint64> marks = AnonymousAnswers::markCount(db, survey.id);
        return marks ? std::optional<bool>(*marks > 0) : std::nullopt;
    }
    const auto answers = SurveyRepository::answersOf(db, survey.id);
    return answers ? std::optional<bool>(!answers->isEmpty()) : std::nullopt;
}

// The tombstone of a withdrawn or removed survey keeps no content: the id, for the removed
// lists, and who it was for.
StoredSurvey tombstone(const StoredSurvey &existing, const QString &now)
{
    StoredSurvey survey = existing;
    survey.title = survey.card = QString();
    survey.version += 1;
    survey.updatedAt = now;
    survey.deleted = true;
    return survey;
}

// The callback URL given, checked against the key's prefixes and normalized (what is stored);
// nullopt with *result set when it is refused or the database failed.
std::optional<QString> checkedCallback(QSqlDatabase &db, const QString &apiKeyId,
    const QString &given, SurveyService::PutResult *result)
{
    using Outcome = SurveyService::PutResult::Outcome;
    if (given.isEmpty())
        return QString();
    const CallbackPrefixes::Checked checked = CallbackPrefixes::check(db, apiKeyId, given);
    const QString path = QStringLiteral("$.callbackUrl");
    switch (checked.outcome) {
    case CallbackPrefixes::Checked::Outcome::Allowed:
        return checked.detail;
    case CallbackPrefixes::Checked::Outcome::Invalid:
        result->outcome = Outcome::Refused;
        result->refusal = FormCheck::refusal(QStringLiteral("invalid_field"), path,
            QStringLiteral("“callbackUrl” %1.").arg(checked.detail));
        break;
    case CallbackPrefixes::Checked::Outcome::NotAllowed:
        result->outcome = Outcome::Refused;
        result->refusal = FormCheck::refusal(QStringLiteral("invalid_field"), path,
            QStringLiteral("“callbackUrl” (%1) is not under any callback prefix of this API key.")
                .arg(checked.detail));
        break;
    case CallbackPrefixes::Checked::Outcome::Failed:
        result->outcome = Outcome::Failed;
        break;
    }
    return std::nullopt;
}

} // namespace

SurveyService::SurveyService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck)
    : m_feed(feed)
    , m_clock(clock)
    , m_formCheck(formCheck)
{
    m_feed.registerKind(changeKind());
}

QString SurveyService::changeKind()
{
    return QStringLiteral("surveys");
}

QSqlDatabase SurveyService::connection() const
{
    return m_feed.storage().connection();
}

std::optional<QStringList> SurveyService::allowedHosts(
    QSqlDatabase &db, const QString &apiKeyId) const
{
    return m_formCheck.allowedHosts(db, apiKeyId);
}

SurveyService::Written SurveyService::write(const QString &apiKeyId, const QString &surveyId,
    const QString &audience, const Mutation &mutate, StoredSurvey *written, bool *existed)
{
    QString previous; // the stored audience the people were resolved for
    Written result = Written::Failed;
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<StoredSurvey> seen;
        if (!SurveyRepository::find(db, apiKeyId, surveyId, &seen))
            return std::nullopt;
        previous = seen ? seen->audience : QString();
        return QStringList { previous, audience.isEmpty() ? previous : audience };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &people) {
        QSqlDatabase &tdb = transaction.db();
        std::optional<StoredSurvey> existing;
        if (!SurveyRepository::find(tdb, apiKeyId, surveyId, &existing))
            return AudienceWrite::Step::Failed;
        if ((existing ? existing->audience : QString()) != previous)
            return AudienceWrite::Step::Stale;
        const QString now = wiretime::format(m_clock.now());
        bool refused = false;
        std::optional<StoredSurvey> survey = mutate(tdb, existing, now, &refused);
        if (!survey) {
            result = refused ? Written::Refused : Written::Unchanged;
            return AudienceWrite::Step::Done;
        }
        survey->previousAudience = previous;
        const std::optional<qint64> cursor = transaction.record(Change {
            changeKind(), people, survey->audience.isEmpty() ? previous : survey->audience, 0 });
        if (!cursor)
            return AudienceWrite::Step::Failed;
        survey->cursor = *cursor;
        if (!SurveyRepository::write(tdb, *survey, existing.has_value())
            || (survey->deleted && !SurveyRepository::deleteAnswers(tdb, survey->id))
            || !transaction.commit())
            return AudienceWrite::Step::Failed;
        if (written)
            *written = *survey;
        if (existed)
            *existed = existing && !existing->deleted;
        result = Written::Changed;
        return AudienceWrite::Step::Done;
    };
    return AudienceWrite::run(m_feed, audiences, step) ? result : Written::Failed;
}

SurveyService::PutResult SurveyService::put(
    const QString &apiKeyId, const QString &surveyId, const SurveyRequest &request)
{
    const QString audience = request.audience.toText();
    const QString card =
        QString::fromUtf8(QJsonDocument(request.card).toJson(QJsonDocument::Compact));
    PutResult result;
    QSqlDatabase checking = connection();
    const std::optional<QString> callbackUrl =
        checkedCallback(checking, apiKeyId, request.callbackUrl, &result);
    if (!callbackUrl)
        return result;
    const Mutation mutate = [&](QSqlDatabase &db, const std::optional<StoredSurvey> &existing,
                                const QString &now, bool *refused) {
        const bool live = existing && !existing->deleted;
        if (live && (existing->card != card || existing->anonymous != request.anonymous)) {
            // Once answered, what was asked and how it is kept stay.
            const std::optional<bool> answered = hasAnswers(db, *existing);
            if (!answered)
                return std::optional<StoredSurvey>();
            if (*answered) {
                *refused = true;
                return std::optional<StoredSurvey>();
            }
        }
        StoredSurvey survey = existing.value_or(StoredSurvey {});
        if (!existing) {
            survey.id = randomtokens::urlSafe(QStringLiteral("srv_"), 12);
            survey.apiKeyId = apiKeyId;
            survey.surveyId = surveyId;
        }
        survey.title = request.title;
        survey.card = card;
        survey.audience = audience;
        survey.closesAt = wiretime::format(request.closesAt);
        survey.anonymous = request.anonymous;
        survey.editable = request.editable;
        survey.version += 1;
        survey.updatedAt = now;
        survey.deleted = false;
        // Open again when its new closing time is ahead (checked in the future by the request).
        survey.closed = survey.closesAt <= now;
        if (!SurveyWebhooks::setCallback(db, survey.id, *callbackUrl))
            return std::optional<StoredSurvey>();
        return std::optional<StoredSurvey>(survey);
    };
    bool existed = false;
    switch (write(apiKeyId, surveyId, audience, mutate, &result.survey, &existed)) {
    case Written::Changed:
        result.outcome = existed ? PutResult::Outcome::Replaced : PutResult::Outcome::Created;
        break;
    case Written::Refused:
        result.outcome = PutResult::Outcome::HasAnswers;
        break;
    case Written::Unchanged:
    case Written::Failed:
        break;
    }
    return result;
}

SurveyService::RemoveOutcome SurveyService::remove(const QString &apiKeyId, const QString &surveyId)
{
    const Mutation mutate = [](QSqlDatabase &, const std::optional<StoredSurvey> &existing,
                                const QString &now, bool *) {
        if (!existing || existing->deleted)
            return std::optional<StoredSurvey>();
        return std::optional<StoredSurvey>(tombstone(*existing, now));
    };
    switch (write(apiKeyId, surveyId, {}, mutate)) {
    case Written::Changed:
        return RemoveOutcome::Removed;
    case Written::Unchanged:
    case Written::Refused:
        return RemoveOutcome::NotFound;
    case Written::Failed:
        break;
    }
    return RemoveOutcome::Failed;
}

bool SurveyService::removeAllOfKey(const QString &apiKeyId)
{
    return KeyTakedown::run(
        connection(),
        [&apiKeyId](QSqlDatabase &db) { return SurveyRepository::undeletedIdsOfKey(db, apiKeyId); },
        [&](const QString &surveyId) {
            return remove(apiKeyId, surveyId) != RemoveOutcome::Failed;
        });
}

bool SurveyService::ownSurvey(
    const QString &apiKeyId, const QString &surveyId, std::optional<StoredSurvey> *survey)
{
    QSqlDatabase db = connection();
    if (!SurveyRepository::find(db, apiKeyId, surveyId, survey))
        return false;
    if (*survey && (*survey)->deleted)
        survey->reset();
    return true;
}

bool SurveyService::closeDue()
{
    QSqlDatabase db = connection();
    const QDateTime at = m_clock.now();
    const QString now = wiretime::format(at);
    const auto close = SurveyRepository::dueToClose(db, now, sweepBatch);
    const auto remove = SurveyRepository::dueToRemove(
        db, wiretime::format(at.addDays(-keepDaysAfterClosing)), sweepBatch);
    if (!close || !remove)
        return false;
    bool ok = true;
    int closed = 0;
    int removed = 0;
    for (const StoredSurvey &due : *close) {
        // Closing is a change for the audience; an anonymous survey's answers still waiting are
        // mixed in the same transaction, however few.
        bool queued = false;
        const Written written = write(due.apiKeyId, due.surveyId, {},
            [&queued](QSqlDatabase &tdb, const std::optional<StoredSurvey> &existing,
                const QString &when, bool *) {
                if (!existing || existing->deleted || existing->closed || existing->closesAt > when)
                    return std::optional<StoredSurvey>();
                // The rest of an anonymous survey's answers, however few, reach its sub-system
                // in the closing's final batch.
                const std::optional<QString> url =
                    existing->anonymous ? SurveyWebhooks::callbackOf(tdb, existing->id) : QString();
                const QString batch = url && !url->isEmpty() ? SurveyWebhooks::newKey() : QString();
                if (!url
                    || (existing->anonymous
                        && !AnonymousAnswers::mix(tdb, existing->id,
                            SurveyInput::of(existing->card), when.left(10), batch))
                    || (!batch.isEmpty()
                        && !SurveyWebhooks::queueBatch(tdb, *existing, batch, true, *url, when)))
                    return std::optional<StoredSurvey>();
                queued = !batch.isEmpty();
                StoredSurvey survey = *existing;
                survey.closed = true;
                return std::optional<StoredSurvey>(survey);
            });
        ok = written != Written::Failed && ok;
        closed += written == Written::Changed ? 1 : 0;
        if (queued && written == Written::Changed && m_queued)
            m_queued();
    }
    for (const StoredSurvey &due : *remove) {
        const Written written = write(due.apiKeyId, due.surveyId, {},
            [](QSqlDatabase &, const std::optional<StoredSurvey> &existing, const QString &when,
                bool *) {
                if (!existing || existing->deleted || !existing->closed)
                    return std::optional<StoredSurvey>();
                return std::optional<StoredSurvey>(tombstone(*existing, when));
            });
        ok = written != Written::Failed && ok;
        removed += written == Written::Changed ? 1 : 0;
    }
    if (closed > 0 || removed > 0)
        qCInfo(lcServer) << "surveys: closed" << closed << "and removed" << removed;
    return ok;
}

} // namespace tessera::server
