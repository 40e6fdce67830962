#pragma once

#include "http/routetable.h"

namespace tessera::server {

class MediaService;

// The Web API of card media (docs/CARDS.md, "Media"):
//   POST /v1/subsystem/media   (cards:write) upload an image: the body is its bytes
//   GET  /v1/media/{id}        (a person) the image, when an object of theirs links to it
class MediaRoutes
{
public:
    // How long an app may keep a medium without asking again (it keeps it encrypted).
    static constexpr int maxAgeSeconds = 24 * 60 * 60;

    explicit MediaRoutes(MediaService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse upload(const HttpRequest &request);
    HttpResponse fetch(const HttpRequest &request);

    MediaService &m_service;
};

} // namespace tessera::server
