#pragma once

#include "screenguard.h"

namespace tessera {

// ScreenGuard of the desktop (QA) build: desktops have no secure-window flag nor a brightness the
// app should touch, so this only remembers the state and logs it (tessera.platform, debug).
class DesktopScreenGuard final : public ScreenGuard
{
public:
    void setActive(bool active) override;
    bool isActive() const override { return m_active; }

private:
    bool m_active = false;
};

} // namespace tessera
