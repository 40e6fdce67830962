#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli news: syncs the news feed once (GET /v1/news into the local cache) and lists it as
// the app does, pinned first, then newest first: each post's title, category, time, read mark and
// summary, or with --json one line per post (the wire's NewsPost). When the sync fails it says so,
// lists what this device has and exits 1.
QFuture<int> runNews(CliContext &context);

// tessera-cli news read ID: syncs, marks the post read (on this device at once, then
// POST /v1/news/read) and prints it: title, category, time, summary, the body's text (markdown as
// plain text, its links listed) and source; with --json the post. An unknown post exits 1; a
// read mark the server could not take yet waits on this device and goes with the next command.
QFuture<int> runNewsRead(CliContext &context);

} // namespace tessera::cli
