#pragma once

namespace tessera {

// Platform seam: while the QR pass is on screen, keep the screen on and bright and keep the pass
// out of screenshots, screen recordings and the app switcher's thumbnail. setActive(false) puts
// everything back as it was. Implemented once per OS under platform/<os>/.
class ScreenGuard
{
public:
    virtual ~ScreenGuard();

    virtual void setActive(bool active) = 0;
    virtual bool isActive() const = 0;
};

} // namespace tessera
