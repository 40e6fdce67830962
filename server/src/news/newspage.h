#pragma once

#include "news/newsrepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace tessera::server {

// One answer of GET /v1/news?since=: the posts changed after since (their last change, or the
// person's own read mark) that the person sees, oldest change first, and under removed those
// they no longer see (deleted, expired, unpublished again, another audience); pages of at most
// pageSize changes and about 1 MiB (PageBudget).
struct NewsPage
{
    bool ok = false;
    QJsonArray posts;
    QStringList removed;
    qint64 cursor = 0;
    bool more = false;

    // Reads userId's page after since at now (RFC 3339); ok false when the database failed.
    static NewsPage read(
        QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize);
    // A post as a person's feed shows it (the wire contract's NewsPost).
    static QJsonObject postJson(const StoredPost &post, bool read);
};

} // namespace tessera::server
