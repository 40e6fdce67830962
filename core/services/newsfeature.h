#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class NewsModel;
class NewsReadOutbox;
class NewsStore;
class NewsSync;

// News: the posts cache in the session's database, its delta sync (woken by the inbox's live
// stream: one stream for every feature), the read outbox (sent when the server is back) and the
// list model.
class NewsFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit NewsFeature(ClientStack &stack);
    ~NewsFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<NewsStore> m_store;
    std::unique_ptr<NewsSync> m_sync;
    std::unique_ptr<NewsReadOutbox> m_outbox;
    std::unique_ptr<NewsModel> m_model;
};

} // namespace tessera
