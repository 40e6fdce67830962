#include "services/passfeature.h"

#include "pass/passholder.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> PassFeature::create(ClientStack &stack)
{
    return std::make_unique<PassFeature>(stack);
}

PassFeature::PassFeature(ClientStack &stack)
    : m_holder(std::make_unique<PassHolder>(stack.api(), stack.scope(), stack.secrets()))
{ }

PassFeature::~PassFeature() = default;

QList<QObject *> PassFeature::parts() const
{
    return { m_holder.get() };
}

} // namespace tessera
