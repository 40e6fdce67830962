#include "news/newsfeature.h"

#include "base/clock.h"
#include "maintenance/scheduledjob.h"
#include "media/mediarefs.h"
#include "news/newsroutes.h"
#include "news/newsservice.h"
#include "protocol/wiretime.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

// The media of a post not yet published are kept (linked) but shown to nobody: its refs carry
// this text, which is no audience (Audience::fromText matches no one with it).
const QString noAudienceYet = QStringLiteral("scheduled");

} // namespace

NewsFeature::NewsFeature(Storage &storage, ChangeFeed &feed, const Clock &clock,
    const MediaRefs &refs, const FormCheck &formCheck)
    : m_service(std::make_unique<NewsService>(feed, clock, formCheck))
    , m_routes(std::make_unique<NewsRoutes>(*m_service))
{
    // A post's media (hero image, body and card links) for its audience while it is shown: kept
    // but shown to nobody before its publication; let go at its expiry and deletion, so that
    // media no other object links to age out (MediaService::pruneUnreferenced). Between its
    // expiresAt and the job's expiry, visibleTo refuses them by the refs' expires_at.
    m_service->setWriteHook([&refs, &clock](QSqlDatabase &db, const StoredPost &post) {
        std::optional<QJsonObject> card;
        if (!post.card.isEmpty())
            card = QJsonDocument::fromJson(post.card.toUtf8()).object();
        return refs.record(db,
            { mediaKind(), post.id, post.apiKeyId,
                NewsRequest::shownCards(post.body, post.image, card),
                post.published ? post.audience : noAudienceYet, post.expiresAt,
                !post.deleted && !post.expired, post.authorId },
            wiretime::format(clock.now()));
    });
    // Every 5 s on one node: a scheduled post enters the feed within seconds of its time.
    m_job = std::make_unique<ScheduledJob>(storage, clock,
        ScheduledJob::Schedule {
            QStringLiteral("news-schedule"), std::chrono::seconds(5), std::chrono::minutes(2) },
        [service = m_service.get()](const ScheduledJob::Confirm &) {
            return service->publishDue() ? QString()
                                         : QStringLiteral("the database refused a publication");
        });
}

NewsFeature::~NewsFeature() = default;

QString NewsFeature::mediaKind()
{
    return QStringLiteral("news");
}

void NewsFeature::addRoutes(RouteTable &routes)
{
    m_routes->addRoutes(routes);
}

void NewsFeature::start(QThreadPool *pool)
{
    m_job->start(pool);
}

} // namespace tessera::server
