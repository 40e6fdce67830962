#pragma once

#include "foreignsingleton.h"
#include "news/newsmodel.h"

namespace tessera {

// `News`: core's NewsModel (the posts pinned first, then newest first; count, unreadCount,
// loading, offline, error, post(id), markRead(id), markAllRead(), syncNow()).
struct NewsForeign : ForeignSingleton<NewsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::NewsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(News)
};

} // namespace tessera
