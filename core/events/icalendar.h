#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace tessera {

struct EventItem;

// "Add to calendar": one event as an RFC 5545 iCalendar file. A VCALENDAR (VERSION:2.0,
// PRODID:-//Tessera//Tessera//EN, METHOD:PUBLISH, or METHOD:CANCEL for a cancelled event) with
// one VTIMEZONE for the event's zone, built from QTimeZone's transitions around the event
// (STANDARD/DAYLIGHT with TZOFFSETFROM, TZOFFSETTO and DTSTART; a zone without transitions then
// gets one STANDARD), and one VEVENT: UID <event id>@<server host>, DTSTAMP (UTC), DTSTART and
// DTEND in the zone's local time (TZID=), SUMMARY, DESCRIPTION (the markdown as plain text),
// LOCATION (site, room), URL (the online link), SEQUENCE and STATUS:CONFIRMED or CANCELLED. Text
// escaped (\\ \; \, \n; other control characters dropped), every line folded at 75 octets (never
// inside a UTF-8 sequence) and ended with CRLF.
class ICalendar
{
public:
    // serverHost: the host the event came from (the UID's domain); stamp: DTSTAMP (now).
    static QByteArray write(const EventItem &event, const QString &serverHost,
        const QDateTime &stamp = QDateTime::currentDateTimeUtc());

    // A TEXT value escaped as RFC 5545 section 3.3.11 says.
    static QString escapeText(const QString &text);
    // One content line (without its CRLF) folded into lines of at most 75 octets, each ended with
    // CRLF; a continuation line starts with a space.
    static QByteArray fold(const QByteArray &line);
};

} // namespace tessera
