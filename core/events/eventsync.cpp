#include "events/eventsync.h"

#include "base/futurewatch.h"
#include "events/eventitem.h"
#include "events/eventstore.h"
#include "events/internal/eventslogging.h"
#include "feed/deltapage.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"

#include <QUrl>

#include <cmath>

namespace tessera {

namespace {

bool isCount(const QJsonValue &value)
{
    const double number = value.toDouble(-1);
    return value.isDouble() && number >= 0 && number <= 1e9 && number == std::floor(number);
}

} // namespace

EventSync::EventSync(AuthorizedApi &api, SessionScope &scope, EventStore &store, QObject *parent)
    : DeltaSync(api, scope, store, path(), lcEvents, parent)
    , m_api(api)
    , m_scope(scope)
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
    const DeltaPageSpec spec {
        .name = QStringLiteral("events"),
        .key = QStringLiteral("events"),
        .maxIdLength = EventItem::maxIdLength,
        .log = lcEvents,
        .malformed = malformedPage(),
        .tooLong = QStringLiteral("the page of events is too long"),
        .badRemovedId = QStringLiteral("a removed event's id is not valid"),
        .notStored = QStringLiteral("Events could not be stored on this device"),
        .skipping = QStringLiteral("skipping an event:"),
    };
    return applyDeltaPage<EventItem>(page, cursor, spec, m_store, problem);
}

void EventSync::fetchDetail(const QString &eventId)
{
    whenFinished(this,
        m_api.get(QStringLiteral("/v1/events/%1")
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(eventId)))),
        [this, eventId](const ApiReply &reply) {
            if (!reply.ok()) {
                Q_EMIT detailFailed(eventId, FailureText::describe(reply));
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
