#pragma once

#include "services/syncedfeature.h"

namespace tessera {

class NewsModel;
class NewsReadOutbox;
class NewsStore;
class NewsSync;

extern template class SyncedFeature<NewsStore, NewsSync, NewsReadOutbox, NewsModel>;

// News: the posts cache in the session's database, its delta sync (woken by the inbox's live
// stream: one stream for every feature), the read outbox (sent when the server is back) and the
// list model.
class NewsFeature final : public SyncedFeature<NewsStore, NewsSync, NewsReadOutbox, NewsModel>
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit NewsFeature(ClientStack &stack);
    ~NewsFeature() override;
};

} // namespace tessera
