#pragma once

#include "screenguard.h"

namespace tessera {

class MobileOs;

// ScreenGuard on iOS: while the pass is on screen, the idle timer is off, the brightness is 1.0
// (restored afterwards), and MobileOs's secure window covers the pass while the screen is
// recorded or mirrored (UIScreen.isCaptured).
class IosScreenGuard final : public ScreenGuard
{
public:
    explicit IosScreenGuard(MobileOs &os);

    void setActive(bool active) override;
    bool isActive() const override { return m_active; }

private:
    MobileOs &m_os;
    bool m_active = false;
    double m_brightness = -1;
};

} // namespace tessera
