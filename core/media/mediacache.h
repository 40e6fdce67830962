#pragma once

#include "media/mediastore.h"
#include "net/serverendpoint.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <optional>

namespace tessera {

class AuthorizedApi;
class SessionScope;

// The images of the person's cards: media of the own server (https://SERVER/v1/media/ID, the
// server the session talks to), fetched with the session's access token and kept in the
// session's encrypted database (MediaStore). Any other URL is never fetched: the app shows no
// image from another host. Follows the session: the store gets its database at sign-in and drops
// it at sign-out. Use it from the thread it lives on.
class MediaCache : public QObject
{
    Q_OBJECT
public:
    // api and scope must outlive the cache; server is the one it talks to (its host is the
    // media's).
    MediaCache(AuthorizedApi &api, SessionScope &scope, const ServerEndpoint &server,
        qint64 maxBytes = MediaStore::defaultMaxBytes, QObject *parent = nullptr);
    ~MediaCache() override;

    MediaStore &store() { return m_store; }

    // The API path of url ("/v1/media/ID") when it is a medium of the session's own server;
    // empty otherwise.
    QString ownMediaPath(const QString &url) const;

    // The medium of url: from the cache when it is there, else fetched and stored. nullopt when
    // url is no medium of the own server, the server refuses it (404: not for this person), or
    // there is neither a copy nor a connection.
    QFuture<std::optional<MediaStore::Medium>> fetch(const QString &url);

private:
    void followSession();

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    QString m_serverHost;
    MediaStore m_store;
};

} // namespace tessera
