#include "androidscreenguard.h"

#include <QCoreApplication>
#include <QJniObject>

namespace tessera {

void AndroidScreenGuard::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    QJniObject::callStaticMethod<void>("org/tessera/app/TesseraWindow", "setGuard",
        "(Landroid/content/Context;Z)V",
        QJniObject(QNativeInterface::QAndroidApplication::context()).object(), jboolean(active));
}

} // namespace tessera
