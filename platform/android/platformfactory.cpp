// The Android definition of PlatformFactory; compiled by platform/android.cmake only (not on
// this machine: no Android SDK/NDK here). Push and notifications go through platform/mobile on
// AndroidMobileOs, one per process (its answers come through MobileBridge::instance()). The
// seams with no Android implementation yet use the desktop's portable ones (QSysInfo,
// QDesktopServices, a silent scan feedback): see README.md.

#include "platformfactory.h"

#include "androidmobileos.h"
#include "androidscreenguard.h"
#include "desktop/desktopcalendarexport.h"
#include "desktop/desktopdeviceinfo.h"
#include "desktop/desktopexportshare.h"
#include "desktop/desktopscanfeedback.h"
#include "mobile/mobilebridge.h"
#include "mobile/mobilenotifier.h"
#include "mobile/mobilepushchannel.h"
#include "storage/keychainsecretstore.h"

namespace tessera {

namespace {

MobileOs &mobileOs()
{
    static AndroidMobileOs os;
    return os;
}

} // namespace

std::unique_ptr<DeviceInfo> PlatformFactory::createDeviceInfo()
{
    // QSysInfo on Android: productType() "android", the release and the device's model.
    return std::make_unique<DesktopDeviceInfo>();
}

std::unique_ptr<ScreenGuard> PlatformFactory::createScreenGuard()
{
    return std::make_unique<AndroidScreenGuard>();
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
    return std::make_unique<KeychainSecretStore>(service);
}

} // namespace tessera
