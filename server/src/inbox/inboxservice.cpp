#include "inbox/inboxservice.h"

#include "base/clock.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "inbox/inboxrepository.h"
#include "notifications/inboxitemview.h"
#include "notifications/notificationservice.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

#include <algorithm>

namespace tessera::server {

namespace {

// The events of an item's life, oldest first.
QJsonArray historyOf(const InboxRepository::Record &record, const QString &userId)
{
    QJsonArray history;
    history.append(QJsonObject { { QStringLiteral("event"), QStringLiteral("created") },
        { QStringLiteral("at"), record.createdAt }, { QStringLiteral("by"), record.subsystem },
        { QStringLiteral("via"), QStringLiteral("api") } });
    if (!record.readAt.isEmpty())
        history.append(QJsonObject { { QStringLiteral("event"), QStringLiteral("read") },
            { QStringLiteral("at"), record.readAt }, { QStringLiteral("by"), userId } });
    const QString &state = record.state;
    if (state == QStringLiteral("decided")) {
        QJsonObject decided { { QStringLiteral("event"), QStringLiteral("decided") },
            { QStringLiteral("at"), record.decidedAt }, { QStringLiteral("by"), record.decidedBy },
            { QStringLiteral("byName"), record.decidedByName },
            { QStringLiteral("via"), record.decidedVia },
            { QStringLiteral("action"), record.decidedAction } };
        if (record.comment)
            decided.insert(QStringLiteral("comment"), *record.comment);
        history.append(decided);
    } else if (state == QStringLiteral("withdrawn") || state == QStringLiteral("expired")) {
        history.append(QJsonObject {
            { QStringLiteral("event"), state }, { QStringLiteral("at"), record.endedAt } });
    }
    // "all": each approval that did not decide the item (the one that did is "decided").
    const QJsonArray approvals = record.item.value(QStringLiteral("approval"))
                                     .toObject()
                                     .value(QStringLiteral("approvals"))
                                     .toArray();
    for (const auto &value : approvals) {
        const QJsonObject approval = value.toObject();
        const QString by = approval.value(QStringLiteral("userId")).toString();
        if (approval.value(QStringLiteral("state")).toString() != u"approved"
            || (state == QStringLiteral("decided") && by == record.decidedBy))
            continue;
        history.append(QJsonObject { { QStringLiteral("event"), QStringLiteral("approved") },
            { QStringLiteral("at"), approval.value(QStringLiteral("at")) },
            { QStringLiteral("by"), by },
            { QStringLiteral("byName"), approval.value(QStringLiteral("name")) },
            { QStringLiteral("via"), approval.value(QStringLiteral("via")) },
            { QStringLiteral("action"), QStringLiteral("approve") } });
    }
    QList<QJsonObject> events;
    for (const auto &event : std::as_const(history))
        events.append(event.toObject());
    std::stable_sort(events.begin(), events.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("at")).toString() < b.value(QStringLiteral("at")).toString();
    });
    history = QJsonArray();
    for (const QJsonObject &event : std::as_const(events))
        history.append(event);
    return history;
}

} // namespace

InboxService::InboxService(ChangeFeed &feed, const Clock &clock)
    : m_feed(feed)
    , m_clock(clock)
{ }

InboxPage InboxService::changedSince(const QString &userId, qint64 since, int limit)
{
    QSqlDatabase db = m_feed.storage().connection();
    const auto changed = InboxRepository::changedSince(
        db, userId, since, limit + 1, wiretime::format(m_clock.now()));
    if (!changed)
        return InboxPage {};
    InboxPage page { true, {}, since, false };
    for (const InboxRepository::Changed &item : *changed) {
        if (page.items.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.items.append(item.item);
        page.cursor = item.cursor;
    }
    return page;
}

StreamCarrier InboxService::streamCarrier()
{
    return [this](const QString &userId, qint64 since, int limit) {
        const InboxPage page = changedSince(userId, since, limit);
        return CarriedPage { page.ok, page.items, page.cursor, page.hasMore };
    };
}

ItemResult InboxService::item(const QString &userId, const QString &id)
{
    QSqlDatabase db = m_feed.storage().connection();
    InboxRepository::Record record;
    const Lookup lookup =
        InboxRepository::record(db, userId, id, wiretime::format(m_clock.now()), &record);
    if (lookup != Lookup::Found)
        return ItemResult { lookup, {} };
    QJsonObject item = record.item;
    item.insert(QStringLiteral("history"), historyOf(record, userId));
    return ItemResult { Lookup::Found, item };
}

ItemResult InboxService::markRead(const QString &userId, const QString &id)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return ItemResult {};
    bool read = false;
    const Lookup lookup = InboxRepository::isRead(transaction.db(), userId, id, &read);
    if (lookup != Lookup::Found)
        return ItemResult { lookup, {} };
    if (!read) {
        const std::optional<qint64> cursor =
            transaction.record(Change::of(NotificationService::changeKind(), { userId }));
        if (!cursor
            || !InboxRepository::markRead(
                transaction.db(), userId, id, wiretime::format(m_clock.now()), *cursor))
            return ItemResult {};
    }
    const std::optional<QJsonObject> current =
        InboxItemView::load(transaction.db(), userId, id, wiretime::format(m_clock.now()));
    if (!current || !transaction.commit())
        return ItemResult {};
    return ItemResult { Lookup::Found, *current };
}

} // namespace tessera::server
