#pragma once

#include "events/eventsrepository.h"
#include "feed/deltapagewriter.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// One answer of GET /v1/events?since=: the events changed after since (their own change, or the
// person's answer, move up or new waiting place) that the person sees, oldest change first, and
// under removed those they no longer see (expired, another audience, the key revoked); the
// delta-page loop's rules (DeltaPage), as news' pages.
struct EventsPage : DeltaPage
{
    static EventsPage read(
        QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize);
    // An event as a person's feed shows it (the wire contract's Event).
    static QJsonObject eventJson(const StoredEvent &event, const std::optional<StoredRsvp> &rsvp);
};

} // namespace tessera::server
