#include "events/eventspage.h"

#include "audience/audience.h"
#include "audience/audiencehistory.h"
#include "audience/audiencemember.h"
#include "feed/pagebudget.h"

#include <QSet>

#include <algorithm>

namespace tessera::server {

namespace {

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue countOrNull(int count)
{
    return count > 0 ? QJsonValue(count) : QJsonValue();
}

// One change a page may list: an event's own, or the person's answer to it.
struct Entry
{
    qint64 cursor = 0;
    QString eventId;
};

} // namespace

QJsonObject EventsPage::eventJson(const StoredEvent &event, const std::optional<StoredRsvp> &rsvp)
{
    const QJsonValue place = event.hasPlace
        ? QJsonValue(QJsonObject {
            { QStringLiteral("site"), event.site }, { QStringLiteral("room"), event.room } })
        : QJsonValue();
    return QJsonObject {
        { QStringLiteral("id"), event.id },
        { QStringLiteral("title"), event.title },
        { QStringLiteral("description"), event.description },
        { QStringLiteral("start"), event.start },
        { QStringLiteral("end"), event.end },
        { QStringLiteral("timeZone"), event.timeZone },
        { QStringLiteral("place"), place },
        { QStringLiteral("onlineUrl"), nullOr(event.onlineUrl) },
        { QStringLiteral("capacity"), countOrNull(event.capacity) },
        { QStringLiteral("rsvpClosesAt"), event.rsvpClosesAt },
        { QStringLiteral("cancelled"), event.cancelled },
        { QStringLiteral("version"), event.version },
        { QStringLiteral("sequence"), event.version - 1 },
        { QStringLiteral("myAnswer"), rsvp ? QJsonValue(rsvp->answer) : QJsonValue() },
        { QStringLiteral("waitingPlace"), countOrNull(rsvp ? rsvp->waitingPlace : 0) },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), event.source } } },
    };
}

EventsPage EventsPage::read(
    QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize)
{
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    // As news' pages: each list in cursor order and one longer than a page, merged.
    const auto rows = EventsRepository::changedSince(db, since, pageSize + 1, since == 0, now);
    const auto answers = since == 0
        ? std::optional<QList<EventsRepository::RsvpChange>>(QList<EventsRepository::RsvpChange>())
        : EventsRepository::rsvpsSince(db, userId, since, pageSize + 1);
    if (!rows || !answers)
        return {};
    QHash<QString, StoredEvent> events;
    QList<Entry> entries;
    for (const StoredEvent &event : *rows) {
        events.insert(event.id, event);
        entries.append({ event.cursor, event.id });
    }
    QStringList missing;
    for (const EventsRepository::RsvpChange &change : *answers) {
        entries.append({ change.cursor, change.eventId });
        if (!events.contains(change.eventId) && !missing.contains(change.eventId))
            missing.append(change.eventId);
    }
    const auto more = EventsRepository::withIds(db, missing);
    if (!more)
        return {};
    for (const StoredEvent &event : *more)
        events.insert(event.id, event);
    std::sort(entries.begin(), entries.end(),
        [](const Entry &a, const Entry &b) { return a.cursor < b.cursor; });
    const auto mine = EventsRepository::answersAmong(db, userId, events.keys());
    // Whom an event not shown is removed from: a person in an audience it has had.
    const auto histories = since > 0 ? AudienceHistory::load(db, "events", events.keys())
                                     : std::optional(QHash<QString, AudienceHistory>());
    if (!mine || !histories)
        return {};

    EventsPage page { true, {}, {}, since, false };
    PageBudget budget(pageSize);
    QSet<QString> listed;
    for (const Entry &entry : entries) {
        const auto found = events.constFind(entry.eventId);
        if (found == events.cend()) { // never: events stay
            if (!budget.take(0)) {
                page.more = true;
                break;
            }
            page.cursor = std::max(page.cursor, entry.cursor);
            continue;
        }
        const StoredEvent &event = *found;
        const std::optional<Audience> audience = Audience::fromText(event.audience);
        const bool shown = event.isShown(now) && audience && audience->contains(*person);
        QJsonObject json;
        const bool isNew = !listed.contains(event.id);
        if (isNew && shown) {
            const auto rsvp = mine->constFind(event.id);
            json = eventJson(
                event, rsvp != mine->cend() ? std::optional<StoredRsvp>(*rsvp) : std::nullopt);
        }
        const bool isRemoved =
            isNew && !shown && since > 0 && histories->value(event.id).reaches(*person);
        const qsizetype bytes = !json.isEmpty() ? PageBudget::sizeOf(json)
            : isRemoved                         ? PageBudget::sizeOf(event.id)
                                                : 0;
        if (!budget.take(bytes)) {
            page.more = true;
            break;
        }
        page.cursor = std::max(page.cursor, entry.cursor);
        if (!json.isEmpty())
            page.events.append(json);
        else if (isRemoved)
            page.removed.append(event.id);
        if (!json.isEmpty() || isRemoved)
            listed.insert(event.id);
    }
    return page;
}

} // namespace tessera::server
