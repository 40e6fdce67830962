#include "attest/attestoutbox.h"

#include "attest/atteststore.h"
#include "attest/internal/attestlogging.h"
#include "base/futurewatch.h"
#include "cards/cardparser.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "storage/database.h"

#include <memory>

namespace tessera {

AttestOutbox::AttestOutbox(
    AuthorizedApi &api, SessionScope &scope, AttestStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AttestOutbox::sendDue);
    connect(&m_store, &AttestStore::queued, this, &AttestOutbox::sendDue);
    connect(&m_scope, &SessionScope::started, this, &AttestOutbox::sendNow);
    connect(&m_scope, &SessionScope::databaseChanged, this, [this]() {
        m_timer.stop();
        m_store.setDatabase(m_scope.database());
        sendDue();
    });
    // What an earlier run left: on its way as soon as the event loop runs.
    QTimer::singleShot(0, this, &AttestOutbox::sendDue);
}

AttestOutbox::~AttestOutbox() = default;

void AttestOutbox::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

AttestOutbox::SubmitResult AttestOutbox::submit(const QJsonObject &inputs, const QString &action)
{
    SubmitResult result;
    if (const std::optional<AttestEntry> waiting = m_store.pending()) {
        result.outcome = Submit::AlreadyWaiting;
        result.seq = waiting->seq;
        sendDue();
        return result;
    }
    const QJsonObject card = m_store.form().value(QStringLiteral("card")).toObject();
    if (card.isEmpty()) {
        result.outcome = m_store.hasDatabase() ? Submit::NoForm : Submit::Failed;
        return result;
    }
    // Checked by the server when the admin put it: parsed here for its inputs and actions.
    const cards::CardParseResult parsed = cards::CardParser().parse(card);
    const QList<cards::SubmitAction> actions =
        cards::SubmissionValidator::submitActions(parsed.card);
    const cards::SubmitAction *chosen = cards::SubmissionValidator::findAction(actions, action);
    if (!chosen) {
        result.outcome = Submit::Invalid;
        result.errors.append({ QString(),
            action.isEmpty()
                ? QStringLiteral("Name the form's submit action (--action).")
                : QStringLiteral("“%1” is not one of the form's actions.").arg(action) });
        return result;
    }
    result.errors = cards::SubmissionValidator::validate(parsed.card, chosen->inputIds, inputs);
    if (!result.errors.isEmpty()) {
        result.outcome = Submit::Invalid;
        return result;
    }
    QJsonObject body { { QStringLiteral("inputs"), inputs } };
    if (!action.isEmpty())
        body.insert(QStringLiteral("action"), action);
    result.seq = m_store.queue(body);
    result.outcome = result.seq ? Submit::Queued : Submit::Failed;
    return result;
}

void AttestOutbox::fetchForm()
{
    const std::weak_ptr<Database> database = m_scope.database();
    whenFinished(this, m_api.get(QStringLiteral("/v1/attestations/form")),
        [this, database](const ApiReply &reply) {
            const QJsonObject card = reply.body.value(QStringLiteral("card")).toObject();
            const bool current =
                m_store.hasDatabase() && database.lock() && database.lock() == m_scope.database();
            if (reply.ok() && !card.isEmpty()
                && reply.body.value(QStringLiteral("version")).isDouble()) {
                if (current)
                    m_store.setForm(reply.body);
                Q_EMIT formLoaded(reply.body);
                return;
            }
            const QString code =
                reply.error.code.isEmpty() ? QStringLiteral("form_unavailable") : reply.error.code;
            Q_EMIT formFailed(code, FailureText::describe(reply));
        });
}

void AttestOutbox::fetchToday()
{
    const std::weak_ptr<Database> database = m_scope.database();
    whenFinished(this, m_api.get(QStringLiteral("/v1/attestations/today")),
        [this, database](const ApiReply &reply) {
            const QJsonObject attestation =
                reply.body.value(QStringLiteral("attestation")).toObject();
            const bool current =
                m_store.hasDatabase() && database.lock() && database.lock() == m_scope.database();
            if (current && reply.ok() && attestation.value(QStringLiteral("day")).isString())
                m_store.setLastAnswer(attestation);
        });
}

void AttestOutbox::sendNow()
{
    m_store.makeDue();
    sendDue();
}

void AttestOutbox::sendDue()
{
    if (m_sending || !m_store.hasDatabase() || !m_scope.isStarted())
        return; // a running attempt looks for the next one when it ends
    const std::optional<AttestEntry> entry = m_store.pending();
    if (!entry)
        return;
    if (OutboxRetry::isDue(entry->nextAttemptAt, QDateTime::currentDateTimeUtc())) {
        send(*entry);
        return;
    }
    OutboxRetry::wakeAt(m_timer, entry->nextAttemptAt);
}

void AttestOutbox::send(const AttestEntry &entry)
{
    m_sending = true;
    m_timer.stop();
    qCDebug(lcAttest) << "sending the answer, attempt" << entry.attempts + 1;
    // The session's database when sent: an answer that comes after a sign-out (or another
    // person's sign-in) belongs to nothing here.
    const std::weak_ptr<Database> database = m_scope.database();
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/attestations"), entry.body, entry.idempotencyKey.toLatin1()),
        [this, entry, database](const ApiReply &reply) {
            m_sending = false;
            const std::shared_ptr<Database> now = m_scope.database();
            if (m_store.hasDatabase() && now && now == database.lock())
                handleAnswer(entry, reply);
            sendDue();
        });
}

void AttestOutbox::handleAnswer(const AttestEntry &entry, const ApiReply &reply)
{
    switch (OutboxRetry::classify(reply)) {
    case OutboxRetry::Verdict::Done: {
        const QJsonObject attestation = reply.body.value(QStringLiteral("attestation")).toObject();
        const bool already = reply.body.value(QStringLiteral("alreadyAnswered")).toBool();
        m_store.remove(entry.seq);
        if (!attestation.value(QStringLiteral("day")).isString())
            qCWarning(lcAttest) << "an attestation answer not understood";
        else
            m_store.setLastAnswer(attestation);
        qCInfo(lcAttest) << "answer sent" << (already ? "(answered already today)" : "");
        Q_EMIT answered(entry.seq, attestation, already);
        return;
    }
    case OutboxRetry::Verdict::Retry: {
        const OutboxRetry::Deferral later = m_retry.defer(entry.attempts + 1, reply);
        m_store.deferred(entry.seq, later.at);
        qCInfo(lcAttest).noquote()
            << "answer deferred:" << reply.error.code << "retry in" << later.delay.count() << "ms";
        Q_EMIT deferred(entry.seq, FailureText::describe(reply));
        return;
    }
    case OutboxRetry::Verdict::Final: {
        QString reason = reply.error.message;
        if (reason.trimmed().isEmpty())
            reason = FailureText::describe(reply);
        m_store.remove(entry.seq);
        qCInfo(lcAttest).noquote()
            << "answer refused, dropped:" << reply.httpStatus << reply.error.code;
        Q_EMIT refused(entry.seq,
            reply.error.code.isEmpty() ? QStringLiteral("refused") : reply.error.code, reason,
            OutboxRetry::inputErrors(reply));
        return;
    }
    }
}

} // namespace tessera
