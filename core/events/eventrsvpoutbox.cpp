#include "events/eventrsvpoutbox.h"

#include "base/futurewatch.h"
#include "events/eventstore.h"
#include "events/internal/eventslogging.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "storage/database.h"

#include <QUrl>

#include <cmath>
#include <memory>

namespace tessera {

EventRsvpOutbox::EventRsvpOutbox(
    AuthorizedApi &api, SessionScope &scope, EventStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventRsvpOutbox::sendDue);
    connect(&m_store, &EventStore::rsvpQueued, this, &EventRsvpOutbox::sendDue);
    // The database came (sign-in) or went; the services may run.
    connect(&m_store, &EventStore::changed, this, [this]() {
        if (!m_sending && !m_timer.isActive())
            sendDue();
    });
    connect(&m_scope, &SessionScope::started, this, &EventRsvpOutbox::sendNow);
    connect(&m_scope, &SessionScope::databaseChanged, this, [this]() {
        m_timer.stop();
        sendDue();
    });
    // What an earlier run left: on its way as soon as the event loop runs.
    QTimer::singleShot(0, this, &EventRsvpOutbox::sendDue);
}

EventRsvpOutbox::~EventRsvpOutbox() = default;

void EventRsvpOutbox::setRetryDelays(
    std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_retry.setDelays(first, last);
}

void EventRsvpOutbox::sendNow()
{
    m_store.makeRsvpsDue();
    sendDue();
}

void EventRsvpOutbox::sendDue()
{
    if (m_sending || !m_store.hasDatabase() || !m_scope.isStarted())
        return; // a running attempt looks for the next one when it ends
    const QList<RsvpEntry> due = m_store.dueRsvps(QDateTime::currentDateTimeUtc());
    if (!due.isEmpty()) {
        send(due.constFirst());
        return;
    }
    OutboxRetry::wakeAt(m_timer, m_store.nextRsvpAttempt());
}

void EventRsvpOutbox::send(const RsvpEntry &entry)
{
    m_sending = true;
    m_timer.stop();
    qCDebug(lcEvents) << "sending the answer for" << entry.eventId << "attempt"
                      << entry.attempts + 1;
    // The session's database when sent: an answer that comes after a sign-out (or another
    // person's sign-in) belongs to nothing here.
    const std::weak_ptr<Database> database = m_scope.database();
    whenFinished(this,
        m_api.put(QStringLiteral("/v1/events/%1/rsvp")
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(entry.eventId))),
            QJsonObject { { QStringLiteral("answer"), entry.answer } },
            entry.idempotencyKey.toLatin1()),
        [this, entry, database](const ApiReply &reply) {
            const std::shared_ptr<Database> now = m_scope.database();
            const bool current = m_store.hasDatabase() && now && now == database.lock();
            // A replayed answer is the server's first one to this key (its reply was lost on
            // the way): the event may have moved on since (a move up from the waiting list), so
            // its answer now is read instead of taking the old one.
            if (current && reply.replayed
                && OutboxRetry::classify(reply) == OutboxRetry::Verdict::Done) {
                readAgain(entry, database);
                return;
            }
            m_sending = false;
            if (current)
                handleAnswer(entry, reply);
            sendDue();
        });
}

void EventRsvpOutbox::readAgain(const RsvpEntry &entry, const std::weak_ptr<Database> &database)
{
    whenFinished(this,
        m_api.get(QStringLiteral("/v1/events/%1")
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(entry.eventId)))),
        [this, entry, database](const ApiReply &reply) {
            m_sending = false;
            const std::shared_ptr<Database> now = m_scope.database();
            if (!m_store.hasDatabase() || !now || now != database.lock()) {
                sendDue();
                return;
            }
            QString why;
            const std::optional<EventItem> event =
                reply.ok() ? EventItem::fromJson(reply.body, &why) : std::nullopt;
            if (event && event->id == entry.eventId && EventItem::isAnswer(event->myAnswer)) {
                m_store.rsvpAnswered(entry, event->myAnswer, event->waitingPlace);
                qCInfo(lcEvents) << "answer sent for" << entry.eventId << "(replayed, read again)";
                Q_EMIT rsvpAnswered(entry.eventId, event->myAnswer, event->waitingPlace);
            } else {
                // Not read: the entry is sent again later (its answer is replayed again).
                const OutboxRetry::Deferral later = m_retry.defer(entry.attempts + 1, reply);
                m_store.rsvpDeferred(entry, later.at);
                qCInfo(lcEvents).noquote()
                    << "answer replayed, event not read:" << why << reply.error.code << "retry in"
                    << later.delay.count() << "ms";
                Q_EMIT rsvpDeferred(entry.eventId, FailureText::describe(reply));
            }
            sendDue();
        });
}

void EventRsvpOutbox::handleAnswer(const RsvpEntry &entry, const ApiReply &reply)
{
    switch (OutboxRetry::classify(reply)) {
    case OutboxRetry::Verdict::Done: {
        const QString answer = reply.body.value(QStringLiteral("answer")).toString();
        const QJsonValue place = reply.body.value(QStringLiteral("waitingPlace"));
        const double number = place.toDouble(0);
        const int waitingPlace =
            place.isDouble() && number >= 1 && number <= 1e9 && number == std::floor(number)
            ? int(number)
            : 0;
        if (!EventItem::isAnswer(answer)
            || reply.body.value(QStringLiteral("id")).toString() != entry.eventId
            || (answer == u"waiting") != (waitingPlace > 0)) {
            // Taken, but not understood: the next sync brings the event with the answer.
            qCWarning(lcEvents) << "an RSVP answer not understood for" << entry.eventId;
            m_store.rsvpAnswered(entry, entry.answer, 0);
            Q_EMIT rsvpAnswered(entry.eventId, entry.answer, 0);
            return;
        }
        m_store.rsvpAnswered(entry, answer, waitingPlace);
        qCInfo(lcEvents) << "answer sent for" << entry.eventId;
        Q_EMIT rsvpAnswered(entry.eventId, answer, waitingPlace);
        return;
    }
    case OutboxRetry::Verdict::Retry: {
        const OutboxRetry::Deferral later = m_retry.defer(entry.attempts + 1, reply);
        m_store.rsvpDeferred(entry, later.at);
        qCInfo(lcEvents).noquote()
            << "answer deferred:" << reply.error.code << "retry in" << later.delay.count() << "ms";
        Q_EMIT rsvpDeferred(entry.eventId, FailureText::describe(reply));
        return;
    }
    case OutboxRetry::Verdict::Final: {
        // The server's own message when it gave one (409 rsvp_closed says when they closed).
        QString reason = reply.error.message;
        const QJsonValue flat = reply.body.value(QStringLiteral("message"));
        if (reason.isEmpty() && flat.isString() && flat.toString().size() <= 2000)
            reason = flat.toString();
        if (reason.trimmed().isEmpty())
            reason = FailureText::describe(reply);
        m_store.rsvpRefused(entry, reason);
        // An ordinary outcome (RSVPs closed, the event gone), not a fault of the app.
        qCInfo(lcEvents).noquote()
            << "answer refused, dropped:" << reply.httpStatus << reply.error.code;
        Q_EMIT rsvpRefused(entry.eventId, reason);
        return;
    }
    }
}

} // namespace tessera
