#include "homecommand.h"

#include "base/printtext.h"
#include "clicontext.h"
#include "home/homecard.h"
#include "home/homestore.h"
#include "home/homesync.h"
#include "identity/session.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <cstdio>
#include <memory>
#include <utility>

namespace tessera::cli {

namespace {

QString cardText(const HomeCard &card)
{
    QStringList lines { card.title().isEmpty() ? QStringLiteral("(untitled card)") : card.title() };
    if (!card.summary().isEmpty())
        lines << QStringLiteral("    ") + card.summary();
    lines << QStringLiteral("    from %1 · %2").arg(card.source, card.id);
    return lines.join(QLatin1Char('\n'));
}

void list(CliContext &context, const HomeStore &store)
{
    const QList<HomeCard> cards = store.cards();
    for (const HomeCard &card : cards)
        context.printResult(card.toJson(), cardText(card));
    if (cards.isEmpty() && !context.json())
        printText(stdout, "Home has no cards.\n");
}

} // namespace

QFuture<int> runHome(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        ClientStack::Options options;
        options.features = ClientStack::Feature::Home;
        options.liveStream = false;
        auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
        HomeStore *store = stack->part<HomeStore>();
        HomeSync *sync = stack->part<HomeSync>();
        if (!store->hasDatabase()) {
            context.printError(QStringLiteral("local_data_unavailable"),
                QStringLiteral("This device's Home cards cannot be opened."));
            deliver(ExitCode::Failed);
            return;
        }
        auto done = std::make_shared<bool>(false);
        QObject::connect(sync, &HomeSync::synced, sync, [&context, store, deliver, done]() {
            if (std::exchange(*done, true))
                return;
            list(context, *store);
            deliver(ExitCode::Success);
        });
        QObject::connect(
            sync, &HomeSync::syncFailed, sync, [&context, store, sync, deliver, done]() {
                if (std::exchange(*done, true))
                    return;
                context.printError(
                    sync->errorCode().isEmpty() ? QStringLiteral("sync_failed") : sync->errorCode(),
                    QStringLiteral("Home could not be synced (%1); showing what this device has.")
                        .arg(sync->error()));
                list(context, *store);
                deliver(ExitCode::Failed);
            });
        sync->syncNow();
        if (!sync->isLoading() && !std::exchange(*done, true)) {
            context.printError(QStringLiteral("sync_failed"),
                QStringLiteral("Home cannot be synced now; showing what this device has."));
            list(context, *store);
            deliver(ExitCode::Failed);
        }
    });
}

} // namespace tessera::cli
