#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class HomeModel;
class HomeStore;
class HomeSync;

// Home: the cards cache in the session's database, its delta sync (woken by the inbox's live
// stream: one stream for every feature) and the list model.
class HomeFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit HomeFeature(ClientStack &stack);
    ~HomeFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<HomeStore> m_store;
    std::unique_ptr<HomeSync> m_sync;
    std::unique_ptr<HomeModel> m_model;
};

} // namespace tessera
