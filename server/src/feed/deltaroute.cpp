#include "feed/deltaroute.h"

#include "feed/deltareset.h"

#include <QJsonObject>

namespace tessera::server {

HttpResponse DeltaRoute::answer(
    const HttpRequest &request, const QSqlDatabase &db, const QString &key, const Reader &read)
{
    return answer(request, db, [&](const QString &userId, qint64 since) {
        const std::optional<Page> page = read(userId, since);
        return page ? json(key, *page) : http::internalError();
    });
}

HttpResponse DeltaRoute::answer(const HttpRequest &request, const QSqlDatabase &db,
    const AnswerReader &read, const HttpResponse &badCursor)
{
    const std::optional<qint64> since = request.sinceCursor();
    const std::optional<qint64> honoured = DeltaReset::honoured(request);
    if (!since || !honoured)
        return badCursor;
    const QString userId = request.principal->userId;
    HttpResponse page = read(userId, *since);
    if (page.status != 200)
        return page;
    // After the page is read, so that no page passes a resync unanswered (docs/DELTA_SYNC.md).
    QSqlDatabase connection = db;
    if (std::optional<HttpResponse> reset =
            DeltaReset::instead(connection, userId, *since, *honoured))
        return *reset;
    return page;
}

HttpResponse DeltaRoute::badCursors()
{
    return http::badRequest(QStringLiteral("“since” or “reset” is not a cursor this server gave."));
}

HttpResponse DeltaRoute::json(const QString &key, const Page &page)
{
    return http::json(QJsonObject { { key, page.items },
        { QStringLiteral("removed"), QJsonArray::fromStringList(page.removed) },
        { QStringLiteral("cursor"), QString::number(page.cursor) },
        { QStringLiteral("more"), page.more } });
}

} // namespace tessera::server
