#include "services/healthfeature.h"

#include "health/healthrecordsmodel.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> HealthFeature::create(ClientStack &stack)
{
    return std::make_unique<HealthFeature>(stack);
}

HealthFeature::HealthFeature(ClientStack &stack)
    : m_records(std::make_unique<HealthRecordsModel>(stack.api(), stack.scope()))
{ }

HealthFeature::~HealthFeature() = default;

QList<QObject *> HealthFeature::parts() const
{
    return { m_records.get() };
}

} // namespace tessera
