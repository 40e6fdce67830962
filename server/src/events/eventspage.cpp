#include "events/eventspage.h"

#include "audience/audiencemember.h"

#include <QHash>

#include <utility>

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
    // A first sync lists what is shown; a delta also the person's own answers since.
    const auto rows = EventsRepository::changedSince(db, since, pageSize + 1, since == 0, now);
    const auto answers = since == 0
        ? std::optional<QList<EventsRepository::RsvpChange>>(QList<EventsRepository::RsvpChange>())
        : EventsRepository::rsvpsSince(db, userId, since, pageSize + 1);
    if (!rows || !answers)
        return {};
    QList<DeltaChange> own;
    own.reserve(answers->size());
    for (const EventsRepository::RsvpChange &change : *answers)
        own.append({ change.cursor, change.eventId });
    QHash<QString, StoredRsvp> mine;
    DeltaFeature<StoredEvent> feature;
    feature.table = "events";
    feature.listKey = QStringLiteral("events");
    feature.withIds = [&db](const QStringList &ids) { return EventsRepository::withIds(db, ids); };
    feature.prepare = [&db, &userId, &mine](const QStringList &ids) {
        auto answersAmong = EventsRepository::answersAmong(db, userId, ids);
        if (answersAmong)
            mine = std::move(*answersAmong);
        return answersAmong.has_value();
    };
    feature.isLive = [&now](const StoredEvent &event) { return event.isShown(now); };
    feature.toJson = [&mine](const StoredEvent &event) {
        const auto rsvp = mine.constFind(event.id);
        return eventJson(
            event, rsvp != mine.cend() ? std::optional<StoredRsvp>(*rsvp) : std::nullopt);
    };
    return { readDeltaPage(db, *person, since, pageSize, *rows, own, feature) };
}

} // namespace tessera::server
