#include "app/apiserver.h"

#include "admin/adminuserroutes.h"
#include "admin/adminusers.h"
#include "admin/peoplesyncroutes.h"
#include "analytics/analyticsfeature.h"
#include "app/demoseeder.h"
#include "app/personaldataregistry.h"
#include "app/servermigrations.h"
#include "attest/attestfeature.h"
#include "base/clockfile.h"
#include "base/serverlogging.h"
#include "cards/cardroutes.h"
#include "cards/cardservice.h"
#include "cards/formcheck.h"
#include "events/eventsfeature.h"
#include "events/eventsservice.h"
#include "feed/changefeed.h"
#include "feed/deltareset.h"
#include "feed/feedlistener.h"
#include "feed/streamhub.h"
#include "health/healthroutes.h"
#include "health/healthservice.h"
#include "http/accesslog.h"
#include "http/ratelimiter.h"
#include "http/systemroutes.h"
#include "identity/directory.h"
#include "identity/identity.h"
#include "identity/peoplesync.h"
#include "identity/tokenrepository.h"
#include "inbox/decisionservice.h"
#include "inbox/inboxroutes.h"
#include "inbox/inboxservice.h"
#include "maintenance/retention.h"
#include "maintenance/scheduledjob.h"
#include "media/mediarefs.h"
#include "media/mediaroutes.h"
#include "media/mediaservice.h"
#include "news/newsfeature.h"
#include "news/newsservice.h"
#include "notifications/internalsender.h"
#include "notifications/notificationroutes.h"
#include "notifications/notificationservice.h"
#include "pass/passservice.h"
#include "privacy/personaldata.h"
#include "privacy/privacyrequestroutes.h"
#include "privacy/privacyrequests.h"
#include "privacy/privacyroutes.h"
#include "protocol/wiretime.h"
#include "push/pushfeature.h"
#include "services/servicecatalogue.h"
#include "services/serviceroutes.h"
#include "services/submissionservice.h"
#include "storage/secretsatrest.h"
#include "storage/storage.h"
#include "subsystemevents/eventlog.h"
#include "subsystemevents/eventroutes.h"
#include "subsystems/apikeyauthenticator.h"
#include "subsystems/apikeyservice.h"
#include "subsystems/deliveryroutes.h"
#include "subsystems/webhookdispatcher.h"
#include "surveys/surveyservice.h"
#include "surveys/surveysfeature.h"

#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QJsonDocument>
#include <QThreadPool>

#include <memory>
#include <sodium.h>

namespace tessera::server {

namespace {

QJsonObject objectOf(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

ApiServer::ApiServer(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(m_config.startTime ? Clock(*m_config.startTime) : Clock())
    , m_hasher(m_config.passwordHashCost)
{ }

ApiServer::~ApiServer()
{
    // Stop taking requests, then let the handlers still running finish before what they use
    // goes away; their answers are dropped with the connections.
    m_http.reset();
    // The pushes under way are answered and written (none sent twice after a restart).
    if (m_push)
        m_push->stop();
    if (m_pool)
        m_pool->waitForDone();
    // Every line recorded so far is written before the process ends (SIGTERM, Ctrl-C).
    if (m_accessLog)
        m_accessLog->stop();
}

bool ApiServer::start(QString *error)
{
    if (sodium_init() < 0) {
        *error = QStringLiteral("libsodium could not be initialised");
        return false;
    }
    if (!m_config.validate(error))
        return false;
    if (!m_config.clockFile.isEmpty()) {
        m_clockFile = std::make_unique<ClockFile>(m_config.clockFile, m_clock);
        m_clockFile->start();
    }
    if (!QDir().mkpath(m_config.dataDir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(m_config.dataDir);
        return false;
    }
    QFile::setPermissions(
        m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    m_storage = Storage::open(m_config.database, m_config.dataDir, error);
    if (!m_storage)
        return false;
    const QString secretsKeyFile = m_config.secretsKeyFile.isEmpty()
        ? QDir(m_config.dataDir).filePath(QStringLiteral("secrets.key"))
        : m_config.secretsKeyFile;
    // A step that seals a feature's values (health's HC1 fields) opens the seal in its own
    // transaction; the seal the services use is opened after the migrations.
    MigrationContext migrationContext;
    migrationContext.openSeal = [secretsKeyFile](QSqlDatabase &db, QString *openError) {
        return openSecretSeal(db, secretsKeyFile, openError);
    };
    if (!m_storage->migrate(serverMigrations(), error, migrationContext))
        return false;
    qCInfo(lcStorage).noquote() << "database" << m_storage->description() << "at schema"
                                << m_storage->schemaDescription(serverMigrations());
    if (!ScheduledJob::freeLeasesAtStart(*m_storage)) {
        *error = QStringLiteral("the database refused to free the scheduled jobs' leases");
        return false;
    }
    m_seal = openSecretsAtRest(*m_storage, secretsKeyFile, error);
    if (!m_seal)
        return false;

    if (m_config.demo) {
        DemoSeeder seeder(
            *m_storage, m_hasher, m_clock, *m_seal, m_config.directory.isConfigured());
        const auto outcome = seeder.seed(m_config.dataDir, error);
        if (!outcome)
            return false;
        m_demoAccountsFile = outcome->accountsFile;
        m_demoSeededNow = outcome->seededNow;
    }

    if (m_config.directory.isConfigured())
        m_directory = std::make_shared<const Directory>(m_config.directory);
    m_identity = std::make_unique<Identity>(
        *m_storage, m_clock, m_hasher, m_directory, m_config.minimumAppVersion);
    m_adminUsers = std::make_unique<AdminUsers>(*m_storage, m_clock, m_hasher);
    m_adminUserRoutes = std::make_unique<AdminUserRoutes>(*m_adminUsers);
    m_peopleSync = std::make_unique<PeopleSync>(*m_storage, m_clock, m_directory);
    // Every 15 minutes on one of the nodes (and on an admin's demand, under the same lease); the
    // lease outlasts a listing of the directory's 50,000 people, and the apply confirms it.
    m_peopleSyncJob = std::make_unique<ScheduledJob>(*m_storage, m_clock,
        ScheduledJob::Schedule {
            QStringLiteral("people-sync"), PeopleSync::interval, std::chrono::minutes(30) },
        [sync = m_peopleSync.get()](const ScheduledJob::Confirm &confirm) {
            return sync->run(PeopleSync::scheduledActor(), confirm).failure();
        });
    m_peopleSyncRoutes = std::make_unique<PeopleSyncRoutes>(*m_peopleSync, *m_peopleSyncJob);
    m_apiKeyAuthenticator = std::make_unique<ApiKeyAuthenticator>(*m_storage, m_clock);
    m_retention = std::make_unique<Retention>(*m_storage, m_clock);

    m_feed = std::make_unique<ChangeFeed>(*m_storage, m_clock);
    m_feed->registerKind(DeltaReset::changeKind());
    m_notifications = std::make_unique<NotificationService>(*m_feed, m_clock);
    m_eventRoutes = std::make_unique<EventRoutes>(*m_storage);
    // Cards may link to the server's own host and to the key's card hosts; the config names no
    // public host of the server yet, so today only the key's.
    // The server's own host, where every key's cards may link (the key's card hosts join it).
    const QStringList ownHosts { m_config.listenAddress.toString() };
    m_cards = std::make_unique<CardService>(*m_feed, m_clock, ownHosts);
    // Cards of services, submissions and notifications may link to the server's own host (the
    // address it listens on) and the key's card hosts.
    m_formCheck = std::make_unique<FormCheck>(ownHosts);
    m_notificationRoutes = std::make_unique<NotificationRoutes>(*m_notifications, *m_formCheck);
    m_cardRoutes = std::make_unique<CardRoutes>(*m_cards);
    m_inbox = std::make_unique<InboxService>(*m_feed, m_clock);
    m_decisions = std::make_unique<DecisionService>(*m_feed, m_clock);
    // The server's own senders (InternalSender) are told their items' decisions.
    m_decisions->setInternalSenders(m_notifications.get());
    m_inboxRoutes = std::make_unique<InboxRoutes>(*m_inbox, *m_decisions);
    m_services = std::make_unique<ServiceCatalogue>(*m_feed, m_clock, *m_formCheck);
    m_submissions = std::make_unique<SubmissionService>(*m_feed, m_clock, *m_formCheck);
    m_serviceRoutes = std::make_unique<ServiceRoutes>(*m_services, *m_submissions);
    // Card media, served from the server's own host; the cards and services that link to them
    // decide who may fetch them.
    m_mediaRefs = std::make_unique<MediaRefs>(ownHosts.constFirst());
    m_media = std::make_unique<MediaService>(*m_storage, m_clock, *m_mediaRefs);
    m_mediaRoutes = std::make_unique<MediaRoutes>(*m_media);
    m_cards->setWriteHook(
        [refs = m_mediaRefs.get(), clock = &m_clock](QSqlDatabase &db, const StoredCard &card) {
            return refs->record(db,
                { MediaRefs::cardKind(), card.id, card.apiKeyId, { objectOf(card.card) },
                    card.audience, card.expiresAt, !card.deleted },
                wiretime::format(clock->now()));
        });
    m_services->setWriteHook([refs = m_mediaRefs.get(), clock = &m_clock](
                                 QSqlDatabase &db, const ServiceRepository::Stored &service) {
        return refs->record(db,
            { MediaRefs::serviceKind(), service.id, service.apiKeyId, { objectOf(service.form) },
                service.audience, {}, !service.withdrawn },
            wiretime::format(clock->now()));
    });
    // A notification's card: its recipients, as resolved when it was sent (the requester never
    // among them). They keep it for the life of the item (a decided or expired item still shows
    // its card).
    m_notifications->setWriteHook(
        [refs = m_mediaRefs.get(), clock = &m_clock](QSqlDatabase &db, const QString &id,
            const QString &apiKeyId, const NewNotification &notification,
            const QStringList &people) {
            return refs->recordForPeople(db, MediaRefs::notificationKind(), id, apiKeyId,
                notification.card.toObject(), people, wiretime::format(clock->now()));
        });
    // A submission's result card: for the person who submitted, for the submission's life.
    m_submissions->setWriteHook([refs = m_mediaRefs.get(), clock = &m_clock](QSqlDatabase &db,
                                    const SubmissionRepository::Stored &submission) {
        return refs->recordForPeople(db, MediaRefs::submissionKind(), submission.id,
            submission.apiKeyId, objectOf(submission.resultCard), { submission.userId },
            wiretime::format(clock->now()));
    });
    m_passes = std::make_unique<PassService>(
        *m_storage, m_clock, *m_seal, m_config.scanRecordRetentionDays);
    m_apiKeys = std::make_unique<ApiKeyService>(*m_storage, m_clock, *m_seal);
    // A revoked key's cards, services and news posts are taken down, so that people's apps
    // drop them.
    m_apiKeys->setRevocationListener([this](const QString &apiKeyId) {
        const bool cards = m_cards->removeAllOfKey(apiKeyId);
        const bool news = m_news->service().removeAllOfKey(apiKeyId);
        const bool events = m_events->service().takeDownAllOfKey(apiKeyId);
        const bool surveys = m_surveys->service().removeAllOfKey(apiKeyId);
        if (!m_services->withdrawAllOfKey(apiKeyId) || !cards || !news || !events || !surveys)
            qCWarning(lcServer) << "could not take down every card and service of the revoked key"
                                << apiKeyId;
    });
    if (!m_passes->ensureDefaults(error))
        return false;

    // News: its change kind, media hook and scheduled job (news/newsfeature.h).
    m_news =
        std::make_unique<NewsFeature>(*m_storage, *m_feed, m_clock, *m_mediaRefs, *m_formCheck);
    // Surveys: its change kind, routes and scheduled job (surveys/surveysfeature.h).
    m_surveys = std::make_unique<SurveysFeature>(*m_storage, *m_feed, m_clock, *m_formCheck);
    m_routes = std::make_unique<RouteTable>();
    addSystemRoutes(*m_routes, *m_storage, &m_drain);
    m_routes->setDrainState(&m_drain);
    m_routes->setDatabaseProbe([storage = m_storage.get()] { return storage->ping(); });
    m_identity->addRoutes(*m_routes);
    m_adminUserRoutes->addRoutes(*m_routes);
    m_peopleSyncRoutes->addRoutes(*m_routes);
    m_notificationRoutes->addRoutes(*m_routes);
    m_eventRoutes->addRoutes(*m_routes);
    m_cardRoutes->addRoutes(*m_routes);
    m_inboxRoutes->addRoutes(*m_routes);
    m_serviceRoutes->addRoutes(*m_routes);
    m_mediaRoutes->addRoutes(*m_routes);
    m_news->addRoutes(*m_routes);
    m_events = std::make_unique<EventsFeature>(
        *m_storage, *m_feed, m_clock, *m_formCheck, *m_notifications, *m_routes);
    m_surveys->addRoutes(*m_routes);
    // Analytics: routes and the raw events' retention job (analytics/analyticsfeature.h).
    m_analytics =
        std::make_unique<AnalyticsFeature>(*m_storage, m_clock, m_config.analyticsDefault);
    m_analytics->addRoutes(*m_routes);
    // Attestations: the form, the daily answer and its retention job (attest/attestfeature.h).
    m_attest = std::make_unique<AttestFeature>(*m_storage, m_clock, *m_formCheck, *m_routes);
    // Push: /v1/me/push, the queue each new inbox item feeds, its sender and transports.
    m_push = PushFeature::create(*m_storage, m_clock, *m_routes,
        { m_config.vapidKeyFile, m_config.vapidSubject, m_config.demo,
            m_config.fcmServiceAccountFile, m_config.fcmEndpoint, m_config.apns },
        error);
    if (!m_push)
        return false;
    m_notifications->setRecipientsHook(
        [push = m_push.get()](QSqlDatabase &db, const QString &id, const QString &,
            const NewNotification &notification, const QStringList &people) {
            return push->enqueue(db, id, notification.title, notification.actions,
                notification.actionable || notification.priority == u"high", people);
        });
    m_passes->addRoutes(*m_routes);
    m_apiKeys->addRoutes(*m_routes);
    // Health records: the person's doses, the medical role's decisions, reports of counts.
    m_health = std::make_unique<HealthService>(*m_storage, *m_feed, m_clock, *m_seal);
    // A new record is an actionable item for the medical role; its decision is the record's.
    m_medicalInbox = std::make_unique<InternalSender>(*m_notifications, QStringLiteral("medical"),
        [health = m_health.get()](
            ChangeTransaction &transaction, const InternalDecision &decision) {
            return health->decideFromInbox(transaction, decision);
        });
    m_health->setInbox(m_medicalInbox.get());
    m_health->setHc1IssuerKeys(m_config.hc1IssuerKeys);
    m_healthRoutes = std::make_unique<HealthRoutes>(*m_health);
    m_healthRoutes->addRoutes(*m_routes);
    // People's data: every feature's declaration (app/personaldataregistry.cpp) and the export.
    m_personalData = std::make_unique<PersonalData>();
    registerPersonalData(*m_personalData);
    m_privacyRoutes = std::make_unique<PrivacyRoutes>(*m_storage, m_clock, *m_personalData,
        [this] { return !m_accessLog || m_accessLog->flush(); });
    m_privacyRoutes->addRoutes(*m_routes);
    m_privacyRequests = std::make_unique<PrivacyRequests>(*m_feed, m_clock, *m_notifications,
        *m_personalData, [this] { return !m_accessLog || m_accessLog->flush(); });
    m_privacyRequestRoutes =
        std::make_unique<PrivacyRequestRoutes>(*m_privacyRequests, *m_storage, m_hasher);
    m_privacyRequestRoutes->addRoutes(*m_routes);
    m_routes->setAuthenticator([this](const QByteArray &token) { return authenticate(token); });
    m_routes->setClock([clock = &m_clock] { return clock->now(); });
    m_routes->setApiKeyRateLimiter(std::make_shared<RateLimiter>(
        m_config.http.apiKeyRequestsPerSecond, m_config.http.apiKeyBurst));
    m_accessLog = std::make_unique<AccessLog>(*m_storage, m_clock, m_config.accessLogFlushInterval);
    m_accessLog->start();
    m_routes->setAccessLogger(
        [log = m_accessLog.get()](const AccessLogEntry &entry) { log->record(entry); });

    // Bounded: blocking work (LDAP up to 15 s, Argon2id) waits in the queue rather than piling
    // up threads. Threads never expire: each keeps its own database connection.
    m_pool = std::make_unique<QThreadPool>();
    m_pool->setMaxThreadCount(std::max(4, QThread::idealThreadCount() * 4));
    m_pool->setExpiryTimeout(-1);

    m_webhooks = std::make_unique<WebhookDispatcher>(
        *m_storage, m_clock, *m_seal, m_pool.get(), m_config.webhookTimeout);
    // A dead letter is an event of the sub-system's feed, in the transaction that makes it.
    m_webhooks->setDeadLetterHook(
        [](QSqlDatabase &db, const WebhookDispatcher::DeadLetter &letter) {
            return EventLog::recordDeliveryFailed(db, letter.apiKeyId, letter.notificationId,
                letter.deliveryId, letter.at, letter.lastError, letter.submissionId);
        });
    m_deliveryRoutes = std::make_unique<DeliveryRoutes>(*m_storage, m_clock, *m_seal, *m_webhooks);
    m_deliveryRoutes->addRoutes(*m_routes);
    m_stream = std::make_unique<StreamHub>(
        m_clock, [this](const QByteArray &token) { return authenticate(token); },
        [log = m_accessLog.get()](const AccessLogEntry &entry) { log->record(entry); },
        m_pool.get());
    m_stream->addRoute(*m_routes);
    m_stream->setCarrier(NotificationService::changeKind(), m_inbox->streamCarrier());
    m_feed->addListener( // this node's commits, on the thread that made each
        [hub = m_stream.get()](const QString &kind, const QHash<QString, qint64> &cursors) {
            hub->committed(kind, cursors);
        });
    if (m_storage->kind() == Storage::Kind::Postgresql) {
        // The other nodes' commits, heard through PostgreSQL (feed/feedlistener.h).
        m_feedListener = std::make_unique<FeedListener>(
            *m_feed,
            [hub = m_stream.get()](const QString &kind, const QHash<QString, qint64> &cursors) {
                hub->changed(kind, cursors);
            },
            [hub = m_stream.get()](
                const QString &kind, qint64 cursor) { hub->changedForAll(kind, cursor); });
        m_feedListener->setSessionsEndedListener(
            [hub = m_stream.get()](const QString &userId, const QString &deviceId) {
                hub->endSessions(userId, deviceId); // ended on another node
            });
        m_feedListener->start();
    }
    m_decisions->setDeliveryListener([webhooks = m_webhooks.get()] { webhooks->kick(); });
    m_notifications->setDeliveryListener([webhooks = m_webhooks.get()] { webhooks->kick(); });
    m_feed->addListener([push = m_push.get()](const QString &kind, const QHash<QString, qint64> &) {
        if (kind == NotificationService::changeKind())
            push->kick(); // a new item's pushes were queued with it
    });
    m_submissions->setDeliveryListener([webhooks = m_webhooks.get()] { webhooks->kick(); });
    m_surveys->addWebhooks(*m_webhooks);
    m_webhooks->setAnswerHook([submissions = m_submissions.get()](const QString &apiKeyId,
                                  const QString &id, const QByteArray &answer, bool tooLarge) {
        submissions->takeWebhookAnswer(apiKeyId, id, answer, tooLarge);
    });
    const SessionsEnded sessionsEnded = [hub = m_stream.get(), push = m_push.get(),
                                            feed = m_feed.get()](
                                            const QString &userId, const QString &deviceId) {
        hub->endSessions(userId, deviceId);
        FeedListener::announceSessionsEnded(*feed, userId, deviceId); // the other nodes' streams
        push->sessionsEnded(userId, deviceId); // a device signed out gets no more pushes
    };
    m_identity->setSessionsEndedListener(sessionsEnded);
    m_privacyRequests->setSessionsEnded(
        [sessionsEnded](const QString &userId) { sessionsEnded(userId, QString()); });
    m_adminUserRoutes->setSessionsEndedListener(sessionsEnded);
    m_peopleSync->setSessionsEndedListener(sessionsEnded);
    const auto audienceChanged = [feed = m_feed.get()](const QStringList &ids) {
        if (!DeltaReset::record(*feed, ids))
            qCWarning(lcServer) << "the resync of" << ids.size() << "people was not recorded";
    };
    m_peopleSync->setAudienceChangedListener(audienceChanged);
    m_adminUserRoutes->setAudienceChangedListener(audienceChanged);

    startScheduledWork();

    return listen(error);
}

std::optional<Principal> ApiServer::authenticate(const QByteArray &token) const
{
    if (token.size() > maxTokenLength)
        return std::nullopt;
    if (ApiKeyAuthenticator::isApiKey(token))
        return m_apiKeyAuthenticator->authenticate(token);
    return m_identity->authenticate(token);
}

QString ApiServer::demoAccountsFile() const
{
    return m_demoAccountsFile;
}

} // namespace tessera::server
