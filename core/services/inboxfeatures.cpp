#include "services/inboxfeatures.h"

#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> InboxFeature::create(ClientStack &stack)
{
    return std::make_unique<InboxFeature>(stack);
}

InboxFeature::InboxFeature(ClientStack &stack)
    : m_store(std::make_unique<InboxStore>())
    , m_sync(std::make_unique<InboxSync>(stack.api(), stack.scope(), *m_store))
{
    const ClientStack::Options &options = stack.options();
    if (options.retryDelays)
        m_sync->setRetryDelays(options.retryDelays->first, options.retryDelays->last);
    if (!options.liveStream)
        m_sync->setStreamEnabled(false);
}

InboxFeature::~InboxFeature()
{
    m_sync.reset();
    m_store.reset();
}

QList<QObject *> InboxFeature::parts() const
{
    return { m_store.get(), m_sync.get() };
}

void InboxFeature::start()
{
    m_sync->start();
}

void InboxFeature::stop()
{
    m_sync->stop();
}

void InboxFeature::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
}

std::unique_ptr<ClientFeature> DecisionsFeature::create(ClientStack &stack)
{
    return std::make_unique<DecisionsFeature>(stack);
}

DecisionsFeature::DecisionsFeature(ClientStack &stack)
{
    InboxStore *store = stack.part<InboxStore>();
    InboxSync *sync = stack.part<InboxSync>();
    Q_ASSERT(store && sync);
    m_outbox = std::make_unique<DecisionOutbox>(stack.api(), stack.scope(), *store);
    if (const auto &delays = stack.options().retryDelays)
        m_outbox->setRetryDelays(delays->first, delays->last);
    if (InboxModel *model = stack.part<InboxModel>())
        model->setOutbox(m_outbox.get());
    // The server is reachable again, or the live stream is back: what waited goes now.
    DecisionOutbox *outbox = m_outbox.get();
    QObject::connect(sync, &InboxSync::offlineChanged, outbox, [sync, outbox]() {
        if (!sync->isOffline())
            outbox->sendNow();
    });
    QObject::connect(sync, &InboxSync::liveChanged, outbox, [sync, outbox]() {
        if (sync->isLive())
            outbox->sendNow();
    });
}

DecisionsFeature::~DecisionsFeature() = default;

QList<QObject *> DecisionsFeature::parts() const
{
    return { m_outbox.get() };
}

void DecisionsFeature::setForeground(bool foreground)
{
    if (foreground)
        m_outbox->sendNow();
}

std::unique_ptr<ClientFeature> InboxViewFeature::create(ClientStack &stack)
{
    return std::make_unique<InboxViewFeature>(stack);
}

InboxViewFeature::InboxViewFeature(ClientStack &stack)
{
    InboxStore *store = stack.part<InboxStore>();
    Q_ASSERT(store);
    m_model = std::make_unique<InboxModel>(*store);
    m_history = std::make_unique<InboxHistory>(stack.api(), stack.scope());
    m_model->setSync(stack.part<InboxSync>());
    if (DecisionOutbox *outbox = stack.part<DecisionOutbox>())
        m_model->setOutbox(outbox);
}

InboxViewFeature::~InboxViewFeature()
{
    m_history.reset();
    m_model.reset();
}

QList<QObject *> InboxViewFeature::parts() const
{
    return { m_model.get(), m_history.get() };
}

} // namespace tessera
