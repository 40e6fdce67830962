#include "services/servicecatalogue.h"

#include "audience/audience.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/pagebudget.h"
#include "protocol/wiretime.h"
#include "services/servicerepository.h"
#include "services/servicerequest.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

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
    const QStringList &hinted)
{
    QSqlDatabase &db = transaction.db();
    if (!(isNew ? ServiceRepository::insert(db, service) : ServiceRepository::update(db, service)))
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
    // Who hears of it: resolved before the transaction (the feed's lock is not held while the
    // people table is read); the delta read is what counts, the hint only says "look". When
    // another writer changed the service between that read and the transaction's re-read, the
    // people are resolved again for the audience the transaction saw.
    const QString audience = request->audience.toText();
    std::optional<ServiceRepository::Stored> before;
    if (!ServiceRepository::findByKey(db, apiKeyId, serviceId, &before))
        return http::internalError();
    ServiceRepository::Stored service;
    bool created = false;
    for (int attempt = 1;; ++attempt) {
        const QString previous = before && !before->withdrawn ? before->audience : QString();
        const std::optional<QStringList> hinted =
            Audience::enabledMembersOf(db, { audience, previous });
        if (!hinted)
            return http::internalError();
        ChangeTransaction transaction(m_feed);
        std::optional<ServiceRepository::Stored> current;
        if (!transaction.isActive()
            || !ServiceRepository::findByKey(transaction.db(), apiKeyId, serviceId, &current))
            return http::internalError();
        const QString seen = current && !current->withdrawn ? current->audience : QString();
        if (seen != previous) {
            if (attempt == maxAttempts)
                return http::internalError();
            before = current;
            continue; // rolls back; resolved again outside the lock
        }
        created = !current || current->withdrawn;
        if (created) {
            const std::optional<int> live =
                ServiceRepository::liveCount(transaction.db(), apiKeyId);
            if (!live)
                return http::internalError();
            if (*live >= maxLiveServicesPerKey)
                return FormCheck::refusal(QStringLiteral("too_many_services"), QStringLiteral("$"),
                    QStringLiteral("This API key has %1 live services already: withdraw one first.")
                        .arg(maxLiveServicesPerKey));
        }
        service = current.value_or(ServiceRepository::Stored {});
        if (!current) {
            service.id = randomtokens::urlSafe(QStringLiteral("svc_"), 16);
            service.apiKeyId = apiKeyId;
            service.serviceId = serviceId;
        }
        service.title = request->title;
        service.category = request->category;
        service.icon = request->icon;
        service.description = request->description;
        service.order = request->order;
        service.audience = audience;
        service.form =
            QString::fromUtf8(QJsonDocument(request->form).toJson(QJsonDocument::Compact));
        service.version += 1;
        service.updatedAt = wiretime::format(m_clock.now());
        service.withdrawn = false;
        if (!write(transaction, service, !current, *hinted) || !transaction.commit())
            return http::internalError();
        break;
    }
    qCInfo(lcServer) << "service" << service.id << "of key" << apiKeyId << "at version"
                     << service.version;
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), service.id },
            { QStringLiteral("serviceId"), service.serviceId },
            { QStringLiteral("version"), service.version },
            { QStringLiteral("updatedAt"), service.updatedAt },
        },
        created ? 201 : 200);
}

HttpResponse ServiceCatalogue::withdraw(const QString &apiKeyId, const QString &serviceId)
{
    if (!ServiceRequest::isValidOwnId(serviceId))
        return notFound();
    QSqlDatabase db = m_feed.storage().connection();
    std::optional<ServiceRepository::Stored> before;
    if (!ServiceRepository::findByKey(db, apiKeyId, serviceId, &before))
        return http::internalError();
    if (!before || before->withdrawn)
        return notFound();
    for (int attempt = 1;; ++attempt) {
        const std::optional<QStringList> hinted =
            Audience::enabledMembersOf(db, { before->audience });
        if (!hinted)
            return http::internalError();
        ChangeTransaction transaction(m_feed);
        std::optional<ServiceRepository::Stored> current;
        if (!transaction.isActive()
            || !ServiceRepository::findByKey(transaction.db(), apiKeyId, serviceId, &current))
            return http::internalError();
        if (!current || current->withdrawn)
            return notFound();
        if (current->audience != before->audience) {
            if (attempt == maxAttempts)
                return http::internalError();
            before = current;
            continue; // rolls back; resolved again outside the lock
        }
        current->withdrawn = true;
        current->version += 1;
        current->updatedAt = wiretime::format(m_clock.now());
        if (!write(transaction, *current, false, *hinted) || !transaction.commit())
            return http::internalError();
        break;
    }
    qCInfo(lcServer) << "service" << before->id << "of key" << apiKeyId << "withdrawn";
    return http::noContent();
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
        const bool isRemoved = !isShown && since > 0;
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
