#include "screenguardswitch.h"

#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace tessera {

namespace {
QPointer<ScreenGuardSwitch> s_instance;
}

ScreenGuardSwitch::ScreenGuardSwitch(Apply apply, QObject *parent)
    : QObject(parent)
    , m_apply(std::move(apply))
{ }

ScreenGuardSwitch::~ScreenGuardSwitch()
{
    // Never leave the screen forced on (or screenshots blocked) after the app's UI is gone.
    if (m_active && m_apply)
        m_apply(false);
}

void ScreenGuardSwitch::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_apply)
        m_apply(active);
    Q_EMIT activeChanged();
}

void ScreenGuardSwitch::setInstance(ScreenGuardSwitch *instance)
{
    s_instance = instance;
}

ScreenGuardSwitch *ScreenGuardSwitch::create(QQmlEngine *engine, QJSEngine *)
{
    if (ScreenGuardSwitch *const instance = s_instance.data()) {
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
    // No platform seam given (tests, tools): a switch of the engine's own that only remembers.
    return new ScreenGuardSwitch({}, engine);
}

} // namespace tessera
