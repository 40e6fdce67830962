#pragma once

#include "identity/session.h"
#include "qmllogging.h"

#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace tessera {

// Exposes core's Session to QML as the singleton `Session` (Session.state, Session.busy,
// Session.user, Session.errorMessage, Session.signIn(), Session.SignedIn ...), without core
// knowing anything about QML.
//
// Ownership: the composition root (app/gui/main.cpp, or a test's setup) creates the Session,
// keeps owning it, and hands it over with setInstance() before any QML is loaded. create() marks
// it CppOwnership so that no QML engine ever deletes it; the session must outlive every engine
// that uses it and live in the engine's thread.
struct SessionForeign
{
    Q_GADGET
    QML_FOREIGN(tessera::Session)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Session)

public:
    static void setInstance(Session *session) { s_instance = session; }

    static Session *create(QQmlEngine *, QJSEngine *engine)
    {
        if (!s_instance) {
            // A composition mistake: a Session needs a client, a secret store and device facts
            // that only the composition root has. QML reports the null singleton as an error.
            qCCritical(lcQml) << "Session singleton used before SessionForeign::setInstance";
            return nullptr;
        }
        Q_ASSERT(engine->thread() == s_instance->thread());
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
        return s_instance;
    }

private:
    inline static QPointer<Session> s_instance;
};

} // namespace tessera
