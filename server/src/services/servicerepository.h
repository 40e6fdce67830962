#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The services table (the services feature's migrations): the catalogue's rows, as the sub-systems
// registered them. Runs on the connection it is given, inside the caller's transaction when there
// is one.
class ServiceRepository
{
public:
    struct Stored
    {
        QString id; // the server's, opaque ("svc_...")
        QString apiKeyId;
        QString serviceId; // the sub-system's own
        QString title;
        QString category;
        QString icon;
        QString description;
        int order = 0;
        QString audience; // Audience::toText
        QString form; // the card, compact JSON
        qint64 version = 0;
        QString updatedAt;
        bool withdrawn = false;
        qint64 changeId = 0; // the change feed's cursor of its last change
        QString sourceName; // the key's sub-system name
        bool keyRevoked = false; // its key is revoked: shown to no one, takes no submissions
        QString callbackUrl; // normalized; empty: its submissions get no webhook
    };

    // The service apiKeyId registered as serviceId; false when the database failed, *found
    // empty when there is none.
    static bool findByKey(QSqlDatabase &db, const QString &apiKeyId, const QString &serviceId,
        std::optional<Stored> *found);
    // The service with the server's id.
    static bool find(QSqlDatabase &db, const QString &id, std::optional<Stored> *found);
    // The service ids of the key's services not withdrawn; nullopt when the database failed.
    static std::optional<QStringList> activeIdsOfKey(QSqlDatabase &db, const QString &apiKeyId);
    static bool insert(QSqlDatabase &db, const Stored &service);
    // Writes every field of service (by its id) but the change id.
    static bool update(QSqlDatabase &db, const Stored &service);
    static bool stamp(QSqlDatabase &db, const QString &id, qint64 changeId);
    // The services changed after since in change order, at most limit (live ones only when
    // liveOnly); nullopt when the database failed.
    static std::optional<QList<Stored>> changedSince(
        QSqlDatabase &db, qint64 since, int limit, bool liveOnly);
    // How many services apiKeyId has that are not withdrawn; nullopt when the database failed.
    static std::optional<int> liveCount(QSqlDatabase &db, const QString &apiKeyId);

    // A person's view: id, title, category, icon, description, order, form, version,
    // updatedAt, source.
    static QJsonObject toJson(const Stored &service);
};

} // namespace tessera::server
