#pragma once

// What the Events unit tests share: events shaped as the wire contract's Event (GET /v1/events),
// and an "events" database on real SQLCipher files.
#include "events/eventitem.h"
#include "events/eventscachemigrations.h"
#include "storage/database.h"
#include "storage/databaseschema.h"

#include <QJsonObject>
#include <QTest>

namespace tessera::test {

// An event as GET /v1/events gives it: start and end in UTC, RSVPs closing at the start, not
// answered, version 1.
inline QJsonObject wireEvent(const QString &id,
    const QString &start = QStringLiteral("2027-07-10T08:00:00Z"),
    const QString &end = QStringLiteral("2027-07-10T10:00:00Z"),
    const QString &timeZone = QStringLiteral("Europe/Berlin"))
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), QStringLiteral("Title of %1").arg(id) },
        { QStringLiteral("description"),
            QStringLiteral("**Bring** a laptop, see [the plan](https://example.com/plan)") },
        { QStringLiteral("start"), start },
        { QStringLiteral("end"), end },
        { QStringLiteral("timeZone"), timeZone },
        { QStringLiteral("place"),
            QJsonObject { { QStringLiteral("site"), QStringLiteral("Berlin HQ") },
                { QStringLiteral("room"), QStringLiteral("Room 4.01") } } },
        { QStringLiteral("onlineUrl"), QJsonValue() },
        { QStringLiteral("capacity"), 20 },
        { QStringLiteral("rsvpClosesAt"), start },
        { QStringLiteral("cancelled"), false },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("sequence"), 0 },
        { QStringLiteral("myAnswer"), QJsonValue() },
        { QStringLiteral("waitingPlace"), QJsonValue() },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("People team") } } },
    };
}

inline QJsonObject with(QJsonObject json, const QString &name, const QJsonValue &value)
{
    json.insert(name, value);
    return json;
}

inline EventItem eventFrom(const QJsonObject &json)
{
    QString problem;
    const std::optional<EventItem> parsed = EventItem::fromJson(json, &problem);
    if (!parsed)
        qFatal("test event refused: %s", qPrintable(problem));
    return *parsed;
}

inline DatabaseSchema eventsSchema()
{
    DatabaseSchema schema = DatabaseSchema::base();
    schema.add(QStringLiteral("events"), eventsCacheMigrations());
    return schema;
}

} // namespace tessera::test
