#include "events/eventsmodel.h"

#include "events/calendarexport.h"
#include "events/eventsync.h"
#include "events/icalendar.h"

#include <QJsonDocument>
#include <QLocale>

namespace tessera {

namespace {

QString compact(const QJsonObject &object)
{
    return object.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString eventTime(const EventItem &event)
{
    return QStringLiteral("%1 (%2)").arg(
        EventsModel::timeText(event.start, event.end, event.zone()), event.timeZone);
}

QString deviceTime(const EventItem &event)
{
    return EventsModel::timeText(event.start, event.end, QTimeZone::systemTimeZone());
}

} // namespace

EventsModel::EventsModel(EventStore &store, QObject *parent)
    : RowsModel(parent)
    , m_store(store)
{
    connect(&m_store, &EventStore::changed, this, &EventsModel::refresh);
    refresh();
}

EventsModel::~EventsModel() = default;

QString EventsModel::timeText(const QDateTime &start, const QDateTime &end, const QTimeZone &zone)
{
    const QLocale locale;
    const QDateTime from = start.toTimeZone(zone);
    const QDateTime to = end.toTimeZone(zone);
    const QString day = locale.toString(from.date(), QStringLiteral("ddd d MMM yyyy"));
    const QString first = QStringLiteral("%1 %2").arg(day, locale.toString(from.time(), u"HH:mm"));
    const QString last = from.date() == to.date()
        ? locale.toString(to.time(), u"HH:mm")
        : QStringLiteral("%1 %2").arg(locale.toString(to.date(), QStringLiteral("ddd d MMM yyyy")),
            locale.toString(to.time(), u"HH:mm"));
    return QStringLiteral("%1 – %2").arg(first, last);
}

void EventsModel::setSync(EventSync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &EventSync::detailFetched, this, &EventsModel::detailFetched);
        connect(m_sync, &EventSync::detailFailed, this, &EventsModel::detailFailed);
    }
    RowsModel::setSync(m_sync);
}

void EventsModel::setGoingOnly(bool goingOnly)
{
    if (m_goingOnly == goingOnly)
        return;
    m_goingOnly = goingOnly;
    Q_EMIT goingOnlyChanged();
    refresh();
}

QList<StoredEvent> EventsModel::visible(const QDateTime &now) const
{
    QList<StoredEvent> events = m_store.events(now);
    if (m_goingOnly)
        events.removeIf([&now](const StoredEvent &stored) {
            return stored.item.myAnswer != u"going" || stored.item.cancelled
                || stored.item.end <= now;
        });
    return events;
}

void EventsModel::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<StoredEvent> events = visible(now);
    QList<Row> rows;
    rows.reserve(events.size());
    QList<QDateTime> ends;
    ends.reserve(events.size());
    for (const StoredEvent &stored : events) {
        rows.append(Row { stored.item.id, stored, stored.item.rsvpOpenAt(now) });
        ends.append(stored.item.end);
    }
    updateRows(m_rows, std::move(rows));
    ++m_revision;
    Q_EMIT revisionChanged();
    refreshAtSoonest(ends);
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const StoredEvent &stored = m_rows.at(index.row()).stored;
    const EventItem &event = stored.item;
    switch (role) {
    case EventIdRole:
        return event.id;
    case Qt::DisplayRole:
    case TitleRole:
        return event.title;
    case StartRole:
        return event.start;
    case EndRole:
        return event.end;
    case TimeZoneRole:
        return event.timeZone;
    case EventTimeRole:
        return eventTime(event);
    case DeviceTimeRole:
        return deviceTime(event);
    case PlaceRole:
        return event.placeText();
    case OnlineRole:
        return event.isOnline();
    case CancelledRole:
        return event.cancelled;
    case MyAnswerRole:
        return event.myAnswer;
    case RsvpPendingRole:
        return stored.rsvpPending;
    case WaitingPlaceRole:
        return event.waitingPlace;
    case RsvpProblemRole:
        return stored.rsvpProblem;
    case RsvpOpenRole:
        return event.rsvpOpenAt(QDateTime::currentDateTimeUtc());
    case SourceRole:
        return event.source;
    default:
        return {};
    }
}

QHash<int, QByteArray> EventsModel::roleNames() const
{
    return {
        { EventIdRole, "eventId" },
        { TitleRole, "title" },
        { StartRole, "start" },
        { EndRole, "end" },
        { TimeZoneRole, "timeZone" },
        { EventTimeRole, "eventTime" },
        { DeviceTimeRole, "deviceTime" },
        { PlaceRole, "place" },
        { OnlineRole, "online" },
        { CancelledRole, "cancelled" },
        { MyAnswerRole, "myAnswer" },
        { RsvpPendingRole, "rsvpPending" },
        { WaitingPlaceRole, "waitingPlace" },
        { RsvpProblemRole, "rsvpProblem" },
        { RsvpOpenRole, "rsvpOpen" },
        { SourceRole, "source" },
    };
}

QString EventsModel::eventIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

QVariantMap EventsModel::details(const QString &eventId) const
{
    const std::optional<StoredEvent> found = m_store.find(eventId);
    if (!found)
        return {};
    const EventItem &event = found->item;
    return QVariantMap {
        { QStringLiteral("eventId"), event.id },
        { QStringLiteral("title"), event.title },
        { QStringLiteral("description"), event.description },
        { QStringLiteral("descriptionCard"), compact(event.descriptionCard()) },
        { QStringLiteral("eventTime"), eventTime(event) },
        { QStringLiteral("deviceTime"), deviceTime(event) },
        { QStringLiteral("timeZone"), event.timeZone },
        { QStringLiteral("place"), event.placeText() },
        { QStringLiteral("onlineUrl"), event.onlineUrl },
        { QStringLiteral("capacity"), event.capacity },
        { QStringLiteral("cancelled"), event.cancelled },
        { QStringLiteral("myAnswer"), event.myAnswer },
        { QStringLiteral("rsvpPending"), found->rsvpPending },
        { QStringLiteral("waitingPlace"), event.waitingPlace },
        { QStringLiteral("rsvpProblem"), found->rsvpProblem },
        { QStringLiteral("rsvpOpen"), event.rsvpOpenAt(QDateTime::currentDateTimeUtc()) },
        { QStringLiteral("source"), event.source },
        { QStringLiteral("start"), event.start },
        { QStringLiteral("end"), event.end },
    };
}

QString EventsModel::rsvp(const QString &eventId, const QString &answer)
{
    switch (m_store.rsvp(eventId, answer)) {
    case EventStore::RsvpResult::Queued:
        return {};
    case EventStore::RsvpResult::UnknownEvent:
        return tr("This event is not on this device.");
    case EventStore::RsvpResult::Closed:
        return tr("Answers for this event are closed.");
    case EventStore::RsvpResult::InvalidAnswer:
        return tr("The answer is going, maybe or no.");
    case EventStore::RsvpResult::NotStored:
        break;
    }
    return tr("The answer could not be saved on this device.");
}

void EventsModel::fetchDetail(const QString &eventId)
{
    if (m_sync)
        m_sync->fetchDetail(eventId);
}

void EventsModel::setCalendar(CalendarExport *calendar, const QString &serverHost)
{
    m_calendar = calendar;
    m_serverHost = serverHost;
    Q_EMIT calendarChanged();
}

QString EventsModel::addToCalendar(const QString &eventId)
{
    if (!m_calendar)
        return tr("This device has no calendar to add the event to.");
    const std::optional<StoredEvent> found = m_store.find(eventId);
    if (!found)
        return tr("This event is not on this device.");
    return m_calendar->open(found->item.id, ICalendar::write(found->item, m_serverHost));
}

} // namespace tessera
