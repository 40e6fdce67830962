#pragma once

#include "identity/loginlockout.h"

#include <QString>

#include <functional>

namespace tessera::server {

class PasswordHasher;
class PrivacyRequests;
class RouteTable;
class Storage;
struct HttpRequest;
struct HttpResponse;

// The person's privacy requests and a local ID's own deletion (docs/PRIVACY.md):
// POST and GET /v1/privacy/requests, POST /v1/me/deletion. The deletion's password check is one
// of the account's sign-in attempts: it reserves a slot of the sign-in lockout and counts a wrong
// password towards it (one counter for the account, DESIGN.md decision 11).
class PrivacyRequestRoutes
{
public:
    PrivacyRequestRoutes(PrivacyRequests &requests, Storage &storage, const PasswordHasher &hasher);

    void addRoutes(RouteTable &routes);

    // A request's comment: 1 to this many characters.
    static constexpr qsizetype maxCommentLength = 2000;

private:
    HttpResponse create(const HttpRequest &request);
    HttpResponse createNow(const HttpRequest &request, const QString &kind, const QString &comment,
        const std::function<bool(const HttpResponse &)> &complete);
    HttpResponse list(const HttpRequest &request) const;
    HttpResponse deleteAccount(const HttpRequest &request);

    PrivacyRequests &m_requests;
    Storage &m_storage;
    const PasswordHasher &m_hasher;
    LoginLockout m_lockout; // its counts are in the database: the same lock as sign-in's
};

} // namespace tessera::server
