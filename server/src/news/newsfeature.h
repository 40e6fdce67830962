#pragma once

#include <QStringList>

#include <memory>

class QThreadPool;

namespace tessera::server {

class ChangeFeed;
class Clock;
class FormCheck;
class MediaRefs;
class NewsRoutes;
class NewsService;
class RouteTable;
class ScheduledJob;
class Storage;

// The news feature's one place of registration on the server (DESIGN.md, "The house"): its
// change kind "news" (with the service), its routes, its media (MediaRefs kind "news": a post's
// hero image and the media its body and card link to, for its audience from its publication to
// its expiry or deletion) and its scheduled job "news-schedule" (publications at their
// publishAt, expiries). Its migrations are registered in app/servermigrations.cpp with the
// others.
class NewsFeature
{
public:
    // Before any write: registers the change kind and the media hook.
    NewsFeature(Storage &storage, ChangeFeed &feed, const Clock &clock, const MediaRefs &refs,
        const FormCheck &formCheck);
    ~NewsFeature();

    static QString mediaKind(); // "news"

    void addRoutes(RouteTable &routes);
    // On the event loop, once the pool exists: the scheduled job's polls.
    void start(QThreadPool *pool);

    NewsService &service() { return *m_service; }

private:
    std::unique_ptr<NewsService> m_service;
    std::unique_ptr<NewsRoutes> m_routes;
    std::unique_ptr<ScheduledJob> m_job;
};

} // namespace tessera::server
