#pragma once

#include "http/httpresponses.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

// One delta read of an audience feature, as the five feeds answer it (GET /v1/cards, /v1/news,
// /v1/events, /v1/surveys, /v1/services; docs/DELTA_SYNC.md):
// 1. "since" and "reset" from the query (400 when either is not a cursor this server gave);
// 2. the feature's page of the signed-in person's changes since "since" (500 when it fails);
// 3. after the page is read, DeltaReset::instead: {"reset": true, "cursor": R} in place of the
//    page when the person's audiences changed since both cursors (so that no page passes a
//    resync unanswered);
// 4. otherwise the page: {<key>: [...], "removed": [ids], "cursor": "C", "more": bool}.
class DeltaRoute
{
public:
    // A page of a feature's list as its reader gives it.
    struct Page
    {
        QJsonArray items; // the objects the person sees that changed, in change order
        QStringList removed; // ids of objects the person no longer sees
        qint64 cursor = 0; // the last change the page took
        bool more = false; // whether another page follows
    };
    // The signed-in person's page since a cursor; nullopt when the database failed.
    using Reader = std::function<std::optional<Page>(const QString &userId, qint64 since)>;
    // The same as an answer of its own (a feature that builds its JSON itself); an answer other
    // than 200 stands as it is.
    using AnswerReader = std::function<HttpResponse(const QString &userId, qint64 since)>;

    // The whole answer of a feature's delta read, the page listed under key. db is the
    // connection of the worker thread that answers (the resync check's).
    static HttpResponse answer(
        const HttpRequest &request, const QSqlDatabase &db, const QString &key, const Reader &read);
    // The same for a feature's own page type: any struct with ok, removed, cursor and more, its
    // list being the member list (NewsPage::posts, EventsPage::events, ...).
    template<typename Read, typename FeaturePage>
    static HttpResponse answer(const HttpRequest &request, const QSqlDatabase &db,
        const QString &key, const Read &read, QJsonArray FeaturePage::*list)
    {
        return answer(request, db, key,
            [&read, list](const QString &userId, qint64 since) -> std::optional<Page> {
                const FeaturePage page = read(userId, since);
                if (!page.ok)
                    return std::nullopt;
                return Page { page.*list, page.removed, page.cursor, page.more };
            });
    }
    // The same for a reader that answers its page itself; badCursor is the 400 for a "since" or
    // "reset" that is not a cursor.
    static HttpResponse answer(const HttpRequest &request, const QSqlDatabase &db,
        const AnswerReader &read, const HttpResponse &badCursor = badCursors());

    // 400: “since” or “reset” is not a cursor this server gave.
    static HttpResponse badCursors();
    // {key: items, "removed": [...], "cursor": "C", "more": bool}
    static HttpResponse json(const QString &key, const Page &page);
};

} // namespace tessera::server
