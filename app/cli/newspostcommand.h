#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// The commands of a person with the publisher role, on their own posts
// (/v1/news/posts/{postId}); the server checks every field. A person without the role is told
// "you do not have the publisher role"; a refused post names the field's JSON path and why.

// tessera-cli news post POST_ID --title T [--summary S] [--body B | --body-file F]
// [--category C] [--pinned] (--everyone | --audience-json JSON) [--publish-at RFC3339]
// [--expires-at RFC3339]: publishes (or schedules, or replaces) the post and prints its id,
// version and state.
QFuture<int> runNewsPost(CliContext &context);

// tessera-cli news withdraw POST_ID: withdraws the post from every feed.
QFuture<int> runNewsWithdraw(CliContext &context);

// tessera-cli news stats POST_ID: how many people the post reaches and how many read it.
QFuture<int> runNewsStats(CliContext &context);

} // namespace tessera::cli
