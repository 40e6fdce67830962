// The composition root of the Tessera app: parses the command line, builds the platform seams and
// the core services, hands them to the QML module's singletons, and loads the main window.

#include "applogging.h"
#include "appoptions.h"
#include "apppush.h"
#include "appsettings.h"
#include "base/printtext.h"
#include "cardpreview.h"
#include "clientservices.h"
#include "desktopnotifications.h"
#include "events/eventsmodel.h"
#include "home/homemodel.h"
#include "home/homesync.h"
#include "identity/deviceid.h"
#include "identity/deviceinfo.h"
#include "identity/session.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/serverconnection.h"
#include "net/serverendpoint.h"
#include "platformfactory.h"
#include "privacy/privacyexport.h"
#include "qascan.h"
#include "qmlplugins.h"
#include "refusingnetworkfactory.h"
#include "scanfeedback.h"
#include "scannercontroller.h"
#include "screenguard.h"
#include "screenguardswitch.h"
#include "screenshotter.h"
#include "selftest.h"
#include "serverconnectionforeign.h"
#include "services/clientschema.h"
#include "sessionforeign.h"
#include "startupprobe.h"
#include "storage/secretstore.h"
#include "thisdevice.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QImageReader>
#include <QLocale>
#include <QPixmap>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;

namespace {

// Where this installation keeps its data, and its keyring service. The standard data folder is
// the app's ("Tessera"); any other folder (--data) is an installation of its own with its own
// keyring entries, so that QA and test runs never touch the real one.
struct Installation
{
    QString dataDir;
    QString keyringService;
};

std::optional<Installation> prepareInstallation(const QString &requested)
{
    const bool standard = requested.isEmpty();
    const QString folder = standard
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : QFileInfo(requested).absoluteFilePath();
    if (folder.isEmpty() || !QDir().mkpath(folder)) {
        printText(stderr,
            qPrintable(QStringLiteral("tessera: cannot create the data folder %1\n")
                           .arg(QDir::toNativeSeparators(folder))));
        return std::nullopt;
    }
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (standard)
        return Installation { folder, QStringLiteral("Tessera") };
    const QByteArray folderHash =
        QCryptographicHash::hash(QDir(folder).canonicalPath().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return Installation { folder, QStringLiteral("Tessera-") + QString::fromLatin1(folderHash) };
}

} // namespace

int main(int argc, char *argv[])
{
    // TESSERA_STARTUP_PROBE (bench_startup): its marks start here, before Qt.
    QString probeError;
    const std::optional<StartupProbe::Mode> probeMode =
        StartupProbe::modeFromEnvironment(&probeError);
    if (probeMode)
        StartupProbe::enableMarks();

    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Tessera"));
    QGuiApplication::setApplicationName(QStringLiteral("Tessera"));
    QGuiApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));
    // Read as a PNG, told so: QIcon(path) and a reader that guesses ask every image-format plugin
    // what the file is, which loaded the gif, ico and jpeg plugins at start (docs/PERFORMANCE.md).
    QImageReader icon(QStringLiteral(":/icons/tessera.png"), "png");
    icon.setAutoDetectImageFormat(false);
    QGuiApplication::setWindowIcon(QIcon(QPixmap::fromImage(icon.read())));

    const std::optional<AppOptions> options = AppOptions::parse(app);
    if (!options)
        return 2;
    if (!probeError.isEmpty()) {
        printText(stderr, qPrintable(QStringLiteral("tessera: %1\n").arg(probeError)));
        return 2;
    }

    // QA: one card alone, without a server or a sign-in.
    if (!options->cardFile.isEmpty()) {
        QQuickStyle::setStyle(QStringLiteral("Material"));
        return CardPreview::run(*options);
    }

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
    // guard with the pass page (later features); the composition root owns both.
    const std::unique_ptr<DeviceInfo> deviceInfo = PlatformFactory::createDeviceInfo();
    const std::unique_ptr<ScreenGuard> screenGuard = PlatformFactory::createScreenGuard();
    const std::unique_ptr<ScanFeedback> scanFeedback = PlatformFactory::createScanFeedback();
    qCDebug(lcApp) << "device:" << deviceInfo->platform() << deviceInfo->osVersion();

    // Core services. A refused address is not fatal: the sign-in page says what is wrong.
    // The client is destroyed before the ServerConnection: a request still pending at exit is
    // cancelled while the continuation's context (the connection) is alive (Qt 6.4 asserts on a
    // continuation whose context object is gone; the order is right on any Qt version).
    std::unique_ptr<ServerConnection> server;
    std::unique_ptr<ApiClient> apiClient;
    QString configError;
    if (const auto endpoint =
            ServerEndpoint::parse(options->serverUrl, options->plainHttp, &configError))
        apiClient = std::make_unique<ApiClient>(*endpoint);
    else
        qCWarning(lcApp).noquote() << "server address refused:" << configError;
    server = std::make_unique<ServerConnection>(apiClient.get(), options->serverUrl, configError);

    // The session's client: the configured server, or (when its address was refused, which the
    // sign-in page shows and which disables signing in) a reserved name that never resolves.
    std::unique_ptr<ApiClient> unusableClient;
    if (!apiClient) {
        QString ignored;
        unusableClient = std::make_unique<ApiClient>(*ServerEndpoint::parse(
            QStringLiteral("https://server.invalid"), ServerEndpoint::PlainHttp::Refuse, &ignored));
    }
    ApiClient &sessionClient = apiClient ? *apiClient : *unusableClient;

    // This installation: its data folder (a throwaway one for the self-test unless --data says
    // otherwise), the device id in its settings, the tokens in the keyring, the encrypted
    // database. The session is destroyed before the client, the store and the device facts.
    std::optional<QTemporaryDir> selfTestData;
    if (selfTest && options->dataDir.isEmpty())
        selfTestData.emplace();
    const auto installation =
        prepareInstallation(selfTestData ? selfTestData->path() : options->dataDir);
    if (!installation)
        return 1;
    qCInfo(lcApp).noquote() << "data folder:" << QDir::toNativeSeparators(installation->dataDir);
    QSettings installationSettings(
        QDir(installation->dataDir).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    // The server for the phones' core with the app closed (platform/mobile/mobileheadlessrunner.h).
    if (apiClient)
        installationSettings.setValue(QStringLiteral("server/url"), options->serverUrl);
    const std::unique_ptr<SecretStore> secrets =
        PlatformFactory::createSecretStore(installation->keyringService);
    SecretStore &secretStore = *secrets;
    Session::Options sessionOptions;
    sessionOptions.databasePath =
        QDir(installation->dataDir).filePath(QStringLiteral("tessera.db"));
    sessionOptions.deviceId = DeviceId::obtain(installationSettings);
    sessionOptions.appVersion = QStringLiteral(TESSERA_VERSION);
    sessionOptions.schema = clientSchema();
    Session session(sessionClient, secretStore, *deviceInfo, sessionOptions);
    ThisDevice thisDevice(*deviceInfo);
    // The client stack (the inbox's cache, sync with the live stream, decision outbox and model;
    // the pass; the scanner) follows the session. Each sign-in holds the services' network and
    // keyring work until the first frame after it is on screen (released below, once the window
    // exists). Hidden or suspended (a phone's app in the background) closes the stream; a desktop
    // window that merely lost the focus (Inactive) keeps it.
    ClientStack::Options stackOptions;
    stackOptions.holdServicesOnSignIn = true;
    // "Add to calendar" (the platform's seam) outlives the services' events model that uses it.
    const std::unique_ptr<CalendarExport> calendar =
        PlatformFactory::createCalendarExport(installation->dataDir);
    // "Export my data" hands the file on through the platform (a phone's share sheet).
    const std::unique_ptr<ExportShare> exportShare =
        PlatformFactory::createExportShare(installation->dataDir);
    ClientServices services(session, secretStore, stackOptions);
    services.privacyExport().setShare(exportShare.get());
    if (EventsModel *events = services.stack().part<EventsModel>())
        events->setCalendar(calendar.get(), session.api().endpoint().baseUrl().host());
    QObject::connect(&app, &QGuiApplication::applicationStateChanged, &services,
        [&services](Qt::ApplicationState state) {
            services.setForeground(
                state == Qt::ApplicationActive || state == Qt::ApplicationInactive);
        });

    AppSettings settings(PlatformFactory::followsSystemTheme());
    settings.setStorage(&installationSettings);
    if (options->theme)
        settings.setTheme(*options->theme);

    // The QML singletons `Server` and `AppSettings` hand out these objects (CppOwnership); they
    // are declared before the engine so that they outlive it.
    ServerConnectionForeign::setInstance(server.get());
    AppSettings::setInstance(&settings);
    SessionForeign::setInstance(&session);
    ThisDevice::setInstance(&thisDevice);
    services.publish();
    // Each verdict the scanner page shows is also played (sound, vibration) by the platform.
    QObject::connect(&services.scannerController(), &ScannerController::feedback, &services,
        [feedback = scanFeedback.get()](const QString &verdict) {
            if (const auto kind = ScanFeedback::verdictFromName(verdict))
                feedback->play(*kind);
        });
    // The Pass page turns the platform's screen guard on while it is shown.
    ScreenGuardSwitch screenGuardSwitch(
        [guard = screenGuard.get()](bool active) { guard->setActive(active); });
    ScreenGuardSwitch::setInstance(&screenGuardSwitch);

    // The QML engine fetches nothing (DESIGN.md, second round, decision 7): every request it
    // would make (an <img> in a text, an http URL anywhere in a page) is refused and logged.
    // Declared before the engine, which uses it until it is gone.
    RefusingNetworkFactory refusingNetwork;
    QQmlApplicationEngine engine;
    engine.setNetworkAccessManagerFactory(&refusingNetwork);
    // Card images come from the encrypted media cache instead (image://tessera-media/...).
    services.addImageProviders(engine);
    // The QML plugins loaded with their pages (the scanner's).
    addQmlPluginPaths(engine);
    // Qt 6.4 does not look for modules in the resources by default; the Tessera module's qmldir
    // is at qrc:/Tessera/qmldir (the static plugin alone registers only its C++ types). Qt 6.5
    // adds qrc:/qt/qml to the import path and QQmlApplicationEngine::loadFromModule(): with Qt 6.5
    // or later (policy QTP0001) this line and the qrc:/Tessera/Main.qml URL can go.
    engine.addImportPath(QStringLiteral("qrc:/"));
    const QUrl mainUrl(QStringLiteral("qrc:/Tessera/Main.qml"));

    if (selfTest) {
        QObject::connect(selfTest.get(), &SelfTest::finished, &app, &QCoreApplication::exit,
            Qt::QueuedConnection);
        server->check();
        selfTest->run(&engine, mainUrl, QStringLiteral(":/Tessera"));
        return QGuiApplication::exec();
    }

    // TESSERA_STARTUP_PROBE: before the QML, so that its marks precede the pages' reactions.
    std::unique_ptr<StartupProbe> startupProbe;
    if (probeMode) {
        startupProbe = std::make_unique<StartupProbe>(*probeMode,
            StartupProbe::Sources { session, services.inboxModel(), services.inboxSync(),
                *services.stack().part<HomeModel>(), *services.stack().part<HomeSync>() });
        QObject::connect(startupProbe.get(), &StartupProbe::finished, &app, &QCoreApplication::exit,
            Qt::QueuedConnection);
    }

    // The saved sign-in, if any (the window shows a short wait meanwhile).
    StartupProbe::mark("services-built");
    session.restore();
    services.start();

    // QA hooks for screenshots and demos (see AppOptions): the window signs in itself, through
    // the same Session call as its sign-in page, and opens the page asked for.
    QVariantMap initialProperties;
    if (!options->startPage.isEmpty())
        initialProperties.insert(QStringLiteral("startPage"), options->startPage);
    if (!options->signInUser.isEmpty()) {
        initialProperties.insert(QStringLiteral("autoSignIn"),
            QVariantMap { { QStringLiteral("kind"), options->signInKind },
                { QStringLiteral("username"), options->signInUser },
                { QStringLiteral("password"), qEnvironmentVariable("TESSERA_PASSWORD") } });
    }
    engine.setInitialProperties(initialProperties);
    engine.load(mainUrl);
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (!window) {
        printText(stderr, "tessera: the main window could not be loaded (see above)\n");
        return 1;
    }
    if (options->windowSize)
        window->resize(*options->windowSize);
    services.releaseServicesAfterFrame(window);
    // New inbox items as the system's notifications while the window is hidden (after the
    // first frame).
    DesktopNotifications notifications(services, *window);
    // The app's own push, where the platform has a push channel (after the first frame).
    AppPush push(services.stack(), *window);
    StartupProbe::mark("qml-loaded");

    server->check();

    std::unique_ptr<QaScan> qaScan;
    if (!options->scanFile.isEmpty()) {
        qaScan = std::make_unique<QaScan>(services.scannerController(), options->scanFile,
            options->scanProcess, options->scanDismiss);
        QObject::connect(qaScan.get(), &QaScan::failed, &app, [](const QString &message) {
            printText(stderr, qPrintable(QStringLiteral("tessera: --scan: %1\n").arg(message)));
            QCoreApplication::exit(1);
        });
    }

    std::unique_ptr<Screenshotter> screenshotter;
    if (!options->screenshotFile.isEmpty()) {
        screenshotter = std::make_unique<Screenshotter>(
            window, server.get(), &session, options->screenshotFile);
        screenshotter->setInboxSync(&services.inboxSync());
        if (qaScan)
            screenshotter->waitForScan(&services.scannerController(),
                options->scanDismiss ? Screenshotter::ScanShown::RecentScans
                                     : Screenshotter::ScanShown::Verdict);
        QObject::connect(screenshotter.get(), &Screenshotter::finished, &app,
            &QCoreApplication::exit, Qt::QueuedConnection);
        screenshotter->start();
    }

    if (startupProbe)
        startupProbe->start(window);
    return QGuiApplication::exec();
}
