// The desktop definition of PlatformFactory (Linux, Windows, macOS); compiled by desktop.cmake.

#include "platformfactory.h"

#include "desktopcalendarexport.h"
#include "desktopdeviceinfo.h"
#include "desktopexportshare.h"
#include "desktopnotifier.h"
#include "desktopscanfeedback.h"
#include "desktopscreenguard.h"
#include "storage/keychainsecretstore.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QGuiApplication>

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

std::unique_ptr<PushChannel> PlatformFactory::createPushChannel()
{
    // The desktop has no push service of its own: with the window closed to the tray, the app
    // keeps its stream and shows notifications through DesktopNotifier.
    return nullptr;
}

bool PlatformFactory::hasSystemTray()
{
    // The offscreen platform (tests, screenshots) has no tray, whatever is on the bus.
    if (QGuiApplication::platformName() == u"offscreen")
        return false;
    const QDBusConnection bus = QDBusConnection::sessionBus();
    const QDBusConnectionInterface *const names = bus.isConnected() ? bus.interface() : nullptr;
    return names != nullptr
        && names->isServiceRegistered(QStringLiteral("org.kde.StatusNotifierWatcher")).value();
}

bool PlatformFactory::followsSystemTheme()
{
    return false;
}

std::unique_ptr<SecretStore> PlatformFactory::createSecretStore(const QString &service)
{
    return std::make_unique<KeychainSecretStore>(service);
}

} // namespace tessera
