#pragma once

#include <QFuture>

#include <functional>

namespace tessera {
class CatalogueStore;
class CatalogueSync;
class ClientStack;
class RequestsStore;
class RequestsSync;
class SubmissionOutbox;
} // namespace tessera

namespace tessera::cli {

class CliContext;

// What the self-service commands work with: the restored session's client stack with the
// self-service feature (no live stream; the outbox sends what an earlier run left), owned by
// the session.
struct SelfServiceParts
{
    ClientStack *stack = nullptr;
    CatalogueStore *catalogue = nullptr;
    CatalogueSync *catalogueSync = nullptr;
    RequestsStore *requests = nullptr;
    RequestsSync *requestsSync = nullptr;
    SubmissionOutbox *outbox = nullptr;
};

enum class SelfServiceSync {
    Catalogue,
    Requests,
};

// Restores the session, runs one sync of what (its failure printed) and calls next with whether
// it worked. Without a session: why, and exit 1.
QFuture<int> withSyncedSelfService(CliContext &context, SelfServiceSync what,
    std::function<void(const SelfServiceParts &, bool synced, std::function<void(int)> deliver)>
        next);

} // namespace tessera::cli
