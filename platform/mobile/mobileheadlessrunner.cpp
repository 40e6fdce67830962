#include "mobile/mobileheadlessrunner.h"

#include "identity/deviceid.h"
#include "identity/deviceinfo.h"
#include "mobile/mobileheadless.h"
#include "mobile/mobilelogging.h"
#include "net/apiclient.h"
#include "services/clientschema.h"
#include "storage/secretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSettings>

#include <atomic>
#include <mutex>
#include <thread>

namespace tessera::mobile {

namespace {

// One call at a time, process-wide; the application object these calls made, while it lives.
std::mutex runMutex;
std::atomic<QCoreApplication *> ownApplication { nullptr };

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray answer(const QString &status, const QString &reason)
{
    qCInfo(lcMobile).noquote() << "headless:" << status << reason;
    return compact({ { QStringLiteral("status"), status }, { QStringLiteral("reason"), reason } });
}

using Answer = std::function<void(const QJsonObject &)>;
using Request = std::function<void(MobileHeadless &, const Answer &)>;

// The installation's parts as the app makes them, MobileHeadless on them, the request until its
// answer on this thread's event loop.
QByteArray runHere(const HeadlessSetup &setup, const Request &request)
{
    const QDir dir(setup.dataDir);
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    const QString deviceId = settings.value(DeviceId::settingsKey()).toString();
    if (!DeviceId::isValid(deviceId)) // the app never ran here: no session either
        return answer(QStringLiteral("signedOut"), QStringLiteral("no installation"));
    QString error;
    const auto endpoint = ServerEndpoint::parse(settings.value(serverUrlSettingsKey()).toString(),
        ServerEndpoint::PlainHttp::Refuse, &error);
    if (!endpoint)
        return answer(QStringLiteral("unavailable"), QStringLiteral("server address: ") + error);
    if (!setup.makeSecrets || !setup.makeDevice)
        return answer(QStringLiteral("unavailable"), QStringLiteral("no platform seams"));

    ApiClient client(*endpoint);
    client.setTimeout(setup.timeout);
    const std::unique_ptr<SecretStore> secrets = setup.makeSecrets(setup.keyringService);
    const std::unique_ptr<DeviceInfo> device = setup.makeDevice();
    Session::Options options;
    options.databasePath = dir.filePath(QStringLiteral("tessera.db"));
    options.deviceId = deviceId;
    options.schema = clientSchema();
    std::optional<QJsonObject> result;
    QEventLoop loop;
    {
        MobileHeadless headless(
            client, *secrets, *device, options, MobileHeadless::Options { setup.timeout });
        request(headless, [&result, &loop](const QJsonObject &json) {
            result = json;
            loop.quit();
        });
        if (!result)
            loop.exec();
    }
    return compact(*result);
}

// On a QCoreApplication of these calls' own, on a thread of its own, gone before the answer.
QByteArray runOwn(const HeadlessSetup &setup, const Request &request)
{
    const std::lock_guard lock(runMutex);
    if (QCoreApplication::instance() != nullptr)
        return answer(QStringLiteral("appRunning"), QStringLiteral("the app runs"));
    QByteArray result;
    std::thread thread([&] {
        static int argc = 1;
        static char name[] = "tessera-headless";
        static char *argv[] = { name, nullptr };
        QCoreApplication application(argc, argv);
        ownApplication = &application;
        result = runHere(setup, request);
        ownApplication = nullptr;
    });
    thread.join();
    return result;
}

Request pushRequest(const QByteArray &encrypted)
{
    return [encrypted](MobileHeadless &headless, const Answer &done) {
        headless.handlePush(encrypted, [done](const MobileHeadless::PushResult &result) {
            done(MobileHeadless::toJson(result));
        });
    };
}

Request decisionRequest(const QString &itemId, const QString &action, const QString &comment)
{
    return [itemId, action, comment](MobileHeadless &headless, const Answer &done) {
        headless.decide(
            itemId, action, comment, [done](const MobileHeadless::DecisionResult &result) {
                done(MobileHeadless::toJson(result));
            });
    };
}

} // namespace

bool appRunning()
{
    QCoreApplication *const application = QCoreApplication::instance();
    return application != nullptr && application != ownApplication.load();
}

QByteArray runHeadlessPush(const HeadlessSetup &setup, const QByteArray &encrypted)
{
    return runOwn(setup, pushRequest(encrypted));
}

QByteArray runHeadlessDecision(const HeadlessSetup &setup, const QString &itemId,
    const QString &action, const QString &comment)
{
    return runOwn(setup, decisionRequest(itemId, action, comment));
}

QByteArray headlessPushHere(const HeadlessSetup &setup, const QByteArray &encrypted)
{
    return runHere(setup, pushRequest(encrypted));
}

QByteArray headlessDecisionHere(const HeadlessSetup &setup, const QString &itemId,
    const QString &action, const QString &comment)
{
    return runHere(setup, decisionRequest(itemId, action, comment));
}

} // namespace tessera::mobile
