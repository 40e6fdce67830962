#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class PushClient;

// The app's own push while it is closed: the PushClient on the inbox's store and sync
// and the stack's secret store. It does nothing until the app hands it a platform channel
// (PushClient::setChannel, after the first frame; none on the desktop).
class PushFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit PushFeature(ClientStack &stack);
    ~PushFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<PushClient> m_client;
};

} // namespace tessera
