#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli events: syncs the person's events once (GET /v1/events into the local cache) and
// lists them as the app does, upcoming first by start: title, time in the event's zone and this
// device's, place or online link, the person's answer (and waiting place), cancelled; with --json
// one line per event (the wire's Event). When the sync fails it says so, lists what this device
// has and exits 1. Given a sub-system key (--api-key-file, --key, TESSERA_API_KEY) or --since or
// --limit, it is the sub-system's webhook-events feed instead (runEvents, subsystemcommand.h).
QFuture<int> runEventsOrFeed(CliContext &context);

// tessera-cli rsvp ID going|maybe|no: syncs, answers through the RSVP outbox (stored on this
// device first, then PUT /v1/events/{id}/rsvp with its Idempotency-Key) and prints the server's
// answer: going, maybe, no, or waiting with the place on the waiting list; a refusal (RSVPs
// closed, no such event) prints the server's reason and exits 1; an answer the server could not
// take yet waits on this device (exit 1) and goes with the next command.
QFuture<int> runRsvp(CliContext &context);

// tessera-cli event ics ID FILE: syncs and writes the event as an iCalendar file (RFC 5545; a
// cancelled event as METHOD:CANCEL with STATUS:CANCELLED).
QFuture<int> runEventIcs(CliContext &context);

// tessera-cli event attendees EVENT_ID: the organizer's view with the sub-system key:
// GET /v1/subsystem/events/{eventId}/attendees, the counts and each attendee.
QFuture<int> runEventAttendees(CliContext &context);

} // namespace tessera::cli
