#pragma once

#include "privacy/personaldata.h"

#include <functional>

namespace tessera::server {

class Clock;
class RouteTable;
class Storage;
struct HttpRequest;
struct HttpResponse;

// A person's own data (issue "Attestations, health records, privacy requests and analytics"):
// GET /v1/privacy/export answers everything the server holds about the signed-in person, one
// section per feature, from what each feature declared (PersonalData).
class PrivacyRoutes
{
public:
    // flushAccessLog: writes the access log's waiting lines before an export reads them.
    PrivacyRoutes(Storage &storage, const Clock &clock, const PersonalData &data,
        std::function<bool()> flushAccessLog);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse exportOwn(const HttpRequest &request) const;

    Storage &m_storage;
    const Clock &m_clock;
    const PersonalData &m_data;
    std::function<bool()> m_flushAccessLog;
};

} // namespace tessera::server
