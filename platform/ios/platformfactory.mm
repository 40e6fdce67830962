// The iOS definition of PlatformFactory; compiled by platform/ios.cmake only (not on this
// machine: no Xcode here). Push and notifications go through platform/mobile on IosMobileOs, one
// per process (its answers come through MobileBridge::instance()). The seams with no iOS
// implementation yet use the desktop's portable ones: see README.md.

#include "platformfactory.h"

#include "desktop/desktopcalendarexport.h"
#include "desktop/desktopdeviceinfo.h"
#include "desktop/desktopexportshare.h"
#include "desktop/desktopscanfeedback.h"
#include "iosmobileos.h"
#include "iosscreenguard.h"
#include "iossecretstore.h"
#include "mobile/mobilebridge.h"
#include "mobile/mobilenotifier.h"
#include "mobile/mobilepushchannel.h"

namespace tessera {

void installIosNotificationDelegate(); // iosappdelegate.mm

namespace {

MobileOs &mobileOs()
{
    static IosMobileOs os;
    return os;
}

} // namespace

std::unique_ptr<DeviceInfo> PlatformFactory::createDeviceInfo()
{
    return std::make_unique<DesktopDeviceInfo>();
}

std::unique_ptr<ScreenGuard> PlatformFactory::createScreenGuard()
{
    return std::make_unique<IosScreenGuard>(mobileOs());
}

std::unique_ptr<ScanFeedback> PlatformFactory::createScanFeedback()
{
    return std::make_unique<DesktopScanFeedback>();
}

std::unique_ptr<CalendarExport> PlatformFactory::createCalendarExport(const QString &dataDir)
{
    return std::make_unique<DesktopCalendarExport>(dataDir);
}

std::unique_ptr<ExportShare> PlatformFactory::createExportShare(const QString &dataDir)
{
    return std::make_unique<DesktopExportShare>(dataDir);
}

std::unique_ptr<Notifier> PlatformFactory::createNotifier()
{
    installIosNotificationDelegate();
    return std::make_unique<MobileNotifier>(mobileOs(), MobileBridge::instance());
}

bool PlatformFactory::hasSystemTray()
{
    return false;
}

std::unique_ptr<PushChannel> PlatformFactory::createPushChannel()
{
    return std::make_unique<MobilePushChannel>(mobileOs(), MobileBridge::instance());
}

bool PlatformFactory::followsSystemTheme()
{
    return true;
}

std::unique_ptr<SecretStore> PlatformFactory::createSecretStore(const QString &service)
{
    return std::make_unique<IosSecretStore>(service);
}

} // namespace tessera
