#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class DecisionService;
class InboxService;

// The person's routes of the inbox (docs/NOTIFICATIONS.md): GET /v1/inbox (the delta since a
// cursor), GET /v1/inbox/{id}, POST /v1/inbox/{id}/read and POST /v1/inbox/{id}/decision. Each
// reads its request, asks the InboxService or DecisionService and writes the answer.
class InboxRoutes
{
public:
    InboxRoutes(InboxService &inbox, DecisionService &decisions);

    void addRoutes(RouteTable &routes);

    HttpResponse changes(const HttpRequest &request);
    HttpResponse item(const HttpRequest &request);
    HttpResponse markRead(const HttpRequest &request);
    HttpResponse decide(const HttpRequest &request);

private:
    InboxService &m_inbox;
    DecisionService &m_decisions;
};

} // namespace tessera::server
