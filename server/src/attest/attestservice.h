#pragma once

#include "http/httpresponses.h"
#include "http/idempotentrequest.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

class Clock;
class FormCheck;
class Storage;

// The daily attestation (issue 17, docs/PASS_FORMAT.md "Attestation"): the admin's Adaptive Card
// form with its retention, a person's answer once a day (the server's day, UTC) with its status
// claim `attestation` = `answered` until the day's end, and the sweep of answers older than the
// retention. Answers HTTP responses (its routes are thin). Blocking; runs on the worker pool.
class AttestService
{
public:
    static constexpr int defaultRetentionDays = 30;
    static constexpr int maxRetentionDays = 365;

    AttestService(Storage &storage, const Clock &clock, const FormCheck &formCheck);

    // PUT /v1/admin/attestations/form: {"card","retentionDays"?}; actor is audited.
    HttpResponse putForm(const QJsonObject &body, const QString &actor);
    // GET /v1/attestations/form: {"card","version"}, 404 when none is defined.
    HttpResponse form();
    // POST /v1/attestations (under the request's Idempotency-Key): 201 with the new answer, or
    // 200 with the day's first one ("alreadyAnswered": true) and nothing stored.
    HttpResponse answer(
        const QString &userId, const QJsonObject &body, const IdempotentComplete &complete);
    // GET /v1/attestations/today: {"attestation": ...|null, "day"}.
    HttpResponse today(const QString &userId);
    // GET /v1/attestations: the person's kept answers, newest first.
    HttpResponse ofPerson(const QString &userId);

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
