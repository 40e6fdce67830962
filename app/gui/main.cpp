// The composition root of the Tessera app: parses the command line, builds the platform seams and
// the core services, hands them to the QML module's singletons, and loads the main window.

#include "apiclient.h"
#include "applogging.h"
#include "appoptions.h"
#include "appsettings.h"
#include "deviceinfo.h"
#include "platformfactory.h"
#include "screenguard.h"
#include "screenshotter.h"
#include "selftest.h"
#include "serverconnection.h"
#include "serverconnectionforeign.h"
#include "serverendpoint.h"

#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTranslator>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Tessera"));
    QGuiApplication::setApplicationName(QStringLiteral("Tessera"));
    QGuiApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tessera.png")));

    const std::optional<AppOptions> options = AppOptions::parse(app);
    if (!options)
        return 2;

    // First, so that it records every warning from here on.
    std::unique_ptr<SelfTest> selfTest;
    if (options->selfTest)
        selfTest = std::make_unique<SelfTest>();

    QTranslator translator;
    if (translator.load(
            QLocale(), QStringLiteral("tessera"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QQuickStyle::setStyle(QStringLiteral("Material"));

    // Platform seams, from the one factory. The device facts go with the sign-in and the screen
    // guard with the pass page (later issues); the composition root owns both.
    const std::unique_ptr<DeviceInfo> deviceInfo = PlatformFactory::createDeviceInfo();
    const std::unique_ptr<ScreenGuard> screenGuard = PlatformFactory::createScreenGuard();
    qCDebug(lcApp) << "device:" << deviceInfo->platform() << deviceInfo->osVersion();

    // Core services. A refused address is not fatal: the sign-in page says what is wrong.
    // The client is destroyed before the ServerConnection: a request still pending at exit is
    // cancelled while the continuation's context (the connection) is alive (Qt 6.4 asserts on a
    // continuation whose context object is gone).
    std::unique_ptr<ServerConnection> server;
    std::unique_ptr<ApiClient> apiClient;
    QString configError;
    if (const auto endpoint =
            ServerEndpoint::parse(options->serverUrl, options->plainHttp, &configError))
        apiClient = std::make_unique<ApiClient>(*endpoint);
    else
        qCWarning(lcApp).noquote() << "server address refused:" << configError;
    server = std::make_unique<ServerConnection>(apiClient.get(), options->serverUrl, configError);

    AppSettings settings(PlatformFactory::followsSystemTheme());
    if (options->theme)
        settings.setTheme(*options->theme);

    // The QML singletons `Server` and `AppSettings` hand out these objects (CppOwnership); they
    // are declared before the engine so that they outlive it.
    ServerConnectionForeign::setInstance(server.get());
    AppSettings::setInstance(&settings);

    QQmlApplicationEngine engine;
    // Qt 6.4 does not look for modules in the resources by default; the Tessera module's qmldir
    // is at qrc:/Tessera/qmldir (the static plugin alone registers only its C++ types).
    engine.addImportPath(QStringLiteral("qrc:/"));
    const QUrl mainUrl(QStringLiteral("qrc:/Tessera/Main.qml"));

    if (selfTest) {
        QObject::connect(selfTest.get(), &SelfTest::finished, &app, &QCoreApplication::exit,
            Qt::QueuedConnection);
        server->check();
        selfTest->run(&engine, mainUrl, QStringLiteral(":/Tessera/pages"));
        return QGuiApplication::exec();
    }

    engine.load(mainUrl);
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window) {
        std::fprintf(stderr, "tessera: the main window could not be loaded (see above)\n");
        return 1;
    }
    if (options->windowSize)
        window->resize(*options->windowSize);

    server->check();

    std::unique_ptr<Screenshotter> screenshotter;
    if (!options->screenshotFile.isEmpty()) {
        screenshotter =
            std::make_unique<Screenshotter>(window, server.get(), options->screenshotFile);
        QObject::connect(screenshotter.get(), &Screenshotter::finished, &app,
            &QCoreApplication::exit, Qt::QueuedConnection);
        screenshotter->start();
    }
    return QGuiApplication::exec();
}
