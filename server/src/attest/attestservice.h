#pragma once

#include "attest/attestresults.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace tessera::server {

class Clock;
class FormCheck;
class Storage;

// The daily attestation (docs/PASS_FORMAT.md "Attestation"): the admin's Adaptive Card
// form with its retention, a person's answer once a day (the server's day, UTC) with its status
// claim `attestation` = `answered` until the day's end, and the sweep of answers older than the
// retention. Returns typed results (AttestRoutes answers HTTP). Blocking; runs on the worker pool.
class AttestService
{
public:
    // Told inside answer()'s transaction, just before it commits; false rolls the answer back
    // (the route stores its idempotent answer here).
    using BeforeCommit = std::function<bool(const AttestAnswerResult &)>;

    static constexpr int defaultRetentionDays = 30;
    static constexpr int maxRetentionDays = 365;

    AttestService(Storage &storage, const Clock &clock, const FormCheck &formCheck);

    // PUT /v1/admin/attestations/form: {"card","retentionDays"?}; actor is audited. Done with
    // the stored form, Invalid for an unknown field, a bad retention or card.
    AttestFormResult putForm(const QJsonObject &body, const QString &actor);
    // GET /v1/attestations/form: Done with the form (its retention too), NoForm when none.
    AttestFormResult form();
    // POST /v1/attestations: Done with the new answer (beforeCommit told in its transaction), or
    // AlreadyAnswered with the day's first one and nothing stored; Invalid when the body or the
    // inputs do not fit the form, NoForm when there is none.
    AttestAnswerResult answer(
        const QString &userId, const QJsonObject &body, const BeforeCommit &beforeCommit = {});
    // GET /v1/attestations/today: the server's day and the person's answer of it, if any.
    AttestTodayResult today(const QString &userId);
    // GET /v1/attestations: the person's kept answers, newest first.
    AttestAnswersResult ofPerson(const QString &userId);

    // The retention sweep: deletes answers of days older than the form's retention. false when
    // the database refused.
    bool sweep();

    QSqlDatabase connection() const;
    const Clock &clock() const { return m_clock; }

    // The server's day for a time (UTC) and the instant it ends (the next day's midnight, UTC).
    static QDate dayOf(const QDateTime &time);
    static QDateTime endOf(const QDate &day);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const FormCheck &m_formCheck;
};

} // namespace tessera::server
