#include "selfserviceparts.h"

#include "clicontext.h"
#include "identity/session.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/cataloguesync.h"
#include "selfservice/requestsstore.h"
#include "selfservice/requestssync.h"
#include "selfservice/submissionoutbox.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <memory>

namespace tessera::cli {

QFuture<int> withSyncedSelfService(CliContext &context, SelfServiceSync what,
    std::function<void(const SelfServiceParts &, bool synced, std::function<void(int)> deliver)>
        next)
{
    return whenSignedIn(context,
        [&context, what, next = std::move(next)](Session &session, const Deliver &deliver) {
            ClientStack::Options options;
            options.features = ClientStack::Feature::Services;
            options.liveStream = false;
            auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
            SelfServiceParts parts;
            parts.stack = stack;
            parts.catalogue = stack->part<CatalogueStore>();
            parts.catalogueSync = stack->part<CatalogueSync>();
            parts.requests = stack->part<RequestsStore>();
            parts.requestsSync = stack->part<RequestsSync>();
            parts.outbox = stack->part<SubmissionOutbox>();
            if (!parts.catalogue->hasDatabase()) {
                context.printError(QStringLiteral("local_data_unavailable"),
                    QStringLiteral("This device's data cannot be opened."));
                deliver(ExitCode::Failed);
                return;
            }
            DeltaSync *sync = what == SelfServiceSync::Catalogue
                ? static_cast<DeltaSync *>(parts.catalogueSync)
                : static_cast<DeltaSync *>(parts.requestsSync);
            const QString name = what == SelfServiceSync::Catalogue
                ? QStringLiteral("The catalogue")
                : QStringLiteral("My requests");
            auto once = std::make_shared<QMetaObject::Connection>();
            auto failed = std::make_shared<QMetaObject::Connection>();
            const auto finish = [&context, parts, sync, name, once, failed, deliver, next](
                                    bool ok) {
                QObject::disconnect(*once);
                QObject::disconnect(*failed);
                sync->stop(); // one run: no retries after a failure
                if (!ok)
                    context.printError(QStringLiteral("sync_failed"),
                        QStringLiteral("%1 could not be synced (%2); showing what this device "
                                       "has.")
                            .arg(name, sync->error()));
                next(parts, ok, deliver);
            };
            *once = QObject::connect(sync, &DeltaSync::synced, sync, [finish]() { finish(true); });
            *failed =
                QObject::connect(sync, &DeltaSync::syncFailed, sync, [finish]() { finish(false); });
            sync->start();
        });
}

} // namespace tessera::cli
