#pragma once

#include "feed/deltapagewriter.h"
#include "http/httpresponses.h"
#include "http/idempotentrequest.h"
#include "surveys/surveyrepository.h"
#include "surveys/surveyrequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class Clock;
class FormCheck;

// Surveys (the surveys wire contract, docs/INTEGRATION.md "Surveys"): a sub-system puts,
// replaces and deletes its surveys and reads their results; people of a survey's audience read
// it since a cursor and answer it once (named: stored with them, editable if the sender allows;
// anonymous: AnonymousAnswers). Every write of a survey (put, delete, closing, removal 7 days
// after closing) is a broadcast change of kind "surveys" hinting the people of its old and new
// audience (AudienceWrite); a person's own answer is their change only. A survey put with a
// callbackUrl has its answers delivered by webhook (SurveyWebhooks): a named answer (and each
// edit) at once, anonymous ones in the batches of the mixing and at closing.
class SurveyService
{
public:
    static constexpr int pageSize = 200;
    static constexpr int sweepBatch = 200;
    static constexpr int keepDaysAfterClosing = 7;

    struct PutResult
    {
        enum class Outcome { Created, Replaced, HasAnswers, Refused, Failed };
        Outcome outcome = Outcome::Failed;
        StoredSurvey survey;
        HttpResponse refusal; // Refused: the callbackUrl's 422
    };
    enum class RemoveOutcome { Removed, NotFound, Failed };

    using Page = DeltaPage; // "surveys"

    SurveyService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck);

    static QString changeKind(); // "surveys"

    // Called after a transaction queued a webhook delivery (SurveyWebhooks): the dispatcher's
    // kick. Set before serving.
    void setDeliveryListener(std::function<void()> listener) { m_queued = std::move(listener); }

    const Clock &clock() const { return m_clock; }
    QSqlDatabase connection() const;
    std::optional<QStringList> allowedHosts(QSqlDatabase &db, const QString &apiKeyId) const;

    PutResult put(const QString &apiKeyId, const QString &surveyId, const SurveyRequest &request);
    RemoveOutcome remove(const QString &apiKeyId, const QString &surveyId);
    bool removeAllOfKey(const QString &apiKeyId);
    // The key's survey (not deleted), nullopt in *survey when there is none; false: the database
    // failed.
    bool ownSurvey(
        const QString &apiKeyId, const QString &surveyId, std::optional<StoredSurvey> *survey);

    // Whether survey id (the server's) is anonymous: nullopt when there is none shown or the
    // database failed (the answer then says 404 or 500 itself).
    std::optional<bool> isAnonymous(const QString &id);
    // PUT /v1/surveys/{id}/answer. complete (named surveys only) stores the answer under the
    // request's Idempotency-Key in the answer's transaction.
    HttpResponse answer(const QString &userId, const QString &id, const QJsonObject &inputs,
        const IdempotentComplete &complete);

    Page changesFor(const QString &userId, qint64 since);
    // The scheduled job's work: closes the surveys whose closesAt has come (mixing their pending
    // answers) and removes those closed keepDaysAfterClosing days ago; false when the database
    // failed.
    bool closeDue();

private:
    enum class Written { Changed, Unchanged, Refused, Failed };
    // What a write makes of the row as the transaction reads it (nullopt: nothing to write;
    // *refused: nothing, and the write is refused).
    using Mutation = std::function<std::optional<StoredSurvey>(QSqlDatabase &db,
        const std::optional<StoredSurvey> &existing, const QString &now, bool *refused)>;
    Written write(const QString &apiKeyId, const QString &surveyId, const QString &audience,
        const Mutation &mutate, StoredSurvey *written = nullptr, bool *existed = nullptr);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    const FormCheck &m_formCheck;
    std::function<void()> m_queued;
};

} // namespace tessera::server
