#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The posts a person wrote (as a publisher; a post's audience may name them too) and the posts
// they read.
// An erasure keeps the posts they wrote (the company's news) with a pseudonym as author.
inline QList<PersonalTable> newsPersonalData()
{
    const QString table = QStringLiteral("news_posts");
    PersonalTable posts { QStringLiteral("news"), table,
        { QStringLiteral("author_id"), QStringLiteral("audience"),
            QStringLiteral("previous_audience"), QStringLiteral("audiences") },
        QStringLiteral("author_id = {user}") };
    posts.erase = { pseudonymized(table, QStringLiteral("author_id")) };
    for (const QString &column : audienceTable(table).columns)
        posts.erase.append(jsonPseudonymized(table, column));
    return {
        posts,
        { QStringLiteral("news"), QStringLiteral("news_reads"), { QStringLiteral("user_id") } },
    };
}

} // namespace tessera::server
