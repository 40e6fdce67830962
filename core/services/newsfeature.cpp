#include "services/newsfeature.h"

#include "news/newsmodel.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"

namespace tessera {

template class SyncedFeature<NewsStore, NewsSync, NewsReadOutbox, NewsModel>;

std::unique_ptr<ClientFeature> NewsFeature::create(ClientStack &stack)
{
    return std::make_unique<NewsFeature>(stack);
}

NewsFeature::NewsFeature(ClientStack &stack)
    : SyncedFeature(
        stack, [](NewsStore &store, NewsReadOutbox & /*outbox*/) -> std::unique_ptr<NewsModel> {
            return std::make_unique<NewsModel>(store);
        })
{ }

NewsFeature::~NewsFeature() = default;

} // namespace tessera
