#pragma once

#include "events/calendarexport.h"
#include "identity/deviceinfo.h"
#include "notify/notifier.h"
#include "privacy/exportshare.h"
#include "push/pushchannel.h"
#include "scanfeedback.h"
#include "screenguard.h"
#include "storage/secretstore.h"

#include <memory>

namespace tessera {

// The one place that picks the platform's implementation of each seam. Declared here once;
// defined by exactly one platform/<os>/platformfactory.cpp, which platform/<os>.cmake compiles.
// The composition root (app/gui/main.cpp) calls it and owns what it returns.
class PlatformFactory
{
public:
    static std::unique_ptr<DeviceInfo> createDeviceInfo();
    static std::unique_ptr<ScreenGuard> createScreenGuard();
    static std::unique_ptr<ScanFeedback> createScanFeedback();
    // "Add to calendar"; dataDir: the installation's data folder (the desktop writes the file
    // there).
    static std::unique_ptr<CalendarExport> createCalendarExport(const QString &dataDir);
    // "Export my data": where the file goes and how it is handed on (a phone's share sheet).
    static std::unique_ptr<ExportShare> createExportShare(const QString &dataDir);
    // The system's notifications of inbox items (the desktop: org.freedesktop.Notifications on
    // the session bus). Made after the first frame (DESIGN.md, second round, decision 12).
    static std::unique_ptr<Notifier> createNotifier();
    // Whether the app can live in a system tray (Qt.labs.platform's SystemTrayIcon works without
    // Qt Widgets): on the desktop, a StatusNotifierWatcher on the session bus. Without one,
    // closing the window quits (DESIGN.md, second round, decision 13).
    static bool hasSystemTray();
    // Where pushes arrive while the app is closed (Android: FCM or UnifiedPush; iOS: APNs);
    // nullptr where there is none (the desktop keeps its stream in the tray). Made after the
    // first frame, with the client push module (DESIGN.md, second round, decisions 6 and 12).
    static std::unique_ptr<PushChannel> createPushChannel();
    // The secure store of the tokens, keys and push keys, its entries under service (the
    // installation's keyring service): QtKeychain on the desktop and Android (the Secret Service;
    // the Android Keystore); on iOS the Keychain through Security.framework, ThisDeviceOnly and in
    // the access group shared with the Notification Service Extension (IosSecretStore).
    static std::unique_ptr<SecretStore> createSecretStore(const QString &service);

    // Whether this platform tells the app the system's light/dark choice (phones do; Qt 6.4 on
    // the desktop does not, so "follow the system" means light there; from Qt 6.5 on,
    // QStyleHints::colorScheme() tells the desktop's choice and this can be true everywhere).
    static bool followsSystemTheme();
};

} // namespace tessera
