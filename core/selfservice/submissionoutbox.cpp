#include "selfservice/submissionoutbox.h"

#include "base/futurewatch.h"
#include "cards/cardparser.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/requestsstore.h"
#include "selfservice/selfservicelogging.h"
#include "selfservice/serviceentry.h"
#include "selfservice/submissionrecord.h"
#include "storage/database.h"

#include <QUrl>
#include <QUuid>

#include <utility>

namespace tessera {

SubmissionOutbox::SubmissionOutbox(AuthorizedApi &api, SessionScope &scope,
    CatalogueStore &catalogue, RequestsStore *requests, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_catalogue(catalogue)
    , m_requests(requests)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SubmissionOutbox::sendDue);
    connect(&scope, &SessionScope::databaseChanged, this,
        [this]() { setDatabase(m_scope.database()); });
    connect(&scope, &SessionScope::started, this, &SubmissionOutbox::sendNow);
    m_database = scope.database();
    m_lastCount = pendingCount();
    // What an earlier run left: on its way as soon as the event loop runs.
    QTimer::singleShot(0, this, &SubmissionOutbox::sendDue);
}

SubmissionOutbox::~SubmissionOutbox() = default;

void SubmissionOutbox::setDatabase(std::shared_ptr<Database> database)
{
    if (database == m_database)
        return;
    m_database = std::move(database);
    m_timer.stop();
    countChanged();
    if (m_database)
        QTimer::singleShot(0, this, &SubmissionOutbox::sendDue);
}

void SubmissionOutbox::setRetryDelays(
    std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

QList<OutboxEntry> SubmissionOutbox::entries() const
{
    return m_database ? selfservice::outboxEntries(*m_database) : QList<OutboxEntry> {};
}

std::optional<OutboxEntry> SubmissionOutbox::entry(qint64 seq) const
{
    return m_database ? selfservice::outboxEntry(*m_database, seq) : std::nullopt;
}

int SubmissionOutbox::pendingCount() const
{
    return m_database
        ? int(selfservice::outboxEntries(*m_database, QStringLiteral("pending")).size())
        : 0;
}

void SubmissionOutbox::countChanged()
{
    const int count = pendingCount();
    if (count == m_lastCount)
        return;
    m_lastCount = count;
    Q_EMIT pendingCountChanged();
}

std::optional<QString> SubmissionOutbox::check(const ServiceEntry &service, const QString &action,
    const QJsonObject &values, QList<cards::InputError> *errors, std::optional<ApiError> *refusal)
{
    const cards::CardParseResult form = cards::CardParser().parse(service.form);
    const QList<cards::SubmitAction> actions = cards::SubmissionValidator::submitActions(form.card);
    const cards::SubmitAction *chosen = nullptr;
    QStringList names;
    for (const cards::SubmitAction &each : actions) {
        names.append(each.action->id.isEmpty() ? each.action->verb : each.action->id);
        if (chosen)
            continue;
        if (action.isEmpty() ? actions.size() == 1
                             : (each.action->id == action
                                 || (!each.action->verb.isEmpty() && each.action->verb == action)))
            chosen = &each;
    }
    names.removeAll(QString());
    if (!form.isValid() || !chosen) {
        const QString choices = names.join(QStringLiteral(", "));
        *refusal = ApiError { QStringLiteral("unknown_action"),
            action.isEmpty()
                ? tr("This form has more than one submit action: name one (%1).").arg(choices)
                : tr("“%1” is not one of this form's submit actions (%2).").arg(action, choices) };
        return std::nullopt;
    }
    *errors = cards::SubmissionValidator::validate(form.card, chosen->inputIds, values);
    if (!errors->isEmpty())
        return std::nullopt;
    return chosen->action->id.isEmpty() ? chosen->action->verb : chosen->action->id;
}

SubmissionOutbox::SubmitResult SubmissionOutbox::submit(
    const QString &serviceId, const QString &action, const QJsonObject &values)
{
    SubmitResult result;
    if (!m_database || !m_catalogue.hasDatabase()) {
        result.refusal = ApiError { QStringLiteral("not_signed_in"), tr("Sign in first.") };
        return result;
    }
    const std::optional<ServiceEntry> service = m_catalogue.service(serviceId);
    if (!service) {
        result.refusal = ApiError { QStringLiteral("not_found"),
            tr("There is no service “%1” in the catalogue on this device.").arg(serviceId) };
        return result;
    }
    const std::optional<QString> chosen =
        check(*service, action, values, &result.errors, &result.refusal);
    if (!chosen)
        return result;
    OutboxEntry entry;
    entry.serviceId = service->id;
    entry.formVersion = service->version;
    entry.action = *chosen;
    entry.inputs = values;
    entry.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.createdAt = QDateTime::currentDateTimeUtc();
    const std::optional<OutboxEntry> stored = selfservice::insertOutbox(*m_database, entry);
    if (!stored) {
        result.refusal = ApiError { QStringLiteral("not_stored"),
            tr("The submission could not be saved on this device.") };
        return result;
    }
    result.seq = stored->seq;
    qCInfo(lcSelfService) << "submission queued:" << stored->seq << "for" << service->id;
    countChanged();
    sendDue();
    return result;
}

void SubmissionOutbox::sendNow()
{
    if (m_database)
        selfservice::makeOutboxDue(*m_database);
    sendDue();
}

void SubmissionOutbox::sendDue()
{
    if (m_sending || !m_database || !m_scope.isStarted())
        return; // a running attempt looks for the next one when it ends
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<OutboxEntry> waiting =
        selfservice::outboxEntries(*m_database, QStringLiteral("pending"));
    if (const OutboxEntry *due = OutboxRetry::firstDue(waiting, now)) {
        send(*due);
        return;
    }
    OutboxRetry::wakeAt(m_timer, OutboxRetry::earliestAttempt(waiting, now), now);
}

void SubmissionOutbox::send(const OutboxEntry &entry)
{
    m_sending = true;
    m_timer.stop();
    QJsonObject body { { QStringLiteral("version"), entry.formVersion },
        { QStringLiteral("inputs"), entry.inputs } };
    if (!entry.action.isEmpty())
        body.insert(QStringLiteral("action"), entry.action);
    qCDebug(lcSelfService) << "sending submission" << entry.seq << "attempt" << entry.attempts + 1;
    const std::weak_ptr<Database> database = m_database;
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/services/%1/submissions")
                       .arg(QString::fromLatin1(QUrl::toPercentEncoding(entry.serviceId))),
            body, entry.idempotencyKey.toLatin1()),
        [this, entry, database](const ApiReply &reply) {
            m_sending = false;
            // Signed out (or another database) meanwhile: the answer belongs to nothing here.
            if (m_database && m_database == database.lock())
                handleAnswer(entry, reply);
            sendDue(); // the next one that is due, or the timer for the earliest
        });
}

void SubmissionOutbox::handleAnswer(const OutboxEntry &entry, const ApiReply &reply)
{
    if (reply.ok()) {
        QString problem;
        const auto record = SubmissionRecord::fromJson(
            reply.body.value(QStringLiteral("submission")).toObject(), &problem);
        const QString id = record ? record->id : QString();
        if (!record)
            qCWarning(lcSelfService).noquote() << "submission answer not understood:" << problem;
        selfservice::markOutboxSent(*m_database, entry.seq, id);
        if (record && m_requests)
            m_requests->addSubmitted(*record);
        qCInfo(lcSelfService) << "submission sent:" << entry.seq << id;
        countChanged();
        Q_EMIT submissionSent(entry.seq, id);
        return;
    }
    if (OutboxRetry::classify(reply) == OutboxRetry::Verdict::Retry) {
        const OutboxRetry::Deferral later = m_retry.defer(entry.attempts + 1, reply);
        selfservice::recordOutboxAttempt(*m_database, entry.seq, later.at, reply.error.code);
        qCInfo(lcSelfService).noquote()
            << "submission" << entry.seq << "deferred:" << reply.error.code << "retry in"
            << later.delay.count() << "ms";
        Q_EMIT submissionDeferred(entry.seq, FailureText::describe(reply));
        return;
    }
    // Final: the server will never take this one as it is.
    const QJsonArray errors = OutboxRetry::inputErrors(reply);
    QString message;
    if (!errors.isEmpty()) {
        QStringList named;
        for (const auto &value : errors) {
            const QJsonObject error = value.toObject();
            named.append(
                QStringLiteral("%1: %2").arg(error.value(QStringLiteral("input")).toString(),
                    error.value(QStringLiteral("message")).toString()));
        }
        message = named.join(QStringLiteral("; "));
    } else if (reply.error.code == u"form_changed") {
        message = tr("The form has changed since it was filled in: fill it in again.");
    } else {
        message = tr("Not accepted: %1").arg(FailureText::describe(reply));
    }
    selfservice::markOutboxFailed(*m_database, entry.seq, message, errors);
    qCInfo(lcSelfService).noquote() << "submission" << entry.seq << "refused:" << reply.error.code;
    countChanged();
    Q_EMIT submissionFailed(entry.seq, message);
    if (reply.error.code == u"form_changed")
        Q_EMIT formChanged(entry.serviceId);
}

} // namespace tessera
