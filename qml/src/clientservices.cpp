#include "clientservices.h"

#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "inboxforeign.h"
#include "pass/passholder.h"
#include "passforeign.h"
#include "scanner/scannersync.h"
#include "scanner/scanuploader.h"
#include "scannercontroller.h"

#include <QQuickWindow>

namespace tessera {

ClientServices::ClientServices(Session &session, SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_store(std::make_unique<InboxStore>())
    , m_sync(std::make_unique<InboxSync>(session, *m_store))
    , m_outbox(std::make_unique<DecisionOutbox>(session, *m_store))
    , m_model(std::make_unique<InboxModel>(*m_store))
    , m_history(std::make_unique<InboxHistory>(session))
    , m_pass(std::make_unique<PassHolder>(session, secrets))
    , m_scannerSync(std::make_unique<ScannerSync>(session))
    , m_scanUploader(std::make_unique<ScanUploader>(session))
    , m_scanner(std::make_unique<ScannerController>(session, *m_scannerSync, *m_scanUploader))
{
    m_model->setSync(m_sync.get());
    m_model->setOutbox(m_outbox.get());
    // The server is reachable again, or the live stream is back: what waited goes now.
    connect(m_sync.get(), &InboxSync::offlineChanged, m_outbox.get(), [this]() {
        if (!m_sync->isOffline())
            m_outbox->sendNow();
    });
    connect(m_sync.get(), &InboxSync::liveChanged, m_outbox.get(), [this]() {
        if (m_sync->isLive())
            m_outbox->sendNow();
    });
}

ClientServices::~ClientServices()
{
    if (m_afterAnimating)
        disconnect(m_afterAnimating);
    if (m_frameSwapped)
        disconnect(m_frameSwapped);
    // The model and the outbox hold on to the store and the sync: they go first.
    m_scanner.reset();
    m_scanUploader.reset();
    m_scannerSync.reset();
    m_pass.reset();
    m_history.reset();
    m_model.reset();
    m_outbox.reset();
    m_sync.reset();
}

void ClientServices::publish()
{
    InboxForeign::setInstance(m_model.get());
    InboxHistoryForeign::setInstance(m_history.get());
    PassForeign::setInstance(m_pass.get());
    ScannerControlForeign::setInstance(m_scanner.get());
}

void ClientServices::start()
{
    m_sync->start();
}

void ClientServices::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
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
