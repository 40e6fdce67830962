#include "feed/deltareset.h"

#include "base/serverlogging.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace tessera::server {

std::optional<qint64> DeltaReset::honoured(const HttpRequest &request)
{
    const QString text = request.query.queryItemValue(QStringLiteral("reset"));
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const qint64 cursor = text.toLongLong(&ok);
    if (!ok || cursor < 0)
        return std::nullopt;
    return cursor;
}

std::optional<qint64> DeltaReset::latestFor(QSqlDatabase &db, const QString &userId)
{
    // A resync names exactly one person, as the feed writes a people column (compact JSON);
    // the kind is written out so that the partial index changes_resync serves it.
    const QString people =
        QString::fromUtf8(QJsonDocument(QJsonArray { userId }).toJson(QJsonDocument::Compact));
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT MAX(id) FROM changes WHERE kind = 'resync' AND people = ?"),
            { people })
        || !query.next())
        return std::nullopt;
    return query.value(0).isNull() ? 0 : query.value(0).toLongLong();
}

std::optional<HttpResponse> DeltaReset::instead(
    QSqlDatabase &db, const QString &userId, qint64 since, qint64 honoured)
{
    const std::optional<qint64> latest = latestFor(db, userId);
    if (!latest)
        return http::internalError();
    if (*latest <= since || *latest <= honoured)
        return std::nullopt;
    return http::json(QJsonObject {
        { QStringLiteral("reset"), true },
        { QStringLiteral("cursor"), QString::number(*latest) },
    });
}

bool DeltaReset::record(ChangeFeed &feed, const QStringList &userIds)
{
    if (userIds.isEmpty())
        return true;
    ChangeTransaction transaction(feed);
    if (!transaction.isActive())
        return false;
    for (const QString &userId : userIds) {
        if (!transaction.record(Change::of(changeKind(), { userId })))
            return false;
    }
    if (!transaction.commit())
        return false;
    qCInfo(lcServer) << "resync recorded for" << userIds.size() << "people";
    return true;
}

} // namespace tessera::server
