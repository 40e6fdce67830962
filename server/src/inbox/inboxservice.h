#pragma once

#include "feed/streamcarry.h"
#include "inbox/inboxresults.h"

#include <QString>

namespace tessera::server {

class ChangeFeed;
class Clock;

// A person's inbox (docs/NOTIFICATIONS.md): the delta since a cursor, one item with its history,
// read marks. A read mark is a change in the feed (kind "inbox"). Blocking; runs on the worker
// pool.
class InboxService
{
public:
    static constexpr int maxPageSize = 500;

    InboxService(ChangeFeed &feed, const Clock &clock);

    // userId's items changed after since, at most limit (1 to maxPageSize).
    InboxPage changedSince(const QString &userId, qint64 since, int limit);
    // The live stream's reader of changed items (StreamHub::setCarrier for kind "inbox"): the
    // same page as changedSince, so a carried item is exactly what GET /v1/inbox would return.
    StreamCarrier streamCarrier();
    // userId's item id with its history (created, read, decided or ended), oldest first.
    ItemResult item(const QString &userId, const QString &id);
    // Marks userId's item id read (once; reading again changes nothing).
    ItemResult markRead(const QString &userId, const QString &id);

private:
    ChangeFeed &m_feed;
    const Clock &m_clock;
};

} // namespace tessera::server
