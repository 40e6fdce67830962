#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace tessera {

class DeviceInfo;
class SecretStore;

// What the OS code (Android's JNI natives) calls when a push or a notification action comes and
// the app's Qt is not running: blocking calls, from the OS's worker thread (WorkManager's, or a
// BroadcastReceiver's goAsync() thread), each answering MobileHeadless's result as compact JSON
// ({"status": ...}, MobileHeadless::toJson).
//
// Qt needs an application object for its event loop and networking. When none exists, each call
// makes a QCoreApplication (never a QGuiApplication: no window, no QML) on a thread of its own,
// runs MobileHeadless there until the answer, then quits and joins that thread, so the process
// is as it was and the activity can start its own QGuiApplication later. Calls are serialized
// (one at a time, process-wide). When an application object exists (the app runs), these answer
// {"status":"appRunning"} and do nothing: the OS code hands the push or action to the running
// app through mobileentrypoints.h instead (appRunning()).
namespace mobile {

struct HeadlessSetup
{
    // The installation's data folder (Android: Context.getFilesDir(), which is Qt's
    // AppDataLocation there): settings.ini (the device id, the server address) and tessera.db.
    QString dataDir;
    // The installation's keyring service ("Tessera": app/gui/main.cpp's standard installation).
    QString keyringService;
    std::chrono::milliseconds timeout = std::chrono::seconds(20);
    // The platform's seams (PlatformFactory::createSecretStore and createDeviceInfo).
    std::function<std::unique_ptr<SecretStore>(const QString &service)> makeSecrets;
    std::function<std::unique_ptr<DeviceInfo>()> makeDevice;
};

// The settings.ini key the app records its server address under (app/gui/main.cpp) for this
// path.
inline QString serverUrlSettingsKey()
{
    return QStringLiteral("server/url");
}

// Whether the app's own Qt runs in this process (not one of these calls').
bool appRunning();
// A push body (already out of the OS's form: MobilePushPayload) in; what to show out.
QByteArray runHeadlessPush(const HeadlessSetup &setup, const QByteArray &encrypted);
// A decision from a notification action; what became of it.
QByteArray runHeadlessDecision(const HeadlessSetup &setup, const QString &itemId,
    const QString &action, const QString &comment);

// For tests, and the functions above once an application object exists on the calling thread:
// runs the request with that thread's event loop. The JSON answer.
QByteArray headlessPushHere(const HeadlessSetup &setup, const QByteArray &encrypted);
QByteArray headlessDecisionHere(const HeadlessSetup &setup, const QString &itemId,
    const QString &action, const QString &comment);

} // namespace mobile
} // namespace tessera
