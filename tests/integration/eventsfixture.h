#pragma once

// What the events tests against the real server share, on top of the news tests' stages (one
// server per database kind for the whole test case, each with its own --clock-file): the
// organizer's calls with the demo key (events:write), a person's feed, detail and answer, and
// their inbox.
#include "newsfixture.h"

namespace tessera::test {

class EventsFixture : public virtual NewsFixture
{
protected:
    // An event for audience, starting in hours from serverNow(kind) and lasting two hours.
    QJsonObject eventBody(const QString &kind, const QString &title, const QJsonObject &audience,
        qint64 startInHours = 48)
    {
        const QDateTime start = serverNow(kind).addSecs(startInHours * 3600);
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("description"), QStringLiteral("**Bring** a mug.") },
            { QStringLiteral("start"), rfc3339(start) },
            { QStringLiteral("end"), rfc3339(start.addSecs(qint64(2) * 3600)) },
            { QStringLiteral("timeZone"), QStringLiteral("Europe/Berlin") },
            { QStringLiteral("place"),
                QJsonObject { { QStringLiteral("site"), QStringLiteral("Pune HQ") },
                    { QStringLiteral("room"), QStringLiteral("Canteen") } } },
            { QStringLiteral("audience"), audience } };
    }

    static HttpResult putEvent(const ServerProcess &server, const QString &eventId,
        const QJsonObject &body, const QString &key = {})
    {
        return httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/events/") + eventId),
            compactJson(body), bearer(key.isEmpty() ? demoKey(server) : key));
    }

    // The server's id of an event put (201 or 200), or empty with a warning.
    static QString idOfEvent(
        const ServerProcess &server, const QString &eventId, const QJsonObject &body)
    {
        const HttpResult result = putEvent(server, eventId, body);
        if (result.status != 201 && result.status != 200)
            qWarning() << "put" << eventId << result.status << result.body;
        return result.json().value(QStringLiteral("id")).toString();
    }

    static HttpResult cancelEvent(const ServerProcess &server, const QString &eventId)
    {
        return httpRequest("DELETE", server.url(QStringLiteral("/v1/subsystem/events/") + eventId),
            {}, bearer(demoKey(server)));
    }

    static HttpResult attendees(const ServerProcess &server, const QString &eventId)
    {
        return httpRequest("GET",
            server.url(QStringLiteral("/v1/subsystem/events/%1/attendees").arg(eventId)), {},
            bearer(demoKey(server)));
    }

    static HttpResult events(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        QUrl url = server.url(QStringLiteral("/v1/events"));
        if (!since.isEmpty())
            url.setQuery(QStringLiteral("since=") + since);
        return httpRequest("GET", url, {}, bearer(token));
    }

    static HttpResult detail(const ServerProcess &server, const QString &token, const QString &id)
    {
        return httpRequest(
            "GET", server.url(QStringLiteral("/v1/events/") + id), {}, bearer(token));
    }

    static HttpResult rsvp(
        const ServerProcess &server, const QString &token, const QString &id, const QString &answer)
    {
        return httpRequest("PUT", server.url(QStringLiteral("/v1/events/%1/rsvp").arg(id)),
            compactJson(QJsonObject { { QStringLiteral("answer"), answer } }), bearer(token));
    }

    static QStringList eventIdsOf(const HttpResult &page)
    {
        QStringList ids;
        for (const auto &each : page.json().value(QStringLiteral("events")).toArray())
            ids.append(each.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }

    static QJsonObject eventIn(const HttpResult &page, const QString &id)
    {
        for (const auto &each : page.json().value(QStringLiteral("events")).toArray()) {
            if (each.toObject().value(QStringLiteral("id")).toString() == id)
                return each.toObject();
        }
        return {};
    }

    static QString errorCode(const HttpResult &result)
    {
        return result.json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }

    // The titles of the person's inbox items (every page).
    static QStringList inboxTitles(const ServerProcess &server, const QString &token)
    {
        QStringList titles;
        QString cursor;
        for (int page = 0; page < 50; ++page) {
            QUrl url = server.url(QStringLiteral("/v1/inbox"));
            if (!cursor.isEmpty())
                url.setQuery(QStringLiteral("since=") + cursor);
            const HttpResult answer = httpRequest("GET", url, {}, bearer(token));
            for (const auto &item : answer.json().value(QStringLiteral("items")).toArray())
                titles.append(item.toObject().value(QStringLiteral("title")).toString());
            cursor = answer.json().value(QStringLiteral("cursor")).toString();
            if (answer.status != 200 || !answer.json().value(QStringLiteral("hasMore")).toBool())
                break;
        }
        return titles;
    }
};

} // namespace tessera::test
