#pragma once

#include "clock.h"
#include "passwordhasher.h"
#include "routetable.h"
#include "serverconfig.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;

namespace tessera::server {

class Storage;

// The reference server: storage, routes and the HTTP(S) listener, assembled from a config.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ServerConfig config, QObject *parent = nullptr);
    ~ApiServer() override;

    // Opens and migrates the database, seeds demo data when asked, and starts listening.
    // Answers false with a message for the operator when anything is wrong.
    bool start(QString *error);

    QUrl url() const; // where it listens, with the real port
    QString demoAccountsFile() const; // empty unless --demo
    bool demoSeededNow() const { return m_demoSeededNow; }
    const RouteTable &routes() const { return m_routes; }
    const Storage &storage() const { return *m_storage; }

private:
    bool setUpTls(QString *error);

    ServerConfig m_config;
    Clock m_clock;
    PasswordHasher m_hasher;
    std::unique_ptr<Storage> m_storage;
    RouteTable m_routes;
    QHttpServer *m_http = nullptr;
    quint16 m_port = 0;
    QString m_demoAccountsFile;
    bool m_demoSeededNow = false;
};

} // namespace tessera::server
