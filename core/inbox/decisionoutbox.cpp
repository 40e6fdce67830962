#include "inbox/decisionoutbox.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"

namespace tessera {

namespace {

// What is wrong with inputs sent with action on item (by the card's submit action of that id or
// verb; an item without a card takes none), as the server will check it: [{input, message}].
QJsonArray inputErrorsOf(const InboxItem &item, const QString &action, const QJsonObject &inputs)
{
    QList<cards::InputError> errors;
    if (!item.hasCard()) {
        if (!inputs.isEmpty())
            errors = cards::SubmissionValidator::validate(cards::Card {}, {}, inputs);
    } else {
        const cards::CardParseResult parsed = cards::CardParser().parse(item.card);
        const QList<cards::SubmitAction> submits =
            cards::SubmissionValidator::submitActions(parsed.card);
        const cards::SubmitAction *chosen = cards::SubmissionValidator::findAction(submits, action);
        errors = cards::SubmissionValidator::validate(
            parsed.card, chosen ? chosen->inputIds : QStringList {}, inputs);
    }
    QJsonArray list;
    for (const cards::InputError &error : errors)
        list.append(QJsonObject { { QStringLiteral("input"), error.inputId },
            { QStringLiteral("message"), error.message } });
    return list;
}

} // namespace

DecisionOutbox::DecisionOutbox(
    AuthorizedApi &api, SessionScope &scope, InboxStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DecisionOutbox::sendDue);
    connect(&m_store, &InboxStore::changed, this, [this]() {
        const int count = pendingCount();
        if (count != m_lastCount) {
            m_lastCount = count;
            Q_EMIT pendingCountChanged();
        }
    });
    connect(&m_scope, &SessionScope::started, this, &DecisionOutbox::sendNow);
    m_lastCount = pendingCount();
    // What an earlier run left: on its way as soon as the event loop runs.
    QTimer::singleShot(0, this, &DecisionOutbox::sendDue);
}

DecisionOutbox::~DecisionOutbox() = default;

void DecisionOutbox::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

int DecisionOutbox::pendingCount() const
{
    return m_store.pendingDecisionCount();
}

std::optional<ApiError> DecisionOutbox::decide(const QString &itemId, const QString &action,
    const QString &comment, const QJsonObject &inputs, QJsonArray *inputErrors)
{
    const auto refuse = [](const char *code, const QString &message) {
        return std::optional<ApiError>(ApiError { QString::fromLatin1(code), message });
    };
    if (!m_store.hasDatabase())
        return refuse("not_signed_in", tr("Sign in first."));
    const std::optional<InboxItem> item = m_store.item(itemId);
    if (!item)
        return refuse("not_found", tr("There is no such item in the inbox on this device."));
    if (item->pending)
        return refuse("decision_pending",
            tr("A decision on this item is already on its way (%1).").arg(item->pendingAction));
    if (!item->isOpen()) {
        const QString text = InboxItem::outcomeText(*item, {});
        return refuse("not_open", text.isEmpty() ? tr("This item is closed.") : text);
    }
    if (!item->actionable)
        return refuse("not_actionable", tr("This notification asks for no decision."));
    const QJsonObject chosen = item->action(action);
    if (chosen.isEmpty()) {
        QStringList ids;
        for (const auto &value : item->actions)
            ids.append(value.toObject().value(QStringLiteral("id")).toString());
        return refuse("unknown_action",
            tr("“%1” is not one of this request's actions (%2).")
                .arg(action, ids.join(QStringLiteral(", "))));
    }
    if (chosen.value(QStringLiteral("requiresComment")).toBool() && comment.trimmed().isEmpty())
        return refuse("comment_required",
            tr("“%1” needs a comment.").arg(chosen.value(QStringLiteral("label")).toString()));
    const QJsonArray errors = inputErrorsOf(*item, action, inputs);
    if (!errors.isEmpty()) {
        if (inputErrors)
            *inputErrors = errors;
        return refuse("invalid_inputs",
            errors.first().toObject().value(QStringLiteral("message")).toString());
    }
    const std::optional<PendingDecision> queued = m_store.enqueueDecision(itemId, action,
        comment.trimmed(), item->hasCard() ? std::optional<QJsonObject>(inputs) : std::nullopt);
    if (!queued)
        return refuse("not_stored", tr("The decision could not be saved on this device."));
    qCInfo(lcInbox) << "decision queued:" << itemId << action;
    sendDue();
    return std::nullopt;
}

void DecisionOutbox::sendNow()
{
    // Everything waiting is due now (the network is back, the app came to the foreground).
    m_store.makeDecisionsDue();
    sendDue();
}

void DecisionOutbox::sendDue()
{
    if (m_sending)
        return; // the running attempt looks for the next one when it ends
    if (!m_store.hasDatabase() || !m_scope.isStarted())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<PendingDecision> waiting = m_store.pendingDecisions();
    if (const PendingDecision *due = OutboxRetry::firstDue(waiting, now)) {
        send(*due);
        return;
    }
    OutboxRetry::wakeAt(m_timer, OutboxRetry::earliestAttempt(waiting, now), now);
}

void DecisionOutbox::send(const PendingDecision &decision)
{
    m_sending = true;
    m_timer.stop();
    QJsonObject body { { QStringLiteral("action"), decision.action },
        { QStringLiteral("version"), decision.version } };
    if (!decision.comment.isEmpty())
        body.insert(QStringLiteral("comment"), decision.comment);
    if (decision.inputs)
        body.insert(QStringLiteral("inputs"), *decision.inputs);
    qCDebug(lcInbox) << "sending decision" << decision.seq << "attempt" << decision.attempts + 1;
    whenFinished(this,
        m_api.post(QStringLiteral("/v1/inbox/%1/decision").arg(decision.itemId), body,
            decision.idempotencyKey),
        [this, decision](const ApiReply &reply) {
            m_sending = false;
            handleAnswer(decision, reply);
            sendDue(); // the next one that is due, or the timer for the earliest
        });
}

void DecisionOutbox::handleAnswer(const PendingDecision &decision, const ApiReply &reply)
{
    if (reply.ok()) {
        QString problem;
        const auto item = InboxItem::fromJson(reply.body, &problem);
        if (!item)
            qCWarning(lcInbox).noquote() << "decision answer not understood:" << problem;
        m_store.finishDecision(decision.seq, item, {});
        qCInfo(lcInbox) << "decision confirmed:" << decision.itemId;
        Q_EMIT decisionFinished(decision.itemId, Outcome::Confirmed, {});
        return;
    }
    if (OutboxRetry::classify(reply) == OutboxRetry::Verdict::Retry) {
        const OutboxRetry::Deferral later = m_retry.defer(decision.attempts + 1, reply);
        m_store.recordAttempt(decision.seq, later.at, reply.error.code);
        qCInfo(lcInbox).noquote() << "decision" << decision.itemId
                                  << "deferred:" << reply.error.code << "retry in"
                                  << later.delay.count() << "ms";
        Q_EMIT decisionDeferred(decision.itemId, FailureText::describe(reply));
        return;
    }
    const QString code = reply.error.code;
    const bool conflict =
        (reply.httpStatus == 409 && (code == u"already_decided" || code == u"version_conflict"))
        || (reply.httpStatus == 410 && (code == u"expired" || code == u"withdrawn"));
    std::optional<InboxItem> current;
    if (reply.body.value(QStringLiteral("current")).isObject())
        current =
            InboxItem::fromJson(reply.body.value(QStringLiteral("current")).toObject(), nullptr);
    QString text;
    if (conflict && current)
        text = InboxItem::outcomeText(*current, code);
    if (text.isEmpty())
        text = conflict ? FailureText::describe(reply)
                        : tr("Not accepted: %1").arg(FailureText::describe(reply));
    // invalid_inputs: the errors stay with the item, for the page to show beside the fields.
    const QJsonArray inputErrors = OutboxRetry::inputErrors(reply);
    m_store.finishDecision(decision.seq, current, text, inputErrors);
    qCInfo(lcInbox).noquote() << "decision" << decision.itemId
                              << (conflict ? "conflicted:" : "refused:") << code;
    Q_EMIT decisionFinished(
        decision.itemId, conflict ? Outcome::Conflicted : Outcome::Refused, text);
}

} // namespace tessera
