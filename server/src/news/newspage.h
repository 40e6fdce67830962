#pragma once

#include "feed/deltapagewriter.h"
#include "news/newsrepository.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

// One answer of GET /v1/news?since=: the posts changed after since (their last change, or the
// person's own read mark) that the person sees, oldest change first, and under removed those
// they no longer see (deleted, expired, unpublished again, another audience); the delta-page
// loop's rules (DeltaPage).
struct NewsPage : DeltaPage
{
    // Reads userId's page after since at now (RFC 3339); ok false when the database failed.
    static NewsPage read(
        QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize);
    // A post as a person's feed shows it (the wire contract's NewsPost).
    static QJsonObject postJson(const StoredPost &post, bool read);
};

} // namespace tessera::server
