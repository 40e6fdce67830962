#include "push/pushfeature.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "push/apnstransport.h"
#include "push/fcmtransport.h"
#include "push/pushqueue.h"
#include "push/pushroutes.h"
#include "push/pushsender.h"
#include "push/pushsubscriptions.h"
#include "push/webpushtransport.h"
#include "storage/storage.h"

namespace tessera::server {

std::unique_ptr<PushFeature> PushFeature::create(
    Storage &storage, const Clock &clock, RouteTable &routes, const Config &config, QString *error)
{
    std::optional<VapidKey> key;
    QStringList transports;
    if (!config.vapidKeyFile.isEmpty()) {
        key = VapidKey::fromFile(config.vapidKeyFile, error);
        if (!key)
            return nullptr;
        if (!config.subject.startsWith(QLatin1String("mailto:"))
            && !config.subject.startsWith(QLatin1String("https://"))) {
            *error = QStringLiteral("the VAPID subject must be a mailto: or https: URL");
            return nullptr;
        }
        transports << QStringLiteral("webpush");
    }
    std::optional<FcmAccount> fcm;
    if (!config.fcmServiceAccountFile.isEmpty()) {
        fcm = FcmAccount::fromFile(config.fcmServiceAccountFile, config.loopbackHttp, error);
        if (!fcm)
            return nullptr;
        if (!config.fcmEndpoint.isEmpty()
            && !FcmAccount::isAllowedUrl(
                QUrl(config.fcmEndpoint, QUrl::StrictMode), config.loopbackHttp)) {
            *error = QStringLiteral("push.fcm.endpoint must be an https URL");
            return nullptr;
        }
        transports << QStringLiteral("fcm");
    }
    std::unique_ptr<ApnsTransport> apns;
    if (!config.apns.isEmpty()) {
        QString problem;
        const std::optional<ApnsTransport::Config> apnsConfig =
            ApnsTransport::Config::fromJson(config.apns, &problem);
        if (apnsConfig && apnsConfig->endpoint.scheme() == u"http" && !config.loopbackHttp)
            problem = QStringLiteral("apns.endpoint: plain http only on a --demo server");
        if (!apnsConfig || !problem.isEmpty()) {
            *error = QStringLiteral("push.%1").arg(problem);
            return nullptr;
        }
        apns = ApnsTransport::create(*apnsConfig, clock, &problem);
        if (!apns) {
            *error = QStringLiteral("push.%1").arg(problem);
            return nullptr;
        }
        transports << QStringLiteral("apns");
    }
    std::unique_ptr<PushFeature> feature(new PushFeature(storage, clock, config, transports));
    feature->m_apns = std::move(apns);
    feature->m_key = std::move(key);
    feature->m_fcm = std::move(fcm);
    feature->m_routes->addRoutes(routes);
    return feature;
}

PushFeature::PushFeature(
    Storage &storage, const Clock &clock, Config config, QStringList transports)
    : m_storage(storage)
    , m_clock(clock)
    , m_config(std::move(config))
    , m_transports(std::move(transports))
    , m_routes(std::make_unique<PushRoutes>(storage, clock, m_config.loopbackHttp, m_transports))
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

void PushFeature::stop()
{
    if (m_sender)
        m_sender->drain(std::chrono::seconds(5));
}

void PushFeature::start(QThreadPool *pool)
{
    if (!isSending())
        return;
    m_sender = std::make_unique<PushSender>(m_storage, m_clock, pool);
    if (m_key)
        m_sender->addTransport(
            std::make_unique<WebPushTransport>(std::move(*m_key), m_config.subject));
    if (m_fcm) {
        const QUrl endpoint(
            m_config.fcmEndpoint.isEmpty() ? FcmTransport::defaultEndpoint : m_config.fcmEndpoint);
        m_sender->addTransport(std::make_unique<FcmTransport>(std::move(*m_fcm), endpoint));
    }
    if (m_apns)
        m_sender->addTransport(std::move(m_apns));
    m_key.reset();
    m_fcm.reset();
    m_sender->start();
    qCInfo(lcServer) << "push: sender started for" << m_transports.join(QStringLiteral(", "));
}

} // namespace tessera::server
