#include "desktopscreenguard.h"

#include "platformlogging.h"

namespace tessera {

void DesktopScreenGuard::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    qCDebug(lcPlatform) << "screen guard" << (active ? "on" : "off") << "(desktop: nothing to do)";
}

} // namespace tessera
