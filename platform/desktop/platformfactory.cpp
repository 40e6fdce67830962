// The desktop definition of PlatformFactory (Linux, Windows, macOS); compiled by desktop.cmake.

#include "platformfactory.h"

#include "desktopcalendarexport.h"
#include "desktopdeviceinfo.h"
#include "desktopexportshare.h"
#include "desktopnotifier.h"
#include "desktopscanfeedback.h"
#include "desktopscreenguard.h"

namespace tessera {

std::unique_ptr<DeviceInfo> PlatformFactory::createDeviceInfo()
{
    return std::make_unique<DesktopDeviceInfo>();
}

std::unique_ptr<ScreenGuard> PlatformFactory::createScreenGuard()
{
    return std::make_unique<DesktopScreenGuard>();
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
    return std::make_unique<DesktopNotifier>();
}

bool PlatformFactory::followsSystemTheme()
{
    return false;
}

} // namespace tessera
