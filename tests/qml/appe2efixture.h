#pragma once

// What the app's end-to-end tests share: one start of the app as main.cpp composes it (with an
// in-memory secret store), a person's phone holding a pass, the demo server, and a person's hands:
// finding items, clicking, typing, signing in and out through the real QML.
#include "appsettings.h"
#include "clientservices.h"
#include "demoaccounts.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/serverconnection.h"
#include "net/serverendpoint.h"
#include "pass/passholder.h"
#include "platformfactory.h"
#include "qmlplugins.h"
#include "refusingnetworkfactory.h"
#include "scanfeedback.h"
#include "scanner/lumaview.h"
#include "scanner/qrdecoder.h"
#include "scanner/qrencoder.h"
#include "scannercontroller.h"
#include "serverconnectionforeign.h"
#include "serverprocess.h"
#include "services/clientschema.h"
#include "sessionforeign.h"
#include "storage/memorysecretstore.h"
#include "thisdevice.h"
#include "webhookreceiver.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>

namespace tessera::test {

inline constexpr int answerTimeoutMs =
    60000; // generous: the machine may be busy; never a time check

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, answerTimeoutMs))
        qFatal("no answer within %d ms", answerTimeoutMs);
    return future.result();
}

// The first visible QQuickItem called name under root (through items and QObject children:
// pages made by Loaders, popups' contents in the overlay); else the first invisible one.
inline QQuickItem *findItem(QObject *root, const QString &name)
{
    QQuickItem *hidden = nullptr;
    QSet<QObject *> seen;
    QList<QObject *> queue { root };
    while (!queue.isEmpty()) {
        QObject *object = queue.takeFirst();
        if (!object || seen.contains(object))
            continue;
        seen.insert(object);
        if (auto *item = qobject_cast<QQuickItem *>(object)) {
            if (object->objectName() == name) {
                if (item->isVisible())
                    return item;
                if (!hidden)
                    hidden = item;
            }
            const auto childItems = item->childItems();
            for (QQuickItem *child : childItems)
                queue.append(child);
        }
        const auto children = object->children();
        for (QObject *child : children)
            queue.append(child);
    }
    return hidden;
}

inline QObject *findObject(QObject *root, const QString &name)
{
    if (QQuickItem *item = findItem(root, name))
        return item;
    return root->findChild<QObject *>(name);
}

inline bool isShown(QQuickItem *item)
{
    return item && item->isVisible() && item->width() > 0 && item->height() > 0;
}

// One start of the app: main.cpp's composition (except the in-memory secret store).
inline ServerEndpoint loopbackEndpoint(const QUrl &server)
{
    QString error;
    const auto endpoint = ServerEndpoint::parse(
        server.toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
    if (!endpoint)
        qFatal("bad server address %s: %s", qPrintable(server.toString()), qPrintable(error));
    return *endpoint;
}

struct App
{
    explicit App(const QUrl &server, QSize size = QSize(390, 844))
        : endpoint(loopbackEndpoint(server))
        , client(endpoint)
        , connection(&client, server.toString(), QString())
        , settings(false)
        , device(PlatformFactory::createDeviceInfo())
        , thisDevice(*device)
    {
        settings.setTheme(AppSettings::Theme::Light);
        Session::Options options;
        options.databasePath = dir.filePath(QStringLiteral("tessera.db"));
        options.deviceId = DeviceId::generate();
        options.schema = clientSchema(); // as main.cpp: every feature's tables (Home's too)
        session = std::make_unique<Session>(client, store, *device, options);
        // As main.cpp: each sign-in holds the services until the window's next frame.
        ClientStack::Options stackOptions;
        stackOptions.holdServicesOnSignIn = true;
        services = std::make_unique<ClientServices>(*session, store, stackOptions);
        services->publish();
        ServerConnectionForeign::setInstance(&connection);
        AppSettings::setInstance(&settings);
        SessionForeign::setInstance(session.get());
        ThisDevice::setInstance(&thisDevice);

        engine = std::make_unique<QQmlApplicationEngine>();
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->setNetworkAccessManagerFactory(&refusingNetwork);
        services->addImageProviders(*engine); // as main.cpp: card and news media from the cache
        addQmlPluginPaths(*engine); // as main.cpp: the scanner's plugin
        session->restore();
        services->start();
        engine->load(QUrl(QStringLiteral("qrc:/Tessera/Main.qml")));
        if (!engine->rootObjects().isEmpty())
            window = qobject_cast<QQuickWindow *>(engine->rootObjects().constFirst());
        if (window) {
            window->resize(size);
            window->show();
        }
        services->releaseServicesAfterFrame(window);
        connection.check();
    }

    ~App()
    {
        engine.reset(); // QML first, then the session's services, the session, what it uses
        services.reset();
        session.reset();
    }

    QQuickItem *item(const QString &name) const { return findItem(window, name); }

    ServerEndpoint endpoint;
    QTemporaryDir dir;
    ApiClient client;
    ServerConnection connection;
    AppSettings settings;
    MemorySecretStore store;
    std::unique_ptr<DeviceInfo> device;
    ThisDevice thisDevice;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientServices> services;
    RefusingNetworkFactory refusingNetwork; // as main.cpp: QML fetches nothing
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;
};

// A person's phone without the app's QML: a session of its own and the pass it holds (for the
// code a scanner is shown).
struct PassPhone
{
    explicit PassPhone(const QUrl &server)
        : endpoint(loopbackEndpoint(server))
        , client(endpoint)
        , device(PlatformFactory::createDeviceInfo())
    {
        Session::Options options;
        options.databasePath = dir.filePath(QStringLiteral("phone.db"));
        options.deviceId = DeviceId::generate();
        session = std::make_unique<Session>(client, store, *device, options);
        ClientStack::Options stackOptions;
        stackOptions.features = ClientStack::Feature::Pass;
        stack = std::make_unique<ClientStack>(*session, store, stackOptions);
        pass = stack->part<PassHolder>();
    }

    ~PassPhone()
    {
        stack.reset();
        session.reset();
    }

    ServerEndpoint endpoint;
    QTemporaryDir dir;
    ApiClient client;
    MemorySecretStore store;
    std::unique_ptr<DeviceInfo> device;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;
    PassHolder *pass = nullptr;
};

class AppE2eFixture
{
protected:
    ServerProcess m_server;
    QJsonObject m_accounts;

    QJsonObject account(const QString &displayName) const
    {
        const QJsonArray all = m_accounts.value(QStringLiteral("accounts")).toArray();
        for (const auto &value : all) {
            if (value.toObject().value(QStringLiteral("displayName")).toString() == displayName)
                return value.toObject();
        }
        return {};
    }

    // Types text into the window's focused item, key by key (QTest has no keyClicks for a QWindow).
    static void keyClicks(App &app, const QString &text)
    {
        for (const QChar c : text)
            QTest::keyClick(app.window, c.toLatin1());
    }

    // Scrolls the Flickables around item so that it is inside the window, as a person would.
    static void scrollIntoView(App &app, QQuickItem *item)
    {
        for (QQuickItem *ancestor = item->parentItem(); ancestor;
             ancestor = ancestor->parentItem()) {
            if (!ancestor->inherits("QQuickFlickable"))
                continue;
            const qreal contentHeight = ancestor->property("contentHeight").toReal();
            const qreal top = item->mapToItem(ancestor, QPointF(0, 0)).y();
            const qreal contentY = ancestor->property("contentY").toReal();
            if (top >= 0 && top + item->height() <= ancestor->height())
                continue;
            const qreal wanted = contentY + top - (ancestor->height() - item->height()) / 2;
            ancestor->setProperty("contentY",
                std::clamp(wanted, 0.0, std::max(0.0, contentHeight - ancestor->height())));
        }
        QTest::qWait(0); // let the scene catch up
        Q_UNUSED(app)
    }

    // Clicks the middle of a visible item, as a person would (scrolling to it first).
    static bool click(App &app, QQuickItem *item)
    {
        if (!isShown(item))
            return false;
        scrollIntoView(app, item);
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(app.window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }

    // Clicks into a field and types.
    static bool type(App &app, const QString &field, const QString &text)
    {
        QQuickItem *item = app.item(field);
        if (!click(app, item))
            return false;
        if (!QTest::qWaitFor([&] { return item->hasActiveFocus(); }, answerTimeoutMs))
            return false;
        keyClicks(app, text);
        return item->property("text").toString() == text;
    }

    static bool waitForState(App &app, Session::State state)
    {
        return QTest::qWaitFor([&] { return app.session->state() == state; }, answerTimeoutMs);
    }

    // Waits for the sign-in page, picks the kind, types the user and password, presses Enter.
    static void signIn(App &app, const QString &kind, const QString &user, const QString &password)
    {
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("signInPage"))), answerTimeoutMs);
        QVERIFY(click(app,
            app.item(kind == u"local" ? QStringLiteral("segment1") : QStringLiteral("segment0"))));
        QCOMPARE(app.item(QStringLiteral("signInPage"))->property("accountKind").toString(), kind);
        QVERIFY(type(app, QStringLiteral("userField"), user));
        QVERIFY(type(app, QStringLiteral("passwordField"), password));
        QTest::keyClick(app.window, Qt::Key_Return);
    }

    // The destinations whose buttons the person can see (bottom bar or side rail).
    static QStringList visibleDestinations(App &app, const QString &prefix)
    {
        QStringList names;
        for (const QString &name :
            { QStringLiteral("home"), QStringLiteral("inbox"), QStringLiteral("services"),
                QStringLiteral("pass"), QStringLiteral("scanner"), QStringLiteral("profile") }) {
            if (isShown(app.item(prefix + name)))
                names.append(name);
        }
        return names;
    }

    static QString text(App &app, const QString &name)
    {
        QQuickItem *item = app.item(name);
        return item ? item->property("text").toString() : QStringLiteral("<no %1>").arg(name);
    }

    static QString rowValue(App &app, const QString &row)
    {
        QQuickItem *item = app.item(row);
        return item ? item->property("value").toString() : QStringLiteral("<no %1>").arg(row);
    }

    // Profile -> Sign out -> "Sign out?" -> Sign out: back on the sign-in page, nothing left.
    void signOutThroughProfile(App &app, const QString &profileButton)
    {
        SessionVault vault(app.store); // the session keeps its tokens in one record
        const QByteArray accessToken = waitFor(vault.read(Session::accessTokenSecret())).value;
        QVERIFY(!accessToken.isEmpty());
        QVERIFY(QFile::exists(app.dir.filePath(QStringLiteral("tessera.db"))));

        QVERIFY(click(app, app.item(profileButton)));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("signOutButton"))));
        QObject *dialog = findObject(app.window, QStringLiteral("signOutDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), answerTimeoutMs);
        QCOMPARE(dialog->property("heading").toString(), QStringLiteral("Sign out?"));
        QVERIFY(click(app, app.item(QStringLiteral("confirmSignOutButton"))));

        QVERIFY(waitForState(app, Session::State::SignedOut));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("signInPage"))), answerTimeoutMs);
        QVERIFY(!isShown(app.item(QStringLiteral("shellPage"))));
        QCOMPARE(app.store.size(), 0);
        QVERIFY(!QFile::exists(app.dir.filePath(QStringLiteral("tessera.db"))));
        // The server ended the device's session too.
        const ApiReply me = waitFor(app.client.get(
            QStringLiteral("/v1/me"), ApiClient::RequestOptions { accessToken, {} }));
        QCOMPARE(me.httpStatus, 401);
    }

    // What every test needs, set up once per test executable.
    void startParts()
    {
        ServerProcess::Options options;
        options.extraArguments = { QStringLiteral("--password-hash-cost"),
            QStringLiteral("minimum") };
        QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
        m_accounts = m_server.demoAccounts();
        QVERIFY(!account(QStringLiteral("Mira Nurse")).isEmpty());
        QVERIFY(!account(QStringLiteral("Asha Rao")).isEmpty());
    }
};

// main() of an end-to-end test: offscreen unless told, the Material style.
template<typename Test>
int runEndToEnd(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Material"));
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace tessera::test
