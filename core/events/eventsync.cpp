#include "events/eventsync.h"

#include "base/futurewatch.h"
#include "events/eventitem.h"
#include "events/eventstore.h"
#include "events/internal/eventslogging.h"
#include "identity/session.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace tessera {

namespace {

// More than a page may hold (200 events, the contract): the rest of an answer is not trusted.
constexpr qsizetype maxEventsPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

bool isId(const QJsonValue &id)
{
    return id.isString() && !id.toString().isEmpty()
        && id.toString().size() <= EventItem::maxIdLength;
}

bool isCount(const QJsonValue &value)
{
    const double number = value.toDouble(-1);
    return value.isDouble() && number >= 0 && number <= 1e9 && number == std::floor(number);
}

} // namespace

EventSync::EventSync(Session &session, EventStore &store, QObject *parent)
    : DeltaSync(session, store, path(), lcEvents, parent)
    , m_session(session)
    , m_store(store)
{ }

EventSync::~EventSync() = default;

void EventSync::attachStream(const StreamClient &stream)
{
    followStream(stream, hintKind());
}

QString EventSync::malformedPage() const
{
    return QStringLiteral("the answer is not a page of events");
}

bool EventSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const QJsonValue eventsValue = page.value(QStringLiteral("events"));
    const QJsonValue removedValue = page.value(QStringLiteral("removed"));
    if (!eventsValue.isArray() || !removedValue.isArray() || !isCursor(cursor)) {
        *problem = malformedPage();
        return false;
    }
    const QJsonArray array = eventsValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (array.size() > maxEventsPerPage || removedArray.size() > maxRemovedPerPage) {
        *problem = QStringLiteral("the page of events is too long");
        return false;
    }
    QStringList removed;
    for (const auto &id : removedArray) {
        if (!isId(id)) {
            *problem = QStringLiteral("a removed event's id is not valid");
            return false;
        }
        removed.append(id.toString());
    }
    QList<EventItem> events;
    events.reserve(array.size());
    for (const auto &value : array) {
        QString why;
        std::optional<EventItem> event = EventItem::fromJson(value.toObject(), &why);
        if (!event) {
            // Skipped, never stored; an older copy of it goes (it changed on the server).
            qCWarning(lcEvents).noquote() << "skipping an event:" << why;
            const QJsonValue id = value.toObject().value(QStringLiteral("id"));
            if (isId(id))
                removed.append(id.toString());
            continue;
        }
        events.append(std::move(*event));
    }
    if (!m_store.applyDelta(events, removed, cursor)) {
        *problem = QStringLiteral("Events could not be stored on this device");
        return false;
    }
    qCDebug(lcEvents) << "events page:" << events.size() << "events," << removed.size()
                      << "removed";
    return true;
}

void EventSync::fetchDetail(const QString &eventId)
{
    whenFinished(this,
        m_session.get(QStringLiteral("/v1/events/%1")
                          .arg(QString::fromLatin1(QUrl::toPercentEncoding(eventId)))),
        [this, eventId](const ApiReply &reply) {
            if (!reply.ok()) {
                Q_EMIT detailFailed(eventId, Session::describeFailure(reply));
                return;
            }
            QString why;
            const std::optional<EventItem> event = EventItem::fromJson(reply.body, &why);
            const QJsonValue going = reply.body.value(QStringLiteral("going"));
            const QJsonValue spots = reply.body.value(QStringLiteral("spotsLeft"));
            if (!event || event->id != eventId || !isCount(going)
                || !(spots.isNull() || isCount(spots))) {
                qCWarning(lcEvents).noquote() << "an event's detail not understood:" << why;
                Q_EMIT detailFailed(eventId, QStringLiteral("The server's answer is not valid."));
                return;
            }
            Q_EMIT detailFetched(eventId, going.toInt(), spots.isNull() ? -1 : spots.toInt());
        });
}

} // namespace tessera
