#include "services/submissionservice.h"

#include "audience/audience.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/cardparser.h"
#include "cards/formcheck.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "protocol/wiretime.h"
#include "services/servicerepository.h"
#include "services/submissionrepository.h"
#include "services/submissionwebhook.h"
#include "storage/storage.h"
#include "subsystemevents/eventlog.h"
#include "subsystemevents/submissionevent.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace tessera::server {

namespace {

HttpResponse serviceNotFound()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such service for you."));
}

HttpResponse submissionNotFound()
{
    return http::error(404, QStringLiteral("not_found"),
        QStringLiteral("There is no such submission to this key's services."));
}

HttpResponse formChanged(qint64 version)
{
    return http::errorWith(409, QStringLiteral("form_changed"),
        QStringLiteral("The form changed since it was filled in: fill in version %1.").arg(version),
        QJsonObject { { QStringLiteral("version"), version } });
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// What a person sends: the version filled, the action (its id or verb) and the values.
struct Filled
{
    qint64 version = 0;
    QString action;
    QJsonObject inputs;
};

std::optional<Filled> readFilled(const QJsonObject &body, QString *error)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != u"version" && it.key() != u"action" && it.key() != u"inputs") {
            *error = QStringLiteral("“%1” is not a field of a submission.").arg(it.key());
            return std::nullopt;
        }
    }
    Filled filled;
    const QJsonValue version = body.value(QStringLiteral("version"));
    const double number = version.toDouble();
    if (!version.isDouble() || number < 1 || number > 1e15 || number != std::floor(number)) {
        *error = QStringLiteral("“version” must be the form's version (a whole number).");
        return std::nullopt;
    }
    filled.version = static_cast<qint64>(number);
    const QJsonValue action = body.value(QStringLiteral("action"));
    if (!action.isUndefined() && !action.isNull()) {
        if (!action.isString() || action.toString().isEmpty() || action.toString().size() > 128) {
            *error = QStringLiteral("“action” must be the submit action's id or verb.");
            return std::nullopt;
        }
        filled.action = action.toString();
    }
    if (!body.value(QStringLiteral("inputs")).isObject()) {
        *error = QStringLiteral("“inputs” must be an object of input id → value.");
        return std::nullopt;
    }
    filled.inputs = body.value(QStringLiteral("inputs")).toObject();
    return filled;
}

// What is wrong with filled against service's form, for userId: 404, 409, 422; nullopt when it
// may be stored.
std::optional<HttpResponse> refusal(QSqlDatabase &db, const ServiceRepository::Stored &service,
    const QString &userId, const Filled &filled)
{
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return http::internalError();
    const std::optional<Audience> audience = Audience::fromText(service.audience);
    if (service.withdrawn || service.keyRevoked || !audience || !audience->contains(*person))
        return serviceNotFound();
    if (filled.version != service.version)
        return formChanged(service.version);
    // Checked at publish: parsed here for its inputs and actions only.
    const cards::CardParseResult form = cards::CardParser().parse(service.form.toUtf8());
    return FormCheck::checkInputs(form.card, filled.action, filled.inputs);
}

} // namespace

SubmissionService::SubmissionService(ChangeFeed &feed, const Clock &clock, const FormCheck &check)
    : m_feed(feed)
    , m_clock(clock)
    , m_check(check)
{
    m_feed.registerKind(changeKind());
}

HttpResponse SubmissionService::submit(const QString &userId, const QString &id,
    const QJsonObject &body, const IdempotentComplete &complete)
{
    QString error;
    const std::optional<Filled> filled = readFilled(body, &error);
    if (!filled)
        return http::badRequest(error);
    QSqlDatabase db = m_feed.storage().connection();
    std::optional<ServiceRepository::Stored> service;
    if (!ServiceRepository::find(db, id, &service))
        return http::internalError();
    if (!service)
        return serviceNotFound();
    // Validated before the transaction: the feed's lock is not held while patterns run.
    if (auto refused = refusal(db, *service, userId, *filled))
        return *refused;

    QJsonObject answer;
    bool queued = false;
    {
        ChangeTransaction transaction(m_feed);
        std::optional<ServiceRepository::Stored> current;
        if (!transaction.isActive() || !ServiceRepository::find(transaction.db(), id, &current))
            return http::internalError();
        if (!current || current->withdrawn || current->keyRevoked)
            return serviceNotFound();
        if (current->version != service->version)
            return formChanged(current->version);
        const QString now = wiretime::format(m_clock.now());
        SubmissionRepository::Stored row;
        row.id = randomtokens::urlSafe(QStringLiteral("sub_"), 16);
        row.service = id;
        row.apiKeyId = current->apiKeyId;
        row.formVersion = current->version;
        row.userId = userId;
        row.action = filled->action;
        row.inputs = compact(filled->inputs);
        row.status = QStringLiteral("submitted");
        row.submittedAt = now;
        row.updatedAt = now;
        QSqlDatabase &tdb = transaction.db();
        std::optional<qint64> cursor;
        std::optional<SubmissionRepository::Stored> stored;
        if (!SubmissionRepository::insert(tdb, row)
            || !(cursor = transaction.record(Change::of(changeKind(), { userId })))
            || !SubmissionRepository::stamp(tdb, row.id, *cursor)
            || !SubmissionRepository::find(tdb, row.id, &stored) || !stored)
            return http::internalError();
        const QJsonObject view = SubmissionRepository::toSubsystemJson(*stored);
        const QJsonObject event = SubmissionEvent::make(SubmissionEvent::Type::Created, view, now);
        // The webhook, when the service has a callback URL, in the same transaction: a resend
        // under the same Idempotency-Key is answered from its record and queues nothing.
        queued = !current->callbackUrl.isEmpty();
        if (!EventLog::record(tdb, row.apiKeyId, event)
            || (queued
                && !SubmissionWebhook::queue(
                    tdb, row.apiKeyId, current->callbackUrl, event, view, now)))
            return http::internalError();
        answer = QJsonObject { { QStringLiteral("submission"),
            SubmissionRepository::toPersonJson(*stored) } };
        if (!complete(http::json(answer, 201)) || !transaction.commit())
            return http::internalError();
        qCInfo(lcServer) << "submission" << row.id << "to service" << id << "by" << userId;
    }
    if (queued && m_queued)
        m_queued();
    return http::json(answer, 201);
}

HttpResponse SubmissionService::setStatus(
    const QString &apiKeyId, const QString &id, const QJsonObject &body)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != u"status" && it.key() != u"message" && it.key() != u"resultCard")
            return FormCheck::refusal(QStringLiteral("invalid_field"),
                QStringLiteral("$.") + it.key(),
                QStringLiteral("“%1” is not a field of a status.").arg(it.key()));
    }
    const QString status = body.value(QStringLiteral("status")).toString();
    if (!SubmissionRepository::settableStatuses().contains(status))
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.status"),
            QStringLiteral("“status” must be one of: %1.")
                .arg(SubmissionRepository::settableStatuses().join(QStringLiteral(", "))));
    const QJsonValue message = body.value(QStringLiteral("message"));
    if (!message.isUndefined() && !message.isNull()
        && (!message.isString() || message.toString().size() > maxMessage))
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.message"),
            QStringLiteral("“message” must be a text of at most %1 characters.").arg(maxMessage));
    QSqlDatabase db = m_feed.storage().connection();
    const QJsonValue resultCard = body.value(QStringLiteral("resultCard"));
    const bool withCard = !resultCard.isUndefined() && !resultCard.isNull();
    if (withCard) {
        const std::optional<QStringList> hosts = m_check.allowedHosts(db, apiKeyId);
        if (!hosts)
            return http::internalError();
        if (auto refused = FormCheck::checkCard(resultCard, QStringLiteral("$.resultCard"), *hosts))
            return *refused;
    }

    std::optional<SubmissionRepository::Stored> stored;
    {
        ChangeTransaction transaction(m_feed);
        QSqlDatabase &tdb = transaction.db();
        if (!transaction.isActive() || !SubmissionRepository::find(tdb, id, &stored))
            return http::internalError();
        if (!stored || stored->apiKeyId != apiKeyId)
            return submissionNotFound();
        if (SubmissionRepository::isFinal(stored->status))
            return http::errorWith(409, QStringLiteral("already_final"),
                QStringLiteral("This submission is %1 already; its status no longer changes.")
                    .arg(stored->status),
                QJsonObject { { QStringLiteral("current"),
                    SubmissionRepository::toSubsystemJson(*stored) } });
        const QString now = wiretime::format(m_clock.now());
        stored->status = status;
        stored->message = message.toString();
        if (withCard)
            stored->resultCard = compact(resultCard.toObject());
        stored->updatedAt = now;
        std::optional<qint64> cursor;
        if (!SubmissionRepository::update(tdb, *stored)
            || (withCard && m_writeHook && !m_writeHook(tdb, *stored))
            || !(cursor = transaction.record(Change::of(changeKind(), { stored->userId })))
            || !SubmissionRepository::stamp(tdb, id, *cursor)
            || !EventLog::record(tdb, apiKeyId,
                SubmissionEvent::make(SubmissionEvent::Type::Status,
                    SubmissionRepository::toSubsystemJson(*stored), now))
            || !transaction.commit())
            return http::internalError();
    }
    qCInfo(lcServer) << "submission" << id << "is" << status;
    return http::json(SubmissionRepository::toSubsystemJson(*stored));
}

void SubmissionService::takeWebhookAnswer(
    const QString &apiKeyId, const QString &id, const QByteArray &answer, bool tooLarge)
{
    const QJsonDocument document = QJsonDocument::fromJson(answer);
    const QJsonValue card = document.object().value(QStringLiteral("card"));
    if (!document.isObject() || card.isUndefined() || card.isNull()) {
        if (tooLarge) // not even parsed: cut at the limit
            qCWarning(lcServer) << "the webhook answer for submission" << id
                                << "is over 64 KiB: no result card taken";
        return; // an acknowledgement only
    }
    QSqlDatabase db = m_feed.storage().connection();
    const std::optional<QStringList> hosts = m_check.allowedHosts(db, apiKeyId);
    if (!hosts)
        return;
    if (auto refused = FormCheck::checkCard(card, QStringLiteral("$.card"), *hosts)) {
        qCWarning(lcServer).noquote() << "the webhook answer for submission" << id
                                      << "has a card that is refused:" << refused->body;
        return;
    }
    ChangeTransaction transaction(m_feed);
    QSqlDatabase &tdb = transaction.db();
    std::optional<SubmissionRepository::Stored> stored;
    if (!transaction.isActive() || !SubmissionRepository::find(tdb, id, &stored) || !stored
        || stored->apiKeyId != apiKeyId || SubmissionRepository::isFinal(stored->status)
        || !stored->resultCard.isEmpty())
        return; // the sub-system's own status and card come first
    stored->resultCard = compact(card.toObject());
    stored->updatedAt = wiretime::format(m_clock.now());
    std::optional<qint64> cursor;
    if (!SubmissionRepository::update(tdb, *stored) || (m_writeHook && !m_writeHook(tdb, *stored))
        || !(cursor = transaction.record(Change::of(changeKind(), { stored->userId })))
        || !SubmissionRepository::stamp(tdb, id, *cursor) || !transaction.commit()) {
        qCWarning(lcServer) << "could not store the result card of submission" << id;
        return;
    }
    qCInfo(lcServer) << "submission" << id << "has the result card its webhook answered";
}

HttpResponse SubmissionService::ofPerson(const QString &userId, qint64 since)
{
    QSqlDatabase db = m_feed.storage().connection();
    const auto page = SubmissionRepository::ofPerson(db, userId, since, personPageSize);
    if (!page)
        return http::internalError();
    QJsonArray submissions;
    // Read oldest change first (so the cursor continues the delta), answered newest first.
    for (auto it = page->rows.crbegin(); it != page->rows.crend(); ++it)
        submissions.append(SubmissionRepository::toPersonJson(*it));
    const qint64 cursor = page->rows.isEmpty() ? since : page->rows.constLast().changeId;
    return http::json(QJsonObject {
        { QStringLiteral("submissions"), submissions },
        { QStringLiteral("cursor"), QString::number(cursor) },
        { QStringLiteral("more"), page->more },
    });
}

HttpResponse SubmissionService::ofKey(
    const QString &apiKeyId, const QString &serviceId, qint64 since, int limit)
{
    QSqlDatabase db = m_feed.storage().connection();
    const auto page = SubmissionRepository::ofKey(db, apiKeyId, serviceId, since, limit);
    if (!page)
        return http::internalError();
    QJsonArray submissions;
    for (const SubmissionRepository::Stored &row : page->rows)
        submissions.append(SubmissionRepository::toSubsystemJson(row));
    const qint64 cursor = page->rows.isEmpty() ? since : page->rows.constLast().changeId;
    return http::json(QJsonObject {
        { QStringLiteral("submissions"), submissions },
        { QStringLiteral("cursor"), QString::number(cursor) },
        { QStringLiteral("hasMore"), page->more },
    });
}

} // namespace tessera::server
