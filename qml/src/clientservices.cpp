#include "clientservices.h"

#include "decisionoutbox.h"
#include "inboxforeign.h"
#include "inboxhistory.h"
#include "inboxmodel.h"
#include "inboxstore.h"
#include "inboxsync.h"
#include "passforeign.h"
#include "passholder.h"
#include "scannercontroller.h"
#include "scannersync.h"
#include "scanuploader.h"
#include "session.h"

namespace tessera {

ClientServices::ClientServices(Session &session, SecretStore &secrets, QObject *parent)
    : QObject(parent)
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

} // namespace tessera
