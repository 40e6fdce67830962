#pragma once

#include "http/routetable.h"

namespace tessera::server {

class CardService;

// The Web API of Home cards (docs/CARDS.md, "Home cards: the Web API"):
//   PUT    /v1/subsystem/cards/{cardId}     (cards:write) put or replace a card
//   DELETE /v1/subsystem/cards/{cardId}     (cards:write) withdraw it everywhere
//   GET    /v1/subsystem/cards              (cards:write) the key's live cards
//   POST   /v1/admin/api-keys/{id}/card-hosts (admin) the hosts a key's cards may link to
//   GET    /v1/cards?since=CURSOR           (a person) the cards of their audiences
class CardRoutes
{
public:
    // The body limit of a card's PUT (DESIGN.md, second round, decision 2).
    static constexpr qint64 cardBodyBytes = qint64(64) * 1024;

    explicit CardRoutes(CardService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse put(const HttpRequest &request);
    HttpResponse remove(const HttpRequest &request);
    HttpResponse list(const HttpRequest &request);
    HttpResponse changeHosts(const HttpRequest &request);
    HttpResponse changes(const HttpRequest &request);

    CardService &m_service;
};

} // namespace tessera::server
