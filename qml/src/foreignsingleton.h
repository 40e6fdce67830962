#pragma once

#include "qmllogging.h"

#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace tessera {

// The C++ half of a QML singleton that hands out an object the composition root owns (core
// knows nothing of QML). A QML_FOREIGN gadget derives from it and names the type and the
// singleton:
//
//     struct InboxForeign : ForeignSingleton<InboxModel> {
//         Q_GADGET QML_FOREIGN(tessera::InboxModel) QML_SINGLETON QML_NAMED_ELEMENT(Inbox)
//     };
//
// The composition root (app/gui/main.cpp, or a test's setup) calls setInstance() before any QML
// is loaded and keeps owning the object; create() marks it CppOwnership so that no engine ever
// deletes it. The object must outlive every engine that uses it and live in the engine's thread.
// Used before setInstance(), the singleton is null and QML reports it.
template<typename T>
struct ForeignSingleton
{
    static void setInstance(T *object) { instance() = object; }

    static T *create(QQmlEngine *, QJSEngine *engine)
    {
        T *object = instance().data();
        if (!object) {
            qCCritical(lcQml) << "a QML singleton of type" << T::staticMetaObject.className()
                              << "was used before the app handed it its object";
            return nullptr;
        }
        Q_ASSERT(engine->thread() == object->thread());
        QJSEngine::setObjectOwnership(object, QJSEngine::CppOwnership);
        return object;
    }

private:
    static QPointer<T> &instance()
    {
        static QPointer<T> object;
        return object;
    }
};

} // namespace tessera
