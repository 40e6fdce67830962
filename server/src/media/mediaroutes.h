#pragma once

#include "http/routetable.h"

namespace tessera::server {

class MediaService;

// The Web API of card media (docs/CARDS.md, "Media"):
//   POST /v1/subsystem/media   (cards:write) upload an image: the body is its bytes
//   POST /v1/news/media        (a publisher) the same, the person's own, for their news posts
//   GET  /v1/media/{id}        (a person) the image, when an object of theirs links to it
class MediaRoutes
{
public:
    // How long an app may keep a medium without asking again (it keeps it encrypted).
    static constexpr int maxAgeSeconds = 24 * 60 * 60;

    explicit MediaRoutes(MediaService &service);

    void addRoutes(RouteTable &routes);

private:
    // A key's upload (a request of a key) or a publisher's (a person's).
    HttpResponse upload(const HttpRequest &request);
    HttpResponse fetch(const HttpRequest &request);

    MediaService &m_service;
};

} // namespace tessera::server
