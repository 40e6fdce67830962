#include "services/attestfeature.h"

#include "attest/attestoutbox.h"
#include "attest/atteststore.h"
#include "attest/attesttoday.h"
#include "identity/session.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> AttestFeature::create(ClientStack &stack)
{
    return std::make_unique<AttestFeature>(stack);
}

AttestFeature::AttestFeature(ClientStack &stack)
    : m_store(std::make_unique<AttestStore>(stack.scope().database()))
    , m_outbox(std::make_unique<AttestOutbox>(stack.api(), stack.scope(), *m_store))
    , m_today(std::make_unique<AttestToday>(*m_store, *m_outbox))
{
    if (const auto &delays = stack.options().retryDelays)
        m_outbox->setRetryDelays(delays->first, delays->last);
}

AttestFeature::~AttestFeature() = default;

QList<QObject *> AttestFeature::parts() const
{
    return { m_store.get(), m_outbox.get(), m_today.get() };
}

void AttestFeature::start()
{
    m_outbox->sendNow();
}

void AttestFeature::setForeground(bool foreground)
{
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
