#include "watchcommand.h"

#include "clicontext.h"
#include "identity/session.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "inboxoutput.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <QHash>
#include <QPromise>
#include <QSocketNotifier>

#include <chrono>
#include <cstdio>
#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace tessera::cli {

namespace {

#ifdef Q_OS_UNIX
int signalWriteFd = -1;

void onStopSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: the event loop reads the byte.
    [[maybe_unused]] const ssize_t written = ::write(signalWriteFd, &byte, 1);
}
#endif

// Calls stop (on the event loop) at the first SIGINT or SIGTERM. False when it cannot.
bool onStopSignals(QObject *owner, const std::function<void()> &stop)
{
#ifdef Q_OS_UNIX
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return false;
    signalWriteFd = fds[0];
    const int readFd = fds[1];
    auto *notifier = new QSocketNotifier(readFd, QSocketNotifier::Read, owner);
    QObject::connect(notifier, &QSocketNotifier::activated, owner, [notifier, readFd, stop]() {
        char byte = 0;
        [[maybe_unused]] const ssize_t got = ::read(readFd, &byte, 1);
        notifier->setEnabled(false);
        stop();
    });
    struct sigaction action
    {
    };
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0
        && ::sigaction(SIGTERM, &action, nullptr) == 0;
#else
    Q_UNUSED(owner);
    Q_UNUSED(stop);
    return true; // Ctrl+C ends the process the default way
#endif
}

// What makes an item "changed" for a person watching.
QString fingerprint(const InboxItem &item)
{
    return QStringLiteral("%1|%2|%3|%4|%5")
        .arg(item.state, QString::number(item.version),
            item.pending ? item.pendingAction : QString(), item.statusText,
            item.readPending ? QStringLiteral("r") : QString());
}

struct Watch
{
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    QHash<QString, QString> seen; // id -> fingerprint
    bool ready = false; // the first sync has been printed
    bool live = false;
    QString lastError;
};

} // namespace

QFuture<int> runWatch(CliContext &context)
{
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    auto finished = std::make_shared<bool>(false);
    std::function<void(int)> deliver = [promise, finished](int code) {
        if (*finished)
            return;
        *finished = true;
        promise->addResult(code);
        promise->finish();
    };
    if (!onStopSignals(session, [deliver]() { deliver(ExitCode::Success); })) {
        context.printError(
            QStringLiteral("internal_error"), QStringLiteral("Cannot watch for Ctrl+C here."));
        return QtFuture::makeReadyFuture(int(ExitCode::Failed));
    }
    context.afterSession([session]() { session->restore(); },
        [&context, session, deliver]() {
            if (session->state() != Session::State::SignedIn) {
                deliver(reportNoSession(context, *session));
                return 0;
            }
            ClientStack::Options options;
            options.features = ClientStack::Feature::Inbox;
            options.retryDelays =
                ClientStack::RetryDelays { std::chrono::seconds(1), std::chrono::seconds(60) };
            auto *stack = new ClientStack(*session, *context.secretStore(), options, session);
            auto watch = std::make_shared<Watch>();
            watch->store = stack->part<InboxStore>();
            watch->sync = stack->part<InboxSync>();
            if (!watch->store->hasDatabase()) {
                context.printError(QStringLiteral("local_data_unavailable"),
                    QStringLiteral("This device's inbox cannot be opened."));
                deliver(ExitCode::Failed);
                return 0;
            }
            // Every sync, and every change the live stream carried: one line per item that is new
            // or changed since the last one.
            const auto printChanges = [&context, watch]() {
                const QList<InboxItem> items = watch->store->items();
                const bool first = !watch->ready;
                // Oldest first, as things happened.
                for (auto it = items.crbegin(); it != items.crend(); ++it) {
                    const QString print = fingerprint(*it);
                    const auto known = watch->seen.constFind(it->id);
                    const bool isNew = known == watch->seen.cend();
                    if (!isNew && known.value() == print)
                        continue;
                    watch->seen.insert(it->id, print);
                    if (first)
                        continue;
                    QJsonObject json = itemJson(*it);
                    json.insert(QStringLiteral("change"),
                        isNew ? QStringLiteral("new") : QStringLiteral("changed"));
                    context.printResult(json,
                        (isNew ? QStringLiteral("New: ") : QStringLiteral("Changed: "))
                            + itemText(*it));
                }
                if (first) {
                    watch->ready = true;
                    context.printResult(
                        QJsonObject { { QStringLiteral("event"), QStringLiteral("synced") },
                            { QStringLiteral("items"), int(items.size()) } },
                        QStringLiteral("%1 item(s) in the inbox; watching for changes (Ctrl+C "
                                       "to stop).")
                            .arg(items.size()));
                }
                watch->lastError.clear();
            };
            QObject::connect(watch->sync, &InboxSync::synced, watch->sync, printChanges);
            QObject::connect(
                watch->sync, &InboxSync::carriedApplied, watch->sync, [watch, printChanges] {
                    if (watch->ready) // before the first sync, nothing is printed as a change
                        printChanges();
                });
            QObject::connect(watch->sync, &InboxSync::syncFailed, watch->sync, [&context, watch]() {
                const QString error = watch->sync->error();
                if (error == watch->lastError)
                    return; // said once; retried with backoff
                watch->lastError = error;
                context.printError(watch->sync->errorCode().isEmpty()
                        ? QStringLiteral("sync_failed")
                        : watch->sync->errorCode(),
                    QStringLiteral("The inbox could not be synced (%1); trying again.").arg(error));
            });
            QObject::connect(
                watch->sync, &InboxSync::liveChanged, watch->sync, [&context, watch]() {
                    const bool live = watch->sync->isLive();
                    if (live == watch->live)
                        return;
                    watch->live = live;
                    context.printResult(
                        QJsonObject { { QStringLiteral("event"),
                            live ? QStringLiteral("live") : QStringLiteral("offline") } },
                        live ? QStringLiteral("Live: changes show as they happen.")
                             : QStringLiteral("The live stream closed; reconnecting."));
                });
            // The session ended (signed out elsewhere, refresh token refused): nothing to watch.
            QObject::connect(session, &Session::stateChanged, watch->sync,
                [&context, session, stack, watch, deliver]() {
                    const Session::State state = session->state();
                    if (state != Session::State::SignedOut && state != Session::State::Unavailable)
                        return;
                    stack->stop();
                    deliver(reportNoSession(context, *session));
                });
            stack->start();
            return 0;
        });
    return promise->future();
}

} // namespace tessera::cli
