#include "eventscommand.h"

#include "base/printtext.h"
#include "clicontext.h"
#include "events/eventitem.h"
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "events/icalendar.h"
#include "identity/session.h"
#include "net/apiclient.h"
#include "services/clientstack.h"
#include "signedinoutput.h"
#include "subsystemcall.h"
#include "subsystemcommand.h"

#include <QJsonArray>
#include <QSaveFile>

#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

namespace tessera::cli {

namespace {

QString answerText(const QString &answer, int waitingPlace)
{
    if (answer == u"waiting")
        return QStringLiteral("waiting list, place %1").arg(waitingPlace);
    if (answer == u"no")
        return QStringLiteral("not going");
    return answer;
}

QString listText(const StoredEvent &stored)
{
    const EventItem &event = stored.item;
    QStringList marks;
    if (event.cancelled)
        marks << QStringLiteral("cancelled");
    if (!event.myAnswer.isEmpty())
        marks << answerText(event.myAnswer, event.waitingPlace)
                + (stored.rsvpPending ? QStringLiteral(" (not sent yet)") : QString());
    QString headline = event.title;
    if (!marks.isEmpty())
        headline += QStringLiteral(" [%1]").arg(marks.join(QStringLiteral(", ")));
    QStringList lines { headline };
    lines << QStringLiteral("    %1 (%2)")
                 .arg(EventsModel::timeText(event.start, event.end, event.zone()), event.timeZone);
    if (event.zone() != QTimeZone::systemTimeZone())
        lines << QStringLiteral("    %1 here")
                     .arg(EventsModel::timeText(
                         event.start, event.end, QTimeZone::systemTimeZone()));
    QStringList facts;
    if (!event.placeText().isEmpty())
        facts << event.placeText();
    if (event.isOnline())
        facts << event.onlineUrl;
    facts << event.id;
    lines << QStringLiteral("    ") + facts.join(QStringLiteral(" · "));
    if (!stored.rsvpProblem.isEmpty())
        lines << QStringLiteral("    Your last answer was refused: ") + stored.rsvpProblem;
    return lines.join(QLatin1Char('\n'));
}

QJsonObject listJson(const StoredEvent &stored)
{
    QJsonObject json = stored.item.toJson();
    json.insert(QStringLiteral("rsvpPending"), stored.rsvpPending);
    if (!stored.rsvpProblem.isEmpty())
        json.insert(QStringLiteral("rsvpProblem"), stored.rsvpProblem);
    return json;
}

using Then = std::function<void(EventStore &, EventRsvpOutbox &, bool)>;

// Builds the events feature for session and syncs it once; then(store, outbox, synced) runs when
// the sync ends (synced false: it failed, the error printed, the cache still there).
void syncEvents(CliContext &context, Session &session, const Deliver &deliver, const Then &then)
{
    ClientStack::Options options;
    options.features = ClientStack::Feature::Events;
    options.liveStream = false;
    auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
    EventStore *store = stack->part<EventStore>();
    EventSync *sync = stack->part<EventSync>();
    EventRsvpOutbox *outbox = stack->part<EventRsvpOutbox>();
    if (!store->hasDatabase()) {
        context.printError(QStringLiteral("local_data_unavailable"),
            QStringLiteral("This device's events cannot be opened."));
        deliver(ExitCode::Failed);
        return;
    }
    auto done = std::make_shared<bool>(false);
    QObject::connect(sync, &EventSync::synced, sync, [store, outbox, done, then]() {
        if (!std::exchange(*done, true))
            then(*store, *outbox, true);
    });
    QObject::connect(
        sync, &EventSync::syncFailed, sync, [&context, store, outbox, sync, done, then]() {
            if (std::exchange(*done, true))
                return;
            context.printError(
                sync->errorCode().isEmpty() ? QStringLiteral("sync_failed") : sync->errorCode(),
                QStringLiteral("The events could not be synced (%1); using what this device has.")
                    .arg(sync->error()));
            then(*store, *outbox, false);
        });
    sync->syncNow();
    if (!sync->isLoading() && !std::exchange(*done, true)) {
        context.printError(QStringLiteral("sync_failed"),
            QStringLiteral("The events cannot be synced now; using what this device has."));
        then(*store, *outbox, false);
    }
}

bool usesSubsystemKey(const CliContext &context)
{
    for (const char *option : { "api-key-file", "key", "since", "limit" })
        if (context.isSet(QLatin1StringView(option)))
            return true;
    return !qEnvironmentVariableIsEmpty("TESSERA_API_KEY");
}

QString attendeesText(const QJsonObject &answer)
{
    const QJsonValue capacity = answer.value(QStringLiteral("capacity"));
    QStringList lines {
        QStringLiteral("%1: %2 going%3, %4 waiting, %5 maybe, %6 not going")
            .arg(answer.value(QStringLiteral("id")).toString())
            .arg(answer.value(QStringLiteral("going")).toInt())
            .arg(capacity.isDouble() ? QStringLiteral(" of %1").arg(capacity.toInt()) : QString())
            .arg(answer.value(QStringLiteral("waiting")).toInt())
            .arg(answer.value(QStringLiteral("maybe")).toInt())
            .arg(answer.value(QStringLiteral("no")).toInt())
    };
    const QJsonArray attendees = answer.value(QStringLiteral("attendees")).toArray();
    for (const auto &value : attendees) {
        const QJsonObject person = value.toObject();
        lines << QStringLiteral("  %1 (%2): %3 · %4")
                     .arg(person.value(QStringLiteral("displayName")).toString(),
                         person.value(QStringLiteral("userId")).toString(),
                         answerText(person.value(QStringLiteral("answer")).toString(),
                             person.value(QStringLiteral("waitingPlace")).toInt()),
                         person.value(QStringLiteral("answeredAt")).toString());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QFuture<int> runEventsOrFeed(CliContext &context)
{
    if (usesSubsystemKey(context))
        return runEvents(context);
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        syncEvents(context, session, deliver,
            [&context, deliver](EventStore &store, EventRsvpOutbox &, bool synced) {
                const QList<StoredEvent> events = store.events();
                for (const StoredEvent &stored : events)
                    context.printResult(listJson(stored), listText(stored));
                if (events.isEmpty() && !context.json())
                    printText(stdout, "There are no events.\n");
                deliver(synced ? ExitCode::Success : ExitCode::Failed);
            });
    });
}

QFuture<int> runRsvp(CliContext &context)
{
    const QString id = context.arguments().value(0);
    const QString answer = context.arguments().value(1);
    if (!EventItem::isRequestAnswer(answer)) {
        printText(stderr, "tessera-cli: usage: rsvp ID going|maybe|no\n");
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return whenSignedIn(context, [&context, id, answer](Session &session, const Deliver &deliver) {
        syncEvents(context, session, deliver,
            [&context, deliver, id, answer](EventStore &store, EventRsvpOutbox &outbox, bool) {
                auto done = std::make_shared<bool>(false);
                const auto print = [&context, &store, id](const QString &text) {
                    const std::optional<StoredEvent> now = store.find(id);
                    context.printResult(now ? listJson(*now) : QJsonObject(), text);
                };
                QObject::connect(&outbox, &EventRsvpOutbox::rsvpAnswered, &outbox,
                    [print, deliver, done, id](
                        const QString &eventId, const QString &taken, int waitingPlace) {
                        if (eventId != id || std::exchange(*done, true))
                            return;
                        print(QStringLiteral("Your answer: %1.")
                                  .arg(answerText(taken, waitingPlace)));
                        deliver(ExitCode::Success);
                    });
                QObject::connect(&outbox, &EventRsvpOutbox::rsvpRefused, &outbox,
                    [&context, deliver, done, id](const QString &eventId, const QString &reason) {
                        if (eventId != id || std::exchange(*done, true))
                            return;
                        context.printError(QStringLiteral("rsvp_refused"), reason);
                        deliver(ExitCode::Failed);
                    });
                QObject::connect(&outbox, &EventRsvpOutbox::rsvpDeferred, &outbox,
                    [&context, deliver, done, id](const QString &eventId, const QString &reason) {
                        if (eventId != id || std::exchange(*done, true))
                            return;
                        context.printError(QStringLiteral("rsvp_not_sent"),
                            QStringLiteral("Your answer is saved on this device; the server has "
                                           "not taken it yet (%1).")
                                .arg(reason));
                        deliver(ExitCode::Failed);
                    });
                const EventStore::RsvpResult result = store.rsvp(id, answer);
                if (result == EventStore::RsvpResult::Queued || std::exchange(*done, true))
                    return;
                const QString why = result == EventStore::RsvpResult::UnknownEvent
                    ? QStringLiteral("There is no event “%1” in your events.").arg(id)
                    : result == EventStore::RsvpResult::Closed
                    ? QStringLiteral("Answers for this event are closed.")
                    : QStringLiteral("The answer could not be stored on this device.");
                context.printError(result == EventStore::RsvpResult::UnknownEvent
                        ? QStringLiteral("not_found")
                        : QStringLiteral("rsvp_refused"),
                    why);
                deliver(ExitCode::Failed);
            });
    });
}

QFuture<int> runEventIcs(CliContext &context)
{
    const QString id = context.arguments().value(0);
    const QString path = context.arguments().value(1);
    return whenSignedIn(context, [&context, id, path](Session &session, const Deliver &deliver) {
        const QString host =
            context.client() ? context.client()->endpoint().baseUrl().host() : QString();
        syncEvents(context, session, deliver,
            [&context, deliver, id, path, host](EventStore &store, EventRsvpOutbox &, bool) {
                const std::optional<StoredEvent> stored = store.find(id);
                if (!stored) {
                    context.printError(QStringLiteral("not_found"),
                        QStringLiteral("There is no event “%1” in your events.").arg(id));
                    deliver(ExitCode::Failed);
                    return;
                }
                QSaveFile file(path);
                const QByteArray ics = ICalendar::write(stored->item, host);
                if (!file.open(QIODevice::WriteOnly) || file.write(ics) != ics.size()
                    || !file.commit()) {
                    context.printError(QStringLiteral("not_written"),
                        QStringLiteral("%1 could not be written (%2).")
                            .arg(path, file.errorString()));
                    deliver(ExitCode::Failed);
                    return;
                }
                context.printResult(
                    QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("file"), path },
                        { QStringLiteral("cancelled"), stored->item.cancelled } },
                    QStringLiteral("Wrote %1 (%2).").arg(path, stored->item.title));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runEventAttendees(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("event attendees"), SubsystemMethod::Get,
        QStringLiteral("/v1/subsystem/events/%1/attendees")
            .arg(pathSegment(context.arguments().value(0))),
        {}, attendeesText);
}

} // namespace tessera::cli
