#include "services/servicecatalogue.h"

#include "audience/audience.h"
#include "audience/audiencehistory.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "feed/audiencewrite.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/pagebudget.h"
#include "protocol/wiretime.h"
#include "services/servicerepository.h"
#include "services/servicerequest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystems/callbackprefixes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    return http::error(404, QStringLiteral("not_found"),
        QStringLiteral("This key has no such service (or it was withdrawn)."));
}

// Writes service (inserted when new), records its broadcast change to hinted and stamps it.
bool write(ChangeTransaction &transaction, ServiceRepository::Stored &service, bool isNew,
    const QStringList &hinted, const ServiceCatalogue::WriteHook &hook)
{
    QSqlDatabase &db = transaction.db();
    if (!(isNew ? ServiceRepository::insert(db, service) : ServiceRepository::update(db, service))
        || (hook && !hook(db, service)))
        return false;
    const std::optional<qint64> cursor =
        transaction.record(Change { ServiceCatalogue::changeKind(), hinted, service.audience, 0 });
    if (!cursor || !ServiceRepository::stamp(db, service.id, *cursor))
        return false;
    service.changeId = *cursor;
    return true;
}

} // namespace

ServiceCatalogue::ServiceCatalogue(ChangeFeed &feed, const Clock &clock, const FormCheck &check)
    : m_feed(feed)
    , m_clock(clock)
    , m_check(check)
{
    m_feed.registerKind(changeKind());
}

HttpResponse ServiceCatalogue::put(
    const QString &apiKeyId, const QString &serviceId, const QJsonObject &body)
{
    if (!ServiceRequest::isValidOwnId(serviceId))
        return http::badRequest(QStringLiteral(
            "“serviceId” must be 1 to 64 letters, digits, dots, underscores or hyphens."));
    QSqlDatabase db = m_feed.storage().connection();
    const std::optional<QStringList> hosts = m_check.allowedHosts(db, apiKeyId);
    if (!hosts)
        return http::internalError();
    HttpResponse refusal;
    const std::optional<ServiceRequest> request = ServiceRequest::read(body, *hosts, &refusal);
    if (!request)
        return refusal;
    // Checked as a notification's (docs/NOTIFICATIONS.md, "Webhooks") and stored normalized.
    QString callbackUrl;
    if (!request->callbackUrl.isEmpty()) {
        using Outcome = CallbackPrefixes::Checked::Outcome;
        const CallbackPrefixes::Checked checked =
            CallbackPrefixes::check(db, apiKeyId, request->callbackUrl);
        if (checked.outcome == Outcome::Failed)
            return http::internalError();
        const QString path = QStringLiteral("$.callbackUrl");
        if (checked.outcome == Outcome::Invalid)
            return FormCheck::refusal(QStringLiteral("callback_invalid"), path,
                QStringLiteral("“callbackUrl” %1.").arg(checked.detail));
        if (checked.outcome == Outcome::NotAllowed)
            return FormCheck::refusal(QStringLiteral("callback_not_allowed"), path,
                QStringLiteral(
                    "“callbackUrl” (%1) is not under any callback prefix of this API key.")
                    .arg(checked.detail));
        callbackUrl = checked.detail;
    }
    const QString audience = request->audience.toText();
    const QString now = wiretime::format(m_clock.now());
    bool created = false;
    ServiceRepository::Stored service;
    const Edit edit = [&](QSqlDatabase &tdb,
                          const std::optional<ServiceRepository::Stored> &current,
                          ServiceRepository::Stored &edited) -> std::optional<HttpResponse> {
        created = !current || current->withdrawn;
        if (created) {
            const std::optional<int> live = ServiceRepository::liveCount(tdb, apiKeyId);
            if (!live)
                return http::internalError();
            if (*live >= maxLiveServicesPerKey)
                return FormCheck::refusal(QStringLiteral("too_many_services"), QStringLiteral("$"),
                    QStringLiteral("This API key has %1 live services already: withdraw one first.")
                        .arg(maxLiveServicesPerKey));
        }
        edited = current.value_or(ServiceRepository::Stored {});
        if (!current) {
            edited.id = randomtokens::urlSafe(QStringLiteral("svc_"), 16);
            edited.apiKeyId = apiKeyId;
            edited.serviceId = serviceId;
        }
        edited.title = request->title;
        edited.category = request->category;
        edited.icon = request->icon;
        edited.description = request->description;
        edited.order = request->order;
        edited.audience = audience;
        edited.form =
            QString::fromUtf8(QJsonDocument(request->form).toJson(QJsonDocument::Compact));
        edited.version += 1;
        edited.updatedAt = now;
        edited.withdrawn = false;
        edited.callbackUrl = callbackUrl;
        return std::nullopt;
    };
    if (std::optional<HttpResponse> refused =
            writeHinted(apiKeyId, serviceId, audience, edit, service))
        return *refused;
    qCInfo(lcServer) << "service" << service.id << "of key" << apiKeyId << "at version"
                     << service.version;
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), service.id },
            { QStringLiteral("serviceId"), service.serviceId },
            { QStringLiteral("version"), service.version },
            { QStringLiteral("updatedAt"), service.updatedAt },
            { QStringLiteral("callbackUrl"),
                service.callbackUrl.isEmpty() ? QJsonValue(QJsonValue::Null)
                                              : QJsonValue(service.callbackUrl) },
        },
        created ? 201 : 200);
}

HttpResponse ServiceCatalogue::withdraw(const QString &apiKeyId, const QString &serviceId)
{
    if (!ServiceRequest::isValidOwnId(serviceId))
        return notFound();
    const QString now = wiretime::format(m_clock.now());
    const Edit edit = [&](QSqlDatabase &, const std::optional<ServiceRepository::Stored> &current,
                          ServiceRepository::Stored &edited) -> std::optional<HttpResponse> {
        if (!current || current->withdrawn)
            return notFound();
        edited = *current;
        edited.withdrawn = true;
        edited.version += 1;
        edited.updatedAt = now;
        return std::nullopt;
    };
    ServiceRepository::Stored service;
    if (std::optional<HttpResponse> refused = writeHinted(apiKeyId, serviceId, {}, edit, service))
        return *refused;
    qCInfo(lcServer) << "service" << service.id << "of key" << apiKeyId << "withdrawn";
    return http::noContent();
}

std::optional<HttpResponse> ServiceCatalogue::writeHinted(const QString &apiKeyId,
    const QString &serviceId, const QString &newAudience, const Edit &edit,
    ServiceRepository::Stored &service)
{
    const auto liveAudience = [](const std::optional<ServiceRepository::Stored> &stored) {
        return stored && !stored->withdrawn ? stored->audience : QString();
    };
    QString previous; // the live audience the people were resolved for
    std::optional<HttpResponse> answer; // set by the step that ends the write
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<ServiceRepository::Stored> before;
        if (!ServiceRepository::findByKey(db, apiKeyId, serviceId, &before))
            return std::nullopt;
        previous = liveAudience(before);
        // An empty audience (none before, or a withdrawal's new one) names nobody.
        return QStringList { newAudience, previous };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &hinted) {
        std::optional<ServiceRepository::Stored> current;
        if (!ServiceRepository::findByKey(transaction.db(), apiKeyId, serviceId, &current))
            return AudienceWrite::Step::Failed;
        if (liveAudience(current) != previous)
            return AudienceWrite::Step::Stale;
        if (std::optional<HttpResponse> refused = edit(transaction.db(), current, service)) {
            answer = std::move(refused);
            return AudienceWrite::Step::Done;
        }
        if (!write(transaction, service, !current, hinted, m_writeHook) || !transaction.commit())
            return AudienceWrite::Step::Failed;
        answer = std::nullopt;
        return AudienceWrite::Step::Done;
    };
    if (!AudienceWrite::run(m_feed, audiences, step))
        return http::internalError();
    return answer;
}

bool ServiceCatalogue::withdrawAllOfKey(const QString &apiKeyId)
{
    QSqlDatabase db = m_feed.storage().connection();
    const std::optional<QStringList> ids = ServiceRepository::activeIdsOfKey(db, apiKeyId);
    if (!ids)
        return false;
    bool ok = true;
    for (const QString &serviceId : *ids) {
        const int status = withdraw(apiKeyId, serviceId).status;
        ok = (status == 204 || status == 404) && ok;
    }
    return ok;
}

HttpResponse ServiceCatalogue::changedSince(const QString &userId, qint64 since)
{
    QSqlDatabase db = m_feed.storage().connection();
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    // Read one more than a page: whether there is more.
    const auto rows = ServiceRepository::changedSince(db, since, pageSize + 1, since == 0);
    if (!person || !rows)
        return http::internalError();
    // Whom a service not shown is removed from: a person in an audience it has had.
    QStringList ids;
    for (const ServiceRepository::Stored &row : *rows)
        ids.append(row.id);
    const auto histories = since > 0 ? AudienceHistory::load(db, "services", ids)
                                     : std::optional(QHash<QString, AudienceHistory>());
    if (!histories)
        return http::internalError();
    QJsonArray services;
    QJsonArray removed;
    qint64 cursor = since;
    bool more = false;
    PageBudget budget(pageSize);
    for (const ServiceRepository::Stored &row : *rows) {
        const std::optional<Audience> audience = Audience::fromText(row.audience);
        const bool isShown =
            !row.withdrawn && !row.keyRevoked && audience && audience->contains(*person);
        const QJsonObject shown = isShown ? ServiceRepository::toJson(row) : QJsonObject();
        const bool isRemoved = !isShown && since > 0 && histories->value(row.id).reaches(*person);
        const qsizetype bytes = isShown ? PageBudget::sizeOf(shown)
            : isRemoved                 ? PageBudget::sizeOf(row.id)
                                        : 0;
        if (!budget.take(bytes)) {
            more = true;
            break;
        }
        cursor = row.changeId;
        if (isShown)
            services.append(shown);
        else if (isRemoved)
            removed.append(row.id);
    }
    return http::json(QJsonObject {
        { QStringLiteral("services"), services },
        { QStringLiteral("removed"), removed },
        { QStringLiteral("cursor"), QString::number(cursor) },
        { QStringLiteral("more"), more },
    });
}

} // namespace tessera::server
