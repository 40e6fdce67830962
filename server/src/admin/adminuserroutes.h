#pragma once

#include "admin/adminusers.h"
#include "http/httpresponses.h"
#include "http/routetable.h"
#include "identity/sessionsended.h"

#include <QStringList>

#include <functional>

namespace tessera::server {

// The admin's routes on people's accounts (/v1/admin/local-users..., /v1/admin/users/...): each
// reads its request, asks AdminUsers and answers. Disabling a person and resetting their
// password end their sessions: their streams close before the answer. Thread-safe.
class AdminUserRoutes
{
public:
    explicit AdminUserRoutes(const AdminUsers &users);

    void addRoutes(RouteTable &routes);
    // Set once, before the server takes requests.
    void setSessionsEndedListener(SessionsEnded listener) { m_sessionsEnded = std::move(listener); }
    // Told after a person's roles or enabled state changed (what audiences match): the
    // composition root records their resync (DeltaReset).
    using AudienceChanged = std::function<void(const QStringList &userIds)>;
    void setAudienceChangedListener(AudienceChanged listener)
    {
        m_audienceChanged = std::move(listener);
    }

    HttpResponse createLocalUser(const HttpRequest &request) const;
    HttpResponse setDisabled(const HttpRequest &request) const;
    HttpResponse resetLocalPassword(const HttpRequest &request) const;
    HttpResponse setRoles(const HttpRequest &request) const;

private:
    const AdminUsers &m_users;
    SessionsEnded m_sessionsEnded;
    AudienceChanged m_audienceChanged;
};

} // namespace tessera::server
