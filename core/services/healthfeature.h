#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class HealthRecordsModel;

// Health records: the person's vaccination records, read from the server when the page opens
// (nothing cached, nothing synced in the background), a dose and a certificate sent when asked.
class HealthFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit HealthFeature(ClientStack &stack);
    ~HealthFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<HealthRecordsModel> m_records;
};

} // namespace tessera
