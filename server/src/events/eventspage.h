#pragma once

#include "events/eventsrepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// One answer of GET /v1/events?since=: the events changed after since (their own change, or the
// person's answer, move up or new waiting place) that the person sees, oldest change first, and
// under removed those they no longer see (expired, another audience, the key revoked) if they are
// in an audience the event has had (AudienceHistory); pages of at most pageSize changes and about
// 1 MiB (PageBudget), as news' pages.
struct EventsPage
{
    bool ok = false;
    QJsonArray events;
    QStringList removed;
    qint64 cursor = 0;
    bool more = false;

    static EventsPage read(
        QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize);
    // An event as a person's feed shows it (the wire contract's Event).
    static QJsonObject eventJson(const StoredEvent &event, const std::optional<StoredRsvp> &rsvp);
};

} // namespace tessera::server
