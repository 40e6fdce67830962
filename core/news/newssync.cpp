#include "news/newssync.h"

#include "news/internal/newslogging.h"
#include "news/newspost.h"
#include "news/newsstore.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera {

namespace {

// More than a page may hold (200 posts, the contract): the rest of an answer is not trusted.
constexpr qsizetype maxPostsPerPage = 1000;
constexpr qsizetype maxRemovedPerPage = 10000;

bool isCursor(const QString &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,19}$"));
    return pattern.match(cursor).hasMatch();
}

bool isId(const QJsonValue &id)
{
    return id.isString() && !id.toString().isEmpty()
        && id.toString().size() <= NewsPost::maxIdLength;
}

} // namespace

NewsSync::NewsSync(Session &session, NewsStore &store, QObject *parent)
    : DeltaSync(session, store, path(), lcNews, parent)
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
    const QJsonValue postsValue = page.value(QStringLiteral("posts"));
    const QJsonValue removedValue = page.value(QStringLiteral("removed"));
    if (!postsValue.isArray() || !removedValue.isArray() || !isCursor(cursor)) {
        *problem = malformedPage();
        return false;
    }
    const QJsonArray array = postsValue.toArray();
    const QJsonArray removedArray = removedValue.toArray();
    if (array.size() > maxPostsPerPage || removedArray.size() > maxRemovedPerPage) {
        *problem = QStringLiteral("the page of news is too long");
        return false;
    }
    QStringList removed;
    for (const auto &id : removedArray) {
        if (!isId(id)) {
            *problem = QStringLiteral("a removed post's id is not valid");
            return false;
        }
        removed.append(id.toString());
    }
    QList<NewsPost> posts;
    posts.reserve(array.size());
    for (const auto &value : array) {
        QString why;
        std::optional<NewsPost> post = NewsPost::fromJson(value.toObject(), &why);
        if (!post) {
            // Skipped, never stored; an older copy of it goes (it changed on the server).
            qCWarning(lcNews).noquote() << "skipping a post:" << why;
            const QJsonValue id = value.toObject().value(QStringLiteral("id"));
            if (isId(id))
                removed.append(id.toString());
            continue;
        }
        posts.append(std::move(*post));
    }
    if (!m_store.applyDelta(posts, removed, cursor)) {
        *problem = QStringLiteral("News could not be stored on this device");
        return false;
    }
    qCDebug(lcNews) << "news page:" << posts.size() << "posts," << removed.size() << "removed";
    return true;
}

} // namespace tessera
