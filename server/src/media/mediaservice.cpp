#include "media/mediaservice.h"

#include "audience/audiencemember.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "media/mediarefs.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace tessera::server {

MediaService::MediaService(Storage &storage, const Clock &clock, const MediaRefs &refs)
    : m_storage(storage)
    , m_clock(clock)
    , m_refs(refs)
{ }

QString MediaService::Owner::column() const
{
    return isPerson() ? QStringLiteral("user_id") : QStringLiteral("api_key_id");
}

bool MediaService::findByDigest(
    QSqlDatabase &db, const Owner &owner, const QString &sha256, Medium *medium)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, content_type, size FROM media WHERE %1 = ? AND sha256 = ?")
                .arg(owner.column()),
            { owner.id(), sha256 })
        || !query.next())
        return false;
    *medium = Medium { query.value(0).toString(), query.value(1).toString(), sha256,
        query.value(2).toLongLong(), {} };
    return true;
}

MediaService::Upload MediaService::upload(
    const Owner &owner, const QString &contentType, const QByteArray &bytes)
{
    const QString sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QSqlDatabase db = m_storage.connection();
    Medium medium;
    if (findByDigest(db, owner, sha256, &medium))
        return Upload { Upload::Outcome::Existing, medium };
    const QString now = wiretime::format(m_clock.now());
    const QString id = randomtokens::urlSafe(QStringLiteral("med_"), 16);
    // Two uploads of the same bytes at once: the second insert does nothing, and both answer
    // the row the first wrote.
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO media (id, api_key_id, user_id, sha256, content_type,"
                           " size, bytes, created_at, unreferenced_since) VALUES (?, ?, ?, ?, ?,"
                           " ?, ?, ?, ?) ON CONFLICT (%1, sha256) DO NOTHING")
                .arg(owner.column()),
            { id, sql::textOrNull(owner.apiKeyId), sql::textOrNull(owner.userId), sha256,
                contentType, qint64(bytes.size()), bytes, now, now }))
        return {};
    if (!findByDigest(db, owner, sha256, &medium))
        return {};
    qCInfo(lcServer) << "medium" << medium.id << (owner.isPerson() ? "of person" : "of key")
                     << owner.id() << medium.size << "bytes";
    return Upload { medium.id == id ? Upload::Outcome::Created : Upload::Outcome::Existing,
        medium };
}

MediaService::Fetch MediaService::fetchFor(const QString &userId, const QString &id, Medium *medium)
{
    if (!MediaRefs::isMediaId(id))
        return Fetch::NotFound;
    QSqlDatabase db = m_storage.connection();
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return Fetch::Failed;
    const std::optional<bool> visible =
        MediaRefs::visibleTo(db, id, *person, wiretime::format(m_clock.now()));
    if (!visible)
        return Fetch::Failed;
    if (!*visible)
        return Fetch::NotFound;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT content_type, sha256, size, bytes FROM media WHERE id = ?"),
            { id }))
        return Fetch::Failed;
    if (!query.next())
        return Fetch::NotFound;
    *medium = Medium { id, query.value(0).toString(), query.value(1).toString(),
        query.value(2).toLongLong(), query.value(3).toByteArray() };
    return Fetch::Found;
}

std::optional<int> MediaService::pruneUnreferenced()
{
    const QString before = wiretime::format(m_clock.now().addSecs(
        std::chrono::duration_cast<std::chrono::seconds>(unreferencedRetention).count() * -1));
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("DELETE FROM media WHERE unreferenced_since IS NOT NULL AND"
                           " unreferenced_since < ? AND NOT EXISTS (SELECT 1 FROM media_refs r"
                           " WHERE r.media_id = media.id)"),
            { before }))
        return std::nullopt;
    const int deleted = query.numRowsAffected();
    if (deleted > 0)
        qCInfo(lcServer) << "deleted" << deleted << "media no object linked to";
    return deleted;
}

} // namespace tessera::server
