#include "media/mediarefs.h"

#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "cards/cardparser.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>

namespace tessera::server {

namespace {

const QString mediaPath = QStringLiteral("/v1/media/");

} // namespace

QString MediaRefs::cardKind()
{
    return QStringLiteral("card");
}

QString MediaRefs::serviceKind()
{
    return QStringLiteral("service");
}

QString MediaRefs::notificationKind()
{
    return QStringLiteral("notification");
}

QString MediaRefs::submissionKind()
{
    return QStringLiteral("submission");
}

MediaRefs::MediaRefs(QString mediaHost)
    : m_mediaHost(std::move(mediaHost))
{ }

QString MediaRefs::urlOf(const QString &mediaId) const
{
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(m_mediaHost);
    url.setPath(mediaPath + mediaId);
    return url.toString(QUrl::FullyEncoded);
}

bool MediaRefs::isMediaId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^med_[A-Za-z0-9_-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

QStringList MediaRefs::mediaIdsIn(const QJsonObject &card) const
{
    // Parsed without a host list: the card was checked when it was put; here only its links
    // matter.
    const cards::CardParseResult parsed = cards::CardParser().parse(card);
    QStringList ids;
    for (const QString &link : parsed.card.links) {
        const QUrl url(link, QUrl::StrictMode);
        if (url.scheme() != QLatin1String("https")
            || url.host().compare(m_mediaHost, Qt::CaseInsensitive) != 0)
            continue;
        const QString path = url.path(QUrl::FullyEncoded);
        if (!path.startsWith(mediaPath))
            continue;
        const QString id = path.mid(mediaPath.size());
        if (isMediaId(id) && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

bool MediaRefs::record(QSqlDatabase &db, const Object &object, const QString &now) const
{
    QStringList linked;
    if (object.live) {
        for (const QJsonObject &card : object.cards) {
            for (const QString &id : mediaIdsIn(card)) {
                if (!linked.contains(id))
                    linked.append(id);
            }
        }
    }
    QSqlQuery query(db);
    const std::optional<QStringList> before = sql::strings(db,
        QStringLiteral("SELECT media_id FROM media_refs WHERE kind = ? AND"
                       " object_id = ?"),
        { object.kind, object.id });
    if (!before
        || !sql::exec(query,
            QStringLiteral("DELETE FROM media_refs WHERE kind = ? AND object_id = ?"),
            { object.kind, object.id }))
        return false;
    if (!linked.isEmpty()) {
        // Only the owner's own media: a link to another key's or person's medium (or to none)
        // counts for nothing.
        const bool person = object.apiKeyId.isEmpty();
        QVariantList values { object.kind, object.id, object.audience,
            sql::textOrNull(object.expiresAt), person ? object.userId : object.apiKeyId };
        values += sql::values(linked);
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO media_refs (kind, object_id, media_id, audience,"
                               " expires_at) SELECT ?, ?, id, ?, ? FROM media WHERE"
                               " %1 = ? AND id IN (%2)")
                    .arg(person ? QStringLiteral("user_id") : QStringLiteral("api_key_id"),
                        sql::placeholders(linked.size())),
                values)
            || !sql::exec(query,
                QStringLiteral("UPDATE media SET unreferenced_since = NULL WHERE id IN (%1)")
                    .arg(sql::placeholders(linked.size())),
                sql::values(linked)))
            return false;
    }
    QStringList dropped;
    for (const QString &id : *before) {
        if (!linked.contains(id))
            dropped.append(id);
    }
    if (dropped.isEmpty())
        return true;
    QVariantList values { now };
    values += sql::values(dropped);
    return sql::exec(query,
        QStringLiteral("UPDATE media SET unreferenced_since = ? WHERE id IN (%1) AND NOT EXISTS"
                       " (SELECT 1 FROM media_refs r WHERE r.media_id = media.id)")
            .arg(sql::placeholders(dropped.size())),
        values);
}

bool MediaRefs::recordForPeople(QSqlDatabase &db, const QString &kind, const QString &id,
    const QString &apiKeyId, const QJsonObject &card, const QStringList &userIds,
    const QString &now) const
{
    for (qsizetype from = 0, part = 0; from < userIds.size(); from += Audience::maxUsers, ++part) {
        const QJsonObject users { { QStringLiteral("users"),
            QJsonArray::fromStringList(userIds.mid(from, Audience::maxUsers)) } };
        Audience::Problem problem;
        const std::optional<Audience> audience =
            Audience::fromJson(users, QStringLiteral("$.users"), &problem);
        if (!audience)
            return false;
        const QString objectId = part == 0 ? id : id + u'#' + QString::number(part);
        if (!record(db, { kind, objectId, apiKeyId, { card }, audience->toText(), {}, true }, now))
            return false;
    }
    return true;
}

std::optional<bool> MediaRefs::visibleTo(
    QSqlDatabase &db, const QString &mediaId, const AudienceMember &person, const QString &now)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT audience, expires_at FROM media_refs WHERE media_id = ?"),
            { mediaId }))
        return std::nullopt;
    while (query.next()) {
        const QString expiresAt = query.value(1).toString();
        if (!expiresAt.isEmpty() && expiresAt <= now)
            continue;
        const std::optional<Audience> audience = Audience::fromText(query.value(0).toString());
        if (audience && audience->contains(person))
            return true;
    }
    return false;
}

} // namespace tessera::server
