#include "push/pushfeature.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "push/pushqueue.h"
#include "push/pushroutes.h"
#include "push/pushsubscriptions.h"
#include "push/webpushsender.h"
#include "storage/storage.h"

namespace tessera::server {

std::unique_ptr<PushFeature> PushFeature::create(
    Storage &storage, const Clock &clock, RouteTable &routes, const Config &config, QString *error)
{
    std::optional<VapidKey> key;
    if (!config.vapidKeyFile.isEmpty()) {
        key = VapidKey::fromFile(config.vapidKeyFile, error);
        if (!key)
            return nullptr;
        if (!config.subject.startsWith(QLatin1String("mailto:"))
            && !config.subject.startsWith(QLatin1String("https://"))) {
            *error = QStringLiteral("the VAPID subject must be a mailto: or https: URL");
            return nullptr;
        }
    }
    std::unique_ptr<PushFeature> feature(new PushFeature(storage, clock, std::move(key), config));
    feature->m_routes->addRoutes(routes);
    return feature;
}

PushFeature::PushFeature(
    Storage &storage, const Clock &clock, std::optional<VapidKey> key, Config config)
    : m_storage(storage)
    , m_clock(clock)
    , m_key(std::move(key))
    , m_config(std::move(config))
    , m_routes(std::make_unique<PushRoutes>(storage, clock, m_config.loopbackHttp))
{ }

PushFeature::~PushFeature() = default;

bool PushFeature::enqueue(QSqlDatabase &db, const QString &itemId, const QString &title,
    const QJsonArray &actions, bool urgent, const QStringList &people) const
{
    if (!isSending())
        return true;
    return PushQueue::enqueue(db, itemId, title, actions, urgent, people, m_clock.now());
}

void PushFeature::kick() const
{
    if (m_sender)
        m_sender->kick();
}

void PushFeature::sessionsEnded(const QString &userId, const QString &deviceId) const
{
    QSqlDatabase db = m_storage.connection();
    if (!PushSubscriptions::remove(db, userId, deviceId))
        qCWarning(lcServer) << "push: the subscription of an ended session was not removed";
}

void PushFeature::start(QThreadPool *pool)
{
    if (!m_key)
        return;
    m_sender = std::make_unique<WebPushSender>(
        m_storage, m_clock, pool, std::move(*m_key), m_config.subject);
    m_key.reset();
    m_sender->start();
    qCInfo(lcServer) << "push: Web Push sender started";
}

} // namespace tessera::server
