#include "clientservices.h"

#include "analytics/analyticsrecorder.h"
#include "analyticsforeign.h"
#include "attest/attesttoday.h"
#include "attestforeign.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "eventsforeign.h"
#include "health/healthrecordsmodel.h"
#include "healthforeign.h"
#include "home/homemodel.h"
#include "homeforeign.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "inboxforeign.h"
#include "media/mediacache.h"
#include "mediaimages.h"
#include "news/newsmodel.h"
#include "newsforeign.h"
#include "pass/passholder.h"
#include "passforeign.h"
#include "privacy/devicesmodel.h"
#include "privacy/privacyexport.h"
#include "privacy/privacyrequestsmodel.h"
#include "privacyforeign.h"
#include "scanner/scannersync.h"
#include "scanner/scanuploader.h"
#include "scannercontroller.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/selfservice.h"
#include "selfserviceforeign.h"
#include "surveys/surveysmodel.h"
#include "surveysforeign.h"

#include <QQmlEngine>
#include <QQuickAsyncImageProvider>
#include <QQuickWindow>

namespace tessera {

ClientServices::ClientServices(
    Session &session, SecretStore &secrets, const ClientStack::Options &options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_stack(std::make_unique<ClientStack>(session, secrets, options))
    , m_scanner(std::make_unique<ScannerController>(session, scannerSync(), scanUploader()))
    , m_media(
          std::make_unique<MediaCache>(m_stack->api(), m_stack->scope(), session.api().endpoint()))
    , m_mediaImages(std::make_unique<MediaImages>(*m_media))
    , m_privacyExport(std::make_unique<PrivacyExport>(m_stack->api(), m_stack->scope()))
    , m_privacyRequests(std::make_unique<PrivacyRequestsModel>(session))
    , m_devices(std::make_unique<DevicesModel>(m_stack->api(), m_stack->scope()))
{ }

ClientServices::~ClientServices()
{
    if (m_afterAnimating)
        disconnect(m_afterAnimating);
    if (m_frameSwapped)
        disconnect(m_frameSwapped);
    m_devices.reset();
    m_privacyRequests.reset();
    m_privacyExport.reset();
    m_homeEvents.reset();
    m_mediaImages.reset();
    m_media.reset();
    // The controller holds on to the stack's scanner parts: it goes first.
    m_scanner.reset();
    m_stack.reset();
}

InboxStore &ClientServices::inboxStore() const
{
    return *m_stack->part<InboxStore>();
}

InboxSync &ClientServices::inboxSync() const
{
    return *m_stack->part<InboxSync>();
}

DecisionOutbox &ClientServices::decisionOutbox() const
{
    return *m_stack->part<DecisionOutbox>();
}

InboxModel &ClientServices::inboxModel() const
{
    return *m_stack->part<InboxModel>();
}

PassHolder &ClientServices::passHolder() const
{
    return *m_stack->part<PassHolder>();
}

ScannerSync &ClientServices::scannerSync() const
{
    return *m_stack->part<ScannerSync>();
}

ScanUploader &ClientServices::scanUploader() const
{
    return *m_stack->part<ScanUploader>();
}

void ClientServices::publish()
{
    HomeForeign::setInstance(m_stack->part<HomeModel>());
    InboxForeign::setInstance(&inboxModel());
    InboxHistoryForeign::setInstance(m_stack->part<InboxHistory>());
    PassForeign::setInstance(&passHolder());
    ScannerControlForeign::setInstance(m_scanner.get());
    MediaImagesForeign::setInstance(m_mediaImages.get());
    ServicesForeign::setInstance(m_stack->part<SelfService>());
    RequestsForeign::setInstance(m_stack->part<RequestsModel>());
    NewsForeign::setInstance(m_stack->part<NewsModel>());
    SurveysForeign::setInstance(m_stack->part<SurveysModel>());
    EventsForeign::setInstance(m_stack->part<EventsModel>());
    AnalyticsForeign::setInstance(m_stack->part<AnalyticsRecorder>());
    AttestForeign::setInstance(m_stack->part<AttestToday>());
    HealthRecordsForeign::setInstance(m_stack->part<HealthRecordsModel>());
    if (EventStore *events = m_stack->part<EventStore>(); events && !m_homeEvents)
        m_homeEvents = std::make_unique<HomeEventsModel>(*events);
    HomeEventsForeign::setInstance(m_homeEvents.get());
    DataExportForeign::setInstance(m_privacyExport.get());
    PrivacyRequestsForeign::setInstance(m_privacyRequests.get());
    DevicesForeign::setInstance(m_devices.get());
}

void ClientServices::addImageProviders(QQmlEngine &engine)
{
    engine.addImageProvider(MediaImages::providerId(), m_mediaImages->makeProvider());
}

void ClientServices::start()
{
    m_stack->start();
}

void ClientServices::setForeground(bool foreground)
{
    m_stack->setForeground(foreground);
}

void ClientServices::releaseServicesAfterFrame(QQuickWindow *window)
{
    m_frameWindow = window;
    if (!m_deferring) {
        m_deferring = true;
        m_releaseFallback.setSingleShot(true);
        m_releaseFallback.setInterval(releaseFallbackMs);
        connect(&m_releaseFallback, &QTimer::timeout, this, &ClientServices::releaseServices);
        // After the pages' own reactions to the sign-in (QML hears of it first): the frame
        // waited for is the one that shows them.
        connect(&m_session, &Session::stateChanged, this, &ClientServices::waitForFrame);
    }
    waitForFrame();
}

void ClientServices::waitForFrame()
{
    if (!m_session.servicesHeld() || m_session.state() != Session::State::SignedIn)
        return;
    QQuickWindow *window = m_frameWindow.data();
    if (!window) {
        m_session.releaseServices();
        return;
    }
    if (m_frameSwapped)
        return; // already waiting
    m_frameStarted = false;
    m_releasing = false;
    // GUI thread: the next frame's items are polished and its scene is about to be synchronised
    // (the pages made on the sign-in are in it).
    m_afterAnimating = connect(
        window, &QQuickWindow::afterAnimating, this, [this] { m_frameStarted.store(true); });
    // The render thread with the threaded render loop: only atomics here.
    m_frameSwapped = connect(
        window, &QQuickWindow::frameSwapped, this,
        [this] {
            if (!m_frameStarted.load() || m_releasing.exchange(true))
                return;
            QMetaObject::invokeMethod(this, &ClientServices::releaseServices, Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    m_releaseFallback.start();
    window->update();
}

void ClientServices::releaseServices()
{
    m_releaseFallback.stop();
    if (m_afterAnimating)
        disconnect(m_afterAnimating);
    if (m_frameSwapped)
        disconnect(m_frameSwapped);
    m_afterAnimating = {};
    m_frameSwapped = {};
    m_session.releaseServices();
}

} // namespace tessera
