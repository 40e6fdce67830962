#pragma once

#include <QJsonArray>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::server {

// What a live hint may carry (issue 21.2): the changed objects themselves, as the feature's
// delta page serializes them, so the app applies them without a GET. Only exact: the objects
// are everything the person's delta holds after the cursor this stream was last hinted (since)
// up to the new one, and the whole message fits in maxBytes; otherwise the plain hint
// {"type":kind,"cursor"} goes (and the app delta-syncs, as always).
//
// The message: {"type":kind,"cursor":"C","since":"P","items":[...]} (docs/NOTIFICATIONS.md).
struct CarriedPage
{
    bool ok = false; // false: the read failed
    QJsonArray items;
    qint64 cursor = 0; // where these items bring the person (the last one's cursor)
    bool hasMore = false; // more changes follow these
};

// Reads the person's delta after since, at most limit objects (on the worker pool: blocking).
using StreamCarrier = std::function<CarriedPage(const QString &userId, qint64 since, int limit)>;

namespace streamcarry {

// The most one message with objects may weigh (its UTF-8 bytes).
inline constexpr int maxBytes = 16 * 1024;
// The most objects a carrier is asked for: more would not fit in maxBytes anyway.
inline constexpr int maxItems = 16;
// The most people whose objects the committing thread reads (StreamHub::committed); a change for
// more (a department) goes through the pool as before, so a large commit's answer does not wait.
inline constexpr int maxPeopleReadAtCommit = 4;

// The plain hint.
QString hint(const QString &kind, qint64 cursor);
// The hint carrying page when page is exactly the delta (since, cursor] and fits in maxBytes;
// otherwise the plain hint.
QString message(const QString &kind, qint64 since, qint64 cursor, const CarriedPage &page);

} // namespace streamcarry

} // namespace tessera::server
