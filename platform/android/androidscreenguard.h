#pragma once

#include "screenguard.h"

namespace tessera {

// ScreenGuard on Android: while the pass is on screen, the activity's window gets FLAG_SECURE
// (kept out of screenshots, recordings and the recents thumbnail) and FLAG_KEEP_SCREEN_ON, and
// its screenBrightness goes to 1.0; setActive(false) restores the previous brightness and
// clears both flags. TesseraWindow.setGuard does it on the Android UI thread.
class AndroidScreenGuard final : public ScreenGuard
{
public:
    void setActive(bool active) override;
    bool isActive() const override { return m_active; }

private:
    bool m_active = false;
};

} // namespace tessera
