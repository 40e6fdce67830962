#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The posts a person wrote (as a publisher; a post's audience may name them too) and the posts
// they read.
inline QList<PersonalTable> newsPersonalData()
{
    return {
        { QStringLiteral("news"), QStringLiteral("news_posts"),
            { QStringLiteral("author_id"), QStringLiteral("audience"),
                QStringLiteral("previous_audience"), QStringLiteral("audiences") },
            QStringLiteral("author_id = {user}") },
        { QStringLiteral("news"), QStringLiteral("news_reads"), { QStringLiteral("user_id") } },
    };
}

} // namespace tessera::server
