#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

struct AudienceMember;

// Which objects link to which media, and so who may fetch a medium (media_refs). The one place a
// feature whose objects carry cards registers them: it calls record() in the transaction that
// puts, replaces or withdraws an object (Home cards: kind "card"; services: kind "service"; a
// later kind, such as a notification's card for its recipients, records the same way with its
// own kind and audience; a news post: kind "news", its hero image, body and card, registered by
// NewsFeature, with no audience before its publication and let go of at its expiry). Only links to
// the server's own media host count, and only to media the object's own key (or person) uploaded:
// a key cannot open another key's (or a person's) media to its audience, nor a person another's.
class MediaRefs
{
public:
    static QString cardKind(); // "card"
    static QString serviceKind(); // "service"
    static QString notificationKind(); // "notification": an inbox item's card, for its recipients
    static QString submissionKind(); // "submission": a result card, for the person who submitted

    // An object as it is after a write.
    struct Object
    {
        QString kind;
        QString id; // the server's id of the object
        QString apiKeyId; // the key that owns it; empty for a person's object (userId)
        QList<QJsonObject> cards; // the Adaptive Cards it shows
        QString audience; // Audience::toText
        QString expiresAt; // RFC 3339; empty: never
        bool live = true; // false: withdrawn or deleted (it links to nothing any more)
        QString userId = {}; // the person who owns it (a publisher's post) when apiKeyId is empty
    };

    // mediaHost: the server's own host, where media are served ("https://HOST/v1/media/ID").
    explicit MediaRefs(QString mediaHost);

    QString mediaHost() const { return m_mediaHost; }
    // https://HOST/v1/media/ID
    QString urlOf(const QString &mediaId) const;
    // Whether id could be a medium's id (med_ and base64url).
    static bool isMediaId(const QString &id);
    // The media ids card links to on the own media host (core's CardParser: images, image sets,
    // actions, markdown links), each once, in order.
    QStringList mediaIdsIn(const QJsonObject &card) const;

    // Replaces object's rows in the caller's transaction; a medium that no object links to any
    // more becomes unreferenced since now (RFC 3339). false when the database failed.
    bool record(QSqlDatabase &db, const Object &object, const QString &now) const;
    // Records a live object for people (user ids, such as a notification's recipients or the
    // person who submitted), in audiences of at most Audience::maxUsers each: the first under id,
    // the next ones under id#1, id#2 ... false when the database failed or an id is no user id.
    bool recordForPeople(QSqlDatabase &db, const QString &kind, const QString &id,
        const QString &apiKeyId, const QJsonObject &card, const QStringList &userIds,
        const QString &now) const;

    // Whether person may see mediaId at now: some live object linking to it has them in its
    // audience. nullopt when the database failed.
    static std::optional<bool> visibleTo(
        QSqlDatabase &db, const QString &mediaId, const AudienceMember &person, const QString &now);

private:
    QString m_mediaHost;
};

} // namespace tessera::server
