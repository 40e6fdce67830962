#pragma once

#include "http/routetable.h"

namespace tessera::server {

class NewsService;

// The Web API of news (the news wire contract, docs/INTEGRATION.md "News"):
//   PUT    /v1/subsystem/news/{postId}        (news:write) publish, schedule or replace a post
//   DELETE /v1/subsystem/news/{postId}        (news:write) withdraw it from every feed
//   GET    /v1/subsystem/news/{postId}/stats  (news:write) audience and read counts, never who
//   PUT    /v1/news/posts/{postId}            (role publisher) the same on a person's own posts
//   DELETE /v1/news/posts/{postId}            (role publisher)
//   GET    /v1/news/posts/{postId}/stats      (role publisher)
//   GET    /v1/news?since=CURSOR              (a person) the posts of their audiences
//   POST   /v1/news/read                      (a person) mark posts read
class NewsRoutes
{
public:
    // The body limit of a post's PUT (DESIGN.md, second round, decision 2: as a card's).
    static constexpr qint64 postBodyBytes = qint64(64) * 1024;

    explicit NewsRoutes(NewsService &service);

    void addRoutes(RouteTable &routes);

private:
    HttpResponse put(const HttpRequest &request);
    HttpResponse remove(const HttpRequest &request);
    HttpResponse stats(const HttpRequest &request);
    HttpResponse changes(const HttpRequest &request);
    HttpResponse markRead(const HttpRequest &request);

    NewsService &m_service;
};

} // namespace tessera::server
