#pragma once

#include "cards/formcheck.h"
#include "http/httpresponses.h"
#include "services/servicerepository.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class Audience;
class ChangeFeed;
class Clock;

// The service catalogue (docs/CARDS.md, "Services and submissions: the Web API"): a sub-system
// registers, replaces and withdraws its services; a person reads those of their audience by
// cursor. Each write is a broadcast change of kind "services": its row carries the audience, and
// after the commit a live hint goes to the enabled people in the old or the new audience (the
// audience resolved against the people table when it is written: a person who joins an audience
// later learns of it at their next delta read). Blocking; runs on the worker pool.
class ServiceCatalogue
{
public:
    static constexpr int pageSize = 200; // services read per answer
    static constexpr int maxLiveServicesPerKey = 500;

    // Called in the transaction of every write with the service as written (a withdrawal
    // too): what other features keep about services (the media their forms link to) changes
    // with it. false rolls the write back.
    using WriteHook =
        std::function<bool(QSqlDatabase &db, const ServiceRepository::Stored &service)>;

    ServiceCatalogue(ChangeFeed &feed, const Clock &clock, const FormCheck &check);

    // Set once, before any request.
    void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }

    static QString changeKind() { return QStringLiteral("services"); }
    ChangeFeed &feed() const { return m_feed; }
    const Clock &clock() const { return m_clock; }
    const FormCheck &check() const { return m_check; }

    // PUT /v1/subsystem/services/{serviceId}: 201 new (or withdrawn before), 200 replaced.
    HttpResponse put(const QString &apiKeyId, const QString &serviceId, const QJsonObject &body);
    // DELETE /v1/subsystem/services/{serviceId}: 204 withdrawn, 404 unknown or withdrawn.
    HttpResponse withdraw(const QString &apiKeyId, const QString &serviceId);
    // Withdraws every service of a revoked key, each as withdraw() does; false when the
    // database failed (the services left are still not shown).
    bool withdrawAllOfKey(const QString &apiKeyId);
    // GET /v1/services?since=: the person's catalogue, or what changed for them after since.
    HttpResponse changedSince(const QString &userId, qint64 since);

private:
    // Decides a write inside its transaction, from the service as stored (current; nullopt when
    // the key never had it): fills service and answers nothing to write it, or answers the
    // response to give without writing.
    using Edit = std::function<std::optional<HttpResponse>(QSqlDatabase &db,
        const std::optional<ServiceRepository::Stored> &current,
        ServiceRepository::Stored &service)>;
    // One write of the key's service with its hint, through AudienceWrite: the people to hint
    // are those of the live audience as stored and of newAudience. nullopt when written (service
    // then holds it as written).
    std::optional<HttpResponse> writeHinted(const QString &apiKeyId, const QString &serviceId,
        const QString &newAudience, const Edit &edit, ServiceRepository::Stored &service);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    const FormCheck &m_check;
    WriteHook m_writeHook;
};

} // namespace tessera::server
