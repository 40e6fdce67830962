#pragma once

#include "events/calendarexport.h"

#include <QUrl>

#include <functional>

namespace tessera {

// The desktop's "Add to calendar": writes the event's file as <data folder>/calendar/<id>.ics
// (the app's own folder: never a shared temporary folder other users could read or swap) and
// opens it with the system's handler for .ics (QDesktopServices), which is the calendar.
class DesktopCalendarExport : public CalendarExport
{
public:
    using Opener = std::function<bool(const QUrl &file)>;

    // dataDir: the installation's data folder. opener: what opens the file (the system's handler
    // unless given: the tests pass their own).
    explicit DesktopCalendarExport(QString dataDir, Opener opener = {});
    ~DesktopCalendarExport() override;

    QString open(const QString &eventId, const QByteArray &ics) override;

private:
    QString m_dataDir;
    Opener m_opener;
};

} // namespace tessera
