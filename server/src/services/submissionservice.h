#pragma once

#include "http/httpresponses.h"
#include "http/idempotentrequest.h"
#include "services/submissionrepository.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace tessera::server {

class ChangeFeed;
class Clock;
class FormCheck;

// Submissions to services (docs/CARDS.md, "Services and submissions: the Web API"): a person
// submits a service's form, validated again with core's SubmissionValidator against the stored
// form; the sub-system reads them and sets their status. Each write is a change of kind
// "submissions" to the submitter (a live hint) and an event in the key's events feed
// (submission.created, submission.status), in one transaction, with the submission's webhook
// when its service has a callback URL (SubmissionWebhook). Blocking; runs on the worker pool.
class SubmissionService
{
public:
    static constexpr int personPageSize = 200;
    static constexpr int defaultKeyPageSize = 50;
    static constexpr int maxKeyPageSize = 100;
    static constexpr int maxMessage = 500;

    SubmissionService(ChangeFeed &feed, const Clock &clock, const FormCheck &check);

    // Told inside the transaction that gives a submission its result card (its status call or
    // its webhook's answer); false rolls it back. The card's media are recorded there, for the
    // person who submitted (the composition root sets it).
    using WriteHook =
        std::function<bool(QSqlDatabase &db, const SubmissionRepository::Stored &submission)>;
    void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }

    static QString changeKind() { return QStringLiteral("submissions"); }
    ChangeFeed &feed() const { return m_feed; }
    // Called after a submission whose service has a callback URL is stored (its webhook queued).
    void setDeliveryListener(std::function<void()> listener) { m_queued = std::move(listener); }
    const Clock &clock() const { return m_clock; }

    // POST /v1/services/{id}/submissions: 201 {"submission"}; complete stores the answer under
    // the request's Idempotency-Key in the submission's transaction.
    HttpResponse submit(const QString &userId, const QString &id, const QJsonObject &body,
        const IdempotentComplete &complete);
    // POST /v1/subsystem/submissions/{id}/status: 200 the submission (the sub-system's view).
    HttpResponse setStatus(const QString &apiKeyId, const QString &id, const QJsonObject &body);
    // What the service's receiver answered its submission.created webhook with (a 2xx):
    // {"card": <Adaptive Card>} (checked as a status's resultCard, at most 64 KiB) becomes the
    // submission's result card unless it has one or is final; any other answer only
    // acknowledges. Called by the webhook dispatcher on a worker thread.
    void takeWebhookAnswer(
        const QString &apiKeyId, const QString &id, const QByteArray &answer, bool tooLarge);
    // GET /v1/submissions?since=: the person's, newest change first within the page.
    HttpResponse ofPerson(const QString &userId, qint64 since);
    // GET /v1/subsystem/submissions: the key's services' submissions in change order.
    HttpResponse ofKey(const QString &apiKeyId, const QString &serviceId, qint64 since, int limit);

private:
    ChangeFeed &m_feed;
    const Clock &m_clock;
    const FormCheck &m_check;
    std::function<void()> m_queued;
    WriteHook m_writeHook;
};

} // namespace tessera::server
