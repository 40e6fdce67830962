#include "news/newseraser.h"

#include "audience/audience.h"
#include "feed/changetransaction.h"
#include "news/newsrepository.h"
#include "news/newsservice.h"
#include "privacy/personaldata.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

QString withoutName(const QString &text, const QString &name)
{
    QString result = text;
    if (!name.isEmpty())
        result.replace(name, formerEmployee());
    return result;
}

} // namespace

bool NewsEraser::erase(ChangeTransaction &transaction, const PersonalSubject &person)
{
    QSqlDatabase &db = transaction.db();
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT post_id FROM news_posts WHERE author_id = ?"),
            { person.userId }))
        return false;
    QStringList postIds;
    while (query.next())
        postIds.append(query.value(0).toString());
    if (postIds.isEmpty())
        return true;
    QVariantList values;
    const QString made = PersonalData::bound(
        standInMade(QStringLiteral("news_posts"), QStringLiteral("author_id")), person, &values);
    if (!sql::exec(query, made, values))
        return false;
    for (const QString &postId : std::as_const(postIds)) {
        std::optional<StoredPost> found;
        if (!NewsRepository::find(db, NewsOwner::person(person.userId), postId, &found) || !found)
            return false;
        StoredPost post = *found;
        post.title = withoutName(post.title, person.displayName);
        post.summary = withoutName(post.summary, person.displayName);
        post.body = withoutName(post.body, person.displayName);
        post.card = withoutName(post.card, person.displayName);
        post.previousAudience = post.audience;
        post.version += 1;
        post.updatedAt = person.now;
        // Its readers hold it (a tombstone's readers hold nothing): a change of its audience,
        // hinted to the audience's people as a publisher's replacement is.
        if (post.published && !post.deleted) {
            const std::optional<QStringList> people =
                Audience::enabledMembersOf(db, { post.audience });
            if (!people)
                return false;
            const std::optional<qint64> cursor =
                transaction.record(Change { NewsService::changeKind(), *people, post.audience, 0 });
            if (!cursor)
                return false;
            post.cursor = *cursor;
        }
        if (!NewsRepository::write(db, post, true)
            || !sql::exec(query, QStringLiteral("UPDATE news_posts SET author_id = ? WHERE id = ?"),
                { person.pseudonym, post.id }))
            return false;
    }
    return true;
}

} // namespace tessera::server
