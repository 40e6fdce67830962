#include "services/homefeature.h"

#include "home/homemodel.h"
#include "home/homestore.h"
#include "home/homesync.h"
#include "inbox/inboxsync.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> HomeFeature::create(ClientStack &stack)
{
    return std::make_unique<HomeFeature>(stack);
}

HomeFeature::HomeFeature(ClientStack &stack)
    : m_store(std::make_unique<HomeStore>())
    , m_sync(std::make_unique<HomeSync>(stack.api(), stack.scope(), *m_store))
    , m_model(std::make_unique<HomeModel>(*m_store))
{
    if (const auto &delays = stack.options().retryDelays)
        m_sync->setRetryDelays(delays->first, delays->last);
    // The inbox's stream carries every feature's hints: no second stream.
    if (const InboxSync *inbox = stack.part<InboxSync>())
        m_sync->attachStream(inbox->stream());
    m_model->setSync(m_sync.get());
}

HomeFeature::~HomeFeature()
{
    m_model.reset();
    m_sync.reset();
    m_store.reset();
}

QList<QObject *> HomeFeature::parts() const
{
    return { m_store.get(), m_sync.get(), m_model.get() };
}

void HomeFeature::start()
{
    m_sync->start();
}

void HomeFeature::stop()
{
    m_sync->stop();
}

void HomeFeature::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
}

} // namespace tessera
