#include "services/pushfeature.h"

#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "push/pushclient.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> PushFeature::create(ClientStack &stack)
{
    return std::make_unique<PushFeature>(stack);
}

PushFeature::PushFeature(ClientStack &stack)
    : m_client(std::make_unique<PushClient>(
        stack.session(), stack.secrets(), *stack.part<InboxStore>(), *stack.part<InboxSync>()))
{ }

PushFeature::~PushFeature() = default;

QList<QObject *> PushFeature::parts() const
{
    return { m_client.get() };
}

} // namespace tessera
