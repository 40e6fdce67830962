#include "iosscreenguard.h"

#include "mobile/mobileos.h"

#import <UIKit/UIKit.h>

namespace tessera {

IosScreenGuard::IosScreenGuard(MobileOs &os)
    : m_os(os)
{ }

void IosScreenGuard::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    m_os.setSecureWindow(active);
    UIApplication.sharedApplication.idleTimerDisabled = active;
    if (active) {
        m_brightness = UIScreen.mainScreen.brightness;
        UIScreen.mainScreen.brightness = 1.0;
    } else if (m_brightness >= 0) {
        UIScreen.mainScreen.brightness = m_brightness;
    }
}

} // namespace tessera
