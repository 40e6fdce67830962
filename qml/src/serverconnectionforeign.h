#pragma once

#include "net/serverconnection.h"
#include "qmllogging.h"

#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace tessera {

// Exposes core's ServerConnection to QML as the singleton `Server` (Server.status,
// Server.statusText, Server.serverUrl, Server.check(), Server.Online ...), without core knowing
// anything about QML.
//
// Ownership: the composition root (app/gui/main.cpp, or a test's setup) creates the
// ServerConnection, keeps owning it, and hands it over with setInstance() before any QML is
// loaded. create() marks it CppOwnership so that no QML engine ever deletes it; the object must
// outlive every engine that uses it and live in the engine's thread.
struct ServerConnectionForeign
{
    Q_GADGET
    QML_FOREIGN(tessera::ServerConnection)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Server)

public:
    static void setInstance(ServerConnection *connection) { s_instance = connection; }

    static ServerConnection *create(QQmlEngine *, QJSEngine *engine)
    {
        if (!s_instance) {
            // A composition mistake, not a user's problem: say so, and give QML an honest
            // "misconfigured" object (owned by the engine) rather than a null singleton.
            qCWarning(lcQml) << "Server singleton used before ServerConnectionForeign::setInstance";
            return new ServerConnection(
                nullptr, {}, QObject::tr("The app was started without a server."), engine);
        }
        Q_ASSERT(engine->thread() == s_instance->thread());
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
        return s_instance;
    }

private:
    inline static QPointer<ServerConnection> s_instance;
};

} // namespace tessera
