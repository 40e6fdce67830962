#include "newscommand.h"

#include "base/printtext.h"
#include "cards/cardmarkdown.h"
#include "clicontext.h"
#include "identity/session.h"
#include "news/newspost.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"
#include "protocol/wiretime.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

namespace tessera::cli {

namespace {

QString headline(const NewsPost &post)
{
    QStringList marks;
    if (post.pinned)
        marks << QStringLiteral("pinned");
    if (!post.read)
        marks << QStringLiteral("unread");
    QString line = post.title;
    if (!marks.isEmpty())
        line += QStringLiteral(" [%1]").arg(marks.join(QStringLiteral(", ")));
    return line;
}

QString listText(const NewsPost &post)
{
    QStringList lines { headline(post) };
    if (!post.summary.isEmpty())
        lines << QStringLiteral("    ") + post.summary;
    QStringList facts;
    if (!post.category.isEmpty())
        facts << post.category;
    facts << wiretime::format(post.publishedAt) << post.id;
    lines << QStringLiteral("    ") + facts.join(QStringLiteral(" · "));
    return lines.join(QLatin1Char('\n'));
}

// The body's markdown as plain text: one line a block, list marks kept, links listed after it.
QString bodyText(const QString &body)
{
    QStringList links;
    const QList<cards::MarkdownBlock> blocks = cards::CardMarkdown::parse(body, links);
    QStringList lines;
    for (const cards::MarkdownBlock &block : blocks) {
        QString prefix;
        if (block.kind == cards::MarkdownBlock::Kind::Bullet)
            prefix = QStringLiteral("  • ");
        else if (block.kind == cards::MarkdownBlock::Kind::Numbered)
            prefix = QStringLiteral("  %1. ").arg(block.number);
        lines << prefix + block.plainText();
    }
    for (qsizetype i = 0; i < links.size(); ++i)
        lines << QStringLiteral("[%1] %2").arg(i + 1).arg(links.at(i));
    return lines.join(QLatin1Char('\n'));
}

QString postText(const NewsPost &post)
{
    QStringList lines { post.title };
    QStringList facts;
    if (!post.category.isEmpty())
        facts << post.category;
    facts << wiretime::format(post.publishedAt);
    if (post.pinned)
        facts << QStringLiteral("pinned");
    lines << facts.join(QStringLiteral(" · "));
    if (!post.summary.isEmpty())
        lines << QString() << post.summary;
    if (!post.body.trimmed().isEmpty())
        lines << QString() << bodyText(post.body);
    if (post.hasCard())
        lines << QString() << QStringLiteral("(this post has a card: open it in the app)");
    if (!post.source.isEmpty())
        lines << QString() << QStringLiteral("From %1 · %2").arg(post.source, post.id);
    return lines.join(QLatin1Char('\n'));
}

void list(CliContext &context, const NewsStore &store)
{
    const QList<NewsPost> posts = store.posts();
    for (const NewsPost &post : posts)
        context.printResult(post.toJson(), listText(post));
    if (posts.isEmpty() && !context.json())
        printText(stdout, "There is no news.\n");
}

// Builds the news feature for session and syncs it once; then(store, outbox, synced) runs when
// the sync ends (synced false: it failed, the error printed, the cache still there).
void syncNews(CliContext &context, Session &session, const Deliver &deliver,
    const std::function<void(NewsStore &, NewsReadOutbox &, bool)> &then)
{
    ClientStack::Options options;
    options.features = ClientStack::Feature::News;
    options.liveStream = false;
    auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
    NewsStore *store = stack->part<NewsStore>();
    NewsSync *sync = stack->part<NewsSync>();
    NewsReadOutbox *outbox = stack->part<NewsReadOutbox>();
    if (!store->hasDatabase()) {
        context.printError(QStringLiteral("local_data_unavailable"),
            QStringLiteral("This device's news cannot be opened."));
        deliver(ExitCode::Failed);
        return;
    }
    auto done = std::make_shared<bool>(false);
    QObject::connect(sync, &NewsSync::synced, sync, [store, outbox, done, then]() {
        if (!std::exchange(*done, true))
            then(*store, *outbox, true);
    });
    QObject::connect(
        sync, &NewsSync::syncFailed, sync, [&context, store, outbox, sync, done, then]() {
            if (std::exchange(*done, true))
                return;
            context.printError(
                sync->errorCode().isEmpty() ? QStringLiteral("sync_failed") : sync->errorCode(),
                QStringLiteral("The news could not be synced (%1); showing what this device has.")
                    .arg(sync->error()));
            then(*store, *outbox, false);
        });
    sync->syncNow();
    if (!sync->isLoading() && !std::exchange(*done, true)) {
        context.printError(QStringLiteral("sync_failed"),
            QStringLiteral("The news cannot be synced now; showing what this device has."));
        then(*store, *outbox, false);
    }
}

} // namespace

QFuture<int> runNews(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        syncNews(context, session, deliver,
            [&context, deliver](NewsStore &store, NewsReadOutbox &, bool synced) {
                list(context, store);
                deliver(synced ? ExitCode::Success : ExitCode::Failed);
            });
    });
}

QFuture<int> runNewsRead(CliContext &context)
{
    const QString id = context.arguments().value(0);
    return whenSignedIn(context, [&context, id](Session &session, const Deliver &deliver) {
        syncNews(context, session, deliver,
            [&context, deliver, id](NewsStore &store, NewsReadOutbox &outbox, bool) {
                std::optional<NewsPost> post = store.post(id);
                if (!post) {
                    context.printError(QStringLiteral("not_found"),
                        QStringLiteral("There is no post “%1” in your news.").arg(id));
                    deliver(ExitCode::Failed);
                    return;
                }
                const auto print = [&context, deliver, &store, id](int code) {
                    const std::optional<NewsPost> now = store.post(id);
                    if (now)
                        context.printResult(now->toJson(), postText(*now));
                    deliver(code);
                };
                if (post->read) {
                    print(ExitCode::Success);
                    return;
                }
                // The mark is stored here first; then it waits for its batch's answer.
                auto done = std::make_shared<bool>(false);
                QObject::connect(&outbox, &NewsReadOutbox::batchSent, &outbox,
                    [print, done, id](const QStringList &read, const QStringList &ignored) {
                        if ((read.contains(id) || ignored.contains(id))
                            && !std::exchange(*done, true))
                            print(ExitCode::Success);
                    });
                const auto failed = [&context, print, done](const QString &reason) {
                    if (std::exchange(*done, true))
                        return;
                    context.printError(QStringLiteral("read_not_sent"),
                        QStringLiteral("Marked read on this device; the server has not taken it "
                                       "yet (%1).")
                            .arg(reason));
                    print(ExitCode::Failed);
                };
                QObject::connect(&outbox, &NewsReadOutbox::batchDeferred, &outbox, failed);
                QObject::connect(&outbox, &NewsReadOutbox::batchDropped, &outbox, failed);
                if (store.markRead({ id }) == 0) {
                    *done = true;
                    context.printError(QStringLiteral("local_data_unavailable"),
                        QStringLiteral("The read mark could not be stored on this device."));
                    deliver(ExitCode::Failed);
                }
            });
    });
}

} // namespace tessera::cli
