#include "news/newssync.h"

#include "feed/deltapage.h"
#include "news/internal/newslogging.h"
#include "news/newspost.h"
#include "news/newsstore.h"

namespace tessera {

NewsSync::NewsSync(AuthorizedApi &api, SessionScope &scope, NewsStore &store, QObject *parent)
    : DeltaSync(api, scope, store, path(), lcNews, parent)
    , m_store(store)
{ }

NewsSync::~NewsSync() = default;

void NewsSync::attachStream(const StreamClient &stream)
{
    followStream(stream, hintKind());
}

QString NewsSync::malformedPage() const
{
    return QStringLiteral("the answer is not a page of news");
}

bool NewsSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const DeltaPageSpec spec {
        .name = QStringLiteral("news"),
        .key = QStringLiteral("posts"),
        .maxIdLength = NewsPost::maxIdLength,
        .log = lcNews,
        .malformed = malformedPage(),
        .tooLong = QStringLiteral("the page of news is too long"),
        .badRemovedId = QStringLiteral("a removed post's id is not valid"),
        .notStored = QStringLiteral("News could not be stored on this device"),
        .skipping = QStringLiteral("skipping a post:"),
    };
    return applyDeltaPage<NewsPost>(page, cursor, spec, m_store, problem);
}

} // namespace tessera
