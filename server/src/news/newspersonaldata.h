#pragma once

#include "news/newseraser.h"
#include "privacy/personaldata.h"

namespace tessera::server {

// The posts a person wrote (as a publisher; a post's audience may name them too) and the posts
// they read.
// An erasure keeps the posts they wrote (the organisation's notices) under a stand-in author,
// through NewsEraser (which says why), and deletes their read marks.
inline QList<PersonalTable> newsPersonalData()
{
    const QString table = QStringLiteral("news_posts");
    PersonalTable posts { QStringLiteral("news"), table,
        { QStringLiteral("author_id"), QStringLiteral("audience"),
            QStringLiteral("previous_audience"), QStringLiteral("audiences") },
        QStringLiteral("author_id = {user}") };
    posts.eraser = NewsEraser::erase;
    posts.kept = QStringLiteral("a published post is the organisation's notice, which other people"
                                " may still need: an erasure keeps the posts the person wrote,"
                                " with \"Former employee\" as their author and the person's name"
                                " taken out of their texts");
    for (const QString &column : audienceTable(table).columns)
        posts.erase.append(jsonPseudonymized(table, column));
    return {
        posts,
        { QStringLiteral("news"), QStringLiteral("news_reads"), { QStringLiteral("user_id") } },
    };
}

} // namespace tessera::server
