#pragma once

#include <QByteArray>
#include <QString>

namespace tessera {

// Platform seam: "Add to calendar" hands one event's iCalendar file (RFC 5545, ICalendar) to the
// system's calendar. The desktop writes it into the app's data folder (never a shared temporary
// folder) and opens it with the system's handler (platform/desktop); a phone gives it to its
// calendar through its own API (the interface only here, exercised through a fake in the tests).
class CalendarExport
{
public:
    virtual ~CalendarExport();

    // eventId: the server's event id (a file name's worth: ^evt_[A-Za-z0-9._-]+$, checked by
    // EventItem); ics: the whole file. Answers "" when the calendar has it, else why not in plain
    // words.
    virtual QString open(const QString &eventId, const QByteArray &ics) = 0;
};

} // namespace tessera
