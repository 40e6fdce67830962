#pragma once

#include "base/clock.h"
#include "base/serverconfig.h"
#include "crypto/passwordhasher.h"
#include "http/drainstate.h"
#include "http/routetable.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;
class QThreadPool;

namespace tessera::server {

class AccessLog;
class AnalyticsFeature;
class AdminUserRoutes;
class AdminUsers;
class ApiKeyAuthenticator;
class ApiKeyService;
class CardRoutes;
class CardService;
class ChangeFeed;
class DecisionService;
class Identity;
class InboxRoutes;
class InboxService;
class MediaRefs;
class MediaRoutes;
class MediaService;
class NewsFeature;
class EventsFeature;
class AttestFeature;
class PushFeature;
class SurveysFeature;
class NotificationRoutes;
class EventRoutes;
class FormCheck;
class ServiceCatalogue;
class ServiceRoutes;
class SubmissionService;
class NotificationService;
class PassService;
class PeopleSync;
class PeopleSyncRoutes;
class PersonalData;
class PrivacyRoutes;
class HealthService;
class HealthRoutes;
class InternalSender;
class PrivacyRequestRoutes;
class PrivacyRequests;
class Retention;
class ScheduledJob;
class StreamHub;
class WebhookDispatcher;
class DeliveryRoutes;
class ClockFile;
class Directory;
class FeedListener;
class FrontDoor;
class SecretSeal;
class Storage;

// The reference server: storage, routes and the HTTP(S) listener, assembled from a config.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ServerConfig config, QObject *parent = nullptr);
    ~ApiServer() override;

    // Opens and migrates the database, seeds demo data when asked, and starts listening.
    // Answers false with a message for the operator when anything is wrong.
    bool start(QString *error);

    QUrl url() const; // where it listens, with the real port
    QString demoAccountsFile() const; // empty unless --demo
    bool demoSeededNow() const { return m_demoSeededNow; }
    const RouteTable &routes() const { return *m_routes; }
    const Storage &storage() const { return *m_storage; }

    // SIGTERM (apiserverdrain.cpp, docs/DEPLOYMENT.md): /v1/health answers 503 draining, other
    // requests 503 with Retry-After, the streams close with 4000 "reconnect" and no new webhook
    // delivery is claimed. done is called (on the event loop) once graceSeconds passed and the
    // deliveries in flight were recorded, or after maxDrainSeconds at most.
    void drain(int graceSeconds, const std::function<void()> &done);
    static constexpr int maxDrainSeconds = 10;

private:
    // QHttpServer behind the front door, listening (apiserverlisten.cpp); the last step of start.
    bool listen(QString *error);
    bool setUpTls(FrontDoor &frontDoor, QString *error);
    // The sweeps, jobs and WAL checkpoints (apiserverjobs.cpp); the last step before serving.
    void startScheduledWork();
    // A bearer token: a person's access token or a sub-system's API key.
    std::optional<Principal> authenticate(const QByteArray &token) const;

    ServerConfig m_config;
    Clock m_clock;
    PasswordHasher m_hasher;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<SecretSeal> m_seal; // the secrets at rest; outlives every service using it
    // Destroyed after the pool and the stream hub (which record lines), before the storage.
    std::unique_ptr<AccessLog> m_accessLog;
    std::shared_ptr<const Directory> m_directory;
    std::unique_ptr<ChangeFeed> m_feed; // outlives every service writing changes
    std::unique_ptr<Identity> m_identity;
    std::unique_ptr<AdminUsers> m_adminUsers;
    std::unique_ptr<AdminUserRoutes> m_adminUserRoutes;
    std::unique_ptr<PeopleSync> m_peopleSync;
    std::unique_ptr<ScheduledJob> m_peopleSyncJob; // the routes take its lease too
    std::unique_ptr<PeopleSyncRoutes> m_peopleSyncRoutes;
    std::unique_ptr<ApiKeyAuthenticator> m_apiKeyAuthenticator;
    std::unique_ptr<Retention> m_retention;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<NotificationRoutes> m_notificationRoutes;
    std::unique_ptr<CardService> m_cards;
    std::unique_ptr<CardRoutes> m_cardRoutes;
    std::unique_ptr<EventRoutes> m_eventRoutes;
    std::unique_ptr<InboxService> m_inbox;
    std::unique_ptr<DecisionService> m_decisions;
    std::unique_ptr<InboxRoutes> m_inboxRoutes;
    std::unique_ptr<FormCheck> m_formCheck;
    std::unique_ptr<ServiceCatalogue> m_services;
    std::unique_ptr<SubmissionService> m_submissions;
    std::unique_ptr<ServiceRoutes> m_serviceRoutes;
    std::unique_ptr<MediaRefs> m_mediaRefs;
    std::unique_ptr<MediaService> m_media;
    std::unique_ptr<MediaRoutes> m_mediaRoutes;
    std::unique_ptr<NewsFeature> m_news;
    std::unique_ptr<EventsFeature> m_events;
    std::unique_ptr<SurveysFeature> m_surveys;
    std::unique_ptr<AnalyticsFeature> m_analytics;
    std::unique_ptr<AttestFeature> m_attest;
    std::unique_ptr<PushFeature> m_push;
    std::unique_ptr<PersonalData> m_personalData; // what each feature holds about a person
    std::unique_ptr<PrivacyRoutes> m_privacyRoutes;
    std::unique_ptr<HealthService> m_health;
    std::unique_ptr<HealthRoutes> m_healthRoutes;
    std::unique_ptr<InternalSender> m_medicalInbox;
    std::unique_ptr<PassService> m_passes;
    std::unique_ptr<ApiKeyService> m_apiKeys;
    std::unique_ptr<QThreadPool> m_pool; // every handler runs here (blocking work allowed)
    std::unique_ptr<WebhookDispatcher> m_webhooks;
    std::unique_ptr<DeliveryRoutes> m_deliveryRoutes;
    std::unique_ptr<ClockFile> m_clockFile;
    std::unique_ptr<StreamHub> m_stream;
    // PostgreSQL: the other nodes' hints; destroyed before the hub and the feed it uses.
    std::unique_ptr<FeedListener> m_feedListener;
    DrainState m_drain;
    std::unique_ptr<ScheduledJob> m_expiryJob;
    std::unique_ptr<ScheduledJob> m_retentionJob;
    std::unique_ptr<ScheduledJob> m_mediaRetentionJob;
    // Privacy requests (their officers' inbox items, the erasure of an approved deletion) and the
    // sweep that finishes approved deletions a crash left behind.
    std::unique_ptr<PrivacyRequests> m_privacyRequests;
    std::unique_ptr<PrivacyRequestRoutes> m_privacyRequestRoutes;
    std::unique_ptr<ScheduledJob> m_privacyErasureJob;
    std::unique_ptr<RouteTable> m_routes;
    std::unique_ptr<QHttpServer> m_http;
    quint16 m_port = 0;
    QString m_demoAccountsFile;
    bool m_demoSeededNow = false;
};

} // namespace tessera::server
