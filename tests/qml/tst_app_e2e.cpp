// End to end: the app's real QML (Main.qml of the Tessera module) with a real Session against the
// real tessera-server (demo data), driven offscreen by mouse and keyboard as a person would:
// sign in with a local ID, the destinations the person's user type and roles allow, the profile,
// sign out behind its question; a wrong password in plain words; the first sign-in's password
// change with the server's policy message; a keyring that cannot be used, with Retry; and the
// inbox loop: a notification arrives live, is approved from the list, the webhook receives it.
//
// The composition is main.cpp's, with one test-only seam: the Session's secrets go to an
// in-memory store (MemorySecretStore) instead of the keyring, so that the test can make the store
// fail on purpose.
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
#include "refusingnetworkfactory.h"
#include "scanfeedback.h"
#include "scanner/lumaview.h"
#include "scanner/qrdecoder.h"
#include "scanner/qrencoder.h"
#include "scannercontroller.h"
#include "serverconnectionforeign.h"
#include "serverprocess.h"
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

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr int answerTimeoutMs = 60000; // generous: the machine may be busy; never a time check

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, answerTimeoutMs))
        qFatal("no answer within %d ms", answerTimeoutMs);
    return future.result();
}

// The first visible QQuickItem called name under root (through items and QObject children:
// pages made by Loaders, popups' contents in the overlay); else the first invisible one.
QQuickItem *findItem(QObject *root, const QString &name)
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

QObject *findObject(QObject *root, const QString &name)
{
    if (QQuickItem *item = findItem(root, name))
        return item;
    return root->findChild<QObject *>(name);
}

bool isShown(QQuickItem *item)
{
    return item && item->isVisible() && item->width() > 0 && item->height() > 0;
}

// One start of the app: main.cpp's composition (except the in-memory secret store).
ServerEndpoint loopbackEndpoint(const QUrl &server)
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

} // namespace

class TestAppEndToEnd : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QJsonObject m_accounts;

    QJsonObject account(const QString &displayName) const
    {
        const QJsonArray all = m_accounts.value(QStringLiteral("accounts")).toArray();
        for (const QJsonValue &value : all) {
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
        for (const QString &name : { QStringLiteral("inbox"), QStringLiteral("pass"),
                 QStringLiteral("scanner"), QStringLiteral("profile") }) {
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
        const QByteArray accessToken = waitFor(app.store.read(Session::accessTokenSecret())).value;
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

private Q_SLOTS:
    void initTestCase()
    {
        ServerProcess::Options options;
        options.extraArguments = { QStringLiteral("--password-hash-cost"),
            QStringLiteral("minimum") };
        QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
        m_accounts = m_server.demoAccounts();
        QVERIFY(!account(QStringLiteral("Mira Nurse")).isEmpty());
        QVERIFY(!account(QStringLiteral("Asha Rao")).isEmpty());
    }

    void nonEmployeeSeesPassAndProfileThenSignsOut()
    {
        const QJsonObject mira = account(QStringLiteral("Mira Nurse"));
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, mira.value(QStringLiteral("kind")).toString(),
            mira.value(QStringLiteral("username")).toString(),
            mira.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);

        QCOMPARE(visibleDestinations(app, QStringLiteral("tab_")),
            QStringList({ QStringLiteral("pass"), QStringLiteral("profile") }));
        QVERIFY(!app.item(QStringLiteral("inboxPage")));
        QVERIFY(!app.item(QStringLiteral("scannerPage")));
        QCOMPARE(text(app, QStringLiteral("shellTitle")), QStringLiteral("Pass"));
        QVERIFY(isShown(app.item(QStringLiteral("passPage"))));

        // Her pass: the code on screen is the one the pass holder presents now, readable by a
        // scanner from the window's pixels; her initials; the ring counts the step down.
        PassHolder &pass = app.services->passHolder();
        QTRY_COMPARE_WITH_TIMEOUT(pass.state(), PassHolder::State::Ready, answerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("passQr"))), answerTimeoutMs);
        QCOMPARE(text(app, QStringLiteral("passInitials")), QStringLiteral("MN"));
        QVERIFY(app.item(QStringLiteral("passQr"))->property("modules").toInt() > 0);
        const auto screenShowsThePass = [&] {
            const QImage grey = app.window->grabWindow().convertToFormat(QImage::Format_Grayscale8);
            const LumaView view { grey.constBits(), grey.width(), grey.height(),
                static_cast<int>(grey.bytesPerLine()), 1 };
            QrDecoder decoder;
            const QList<QByteArray> codes = decoder.decodeStill(view);
            return codes.size() == 1 && QString::fromLatin1(codes.first()) == pass.qrText();
        };
        QTRY_VERIFY_WITH_TIMEOUT(screenShowsThePass(), answerTimeoutMs);
        QVERIFY(
            text(app, QStringLiteral("passCountdown")).startsWith(QStringLiteral("New code in")));

        QVERIFY(click(app, app.item(QStringLiteral("tab_profile"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
        QCOMPARE(text(app, QStringLiteral("nameLabel")), QStringLiteral("Mira Nurse"));
        QCOMPARE(text(app, QStringLiteral("userTypeLabel")), QStringLiteral("Non-employee"));
        QCOMPARE(rowValue(app, QStringLiteral("idRow")),
            mira.value(QStringLiteral("userId")).toString());
        QCOMPARE(rowValue(app, QStringLiteral("emailRow")), QStringLiteral("medical@tessera.test"));
        QCOMPARE(rowValue(app, QStringLiteral("departmentRow")), QStringLiteral("Medical"));
        QCOMPARE(rowValue(app, QStringLiteral("rolesRow")), QStringLiteral("None"));
        QCOMPARE(rowValue(app, QStringLiteral("deviceIdRow")), app.session->deviceId());
        QCOMPARE(rowValue(app, QStringLiteral("platformRow")).section(QStringLiteral(" · "), 0, 0),
            app.device->platform());

        // Cancel first: still signed in.
        QVERIFY(click(app, app.item(QStringLiteral("signOutButton"))));
        QObject *dialog = findObject(app.window, QStringLiteral("signOutDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("cancelSignOutButton"))));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->property("visible").toBool(), answerTimeoutMs);
        QCOMPARE(app.session->state(), Session::State::SignedIn);

        signOutThroughProfile(app, QStringLiteral("tab_profile"));
    }

    void employeeSeesInboxOnTheDesktopRail()
    {
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        App app(m_server.url(), QSize(1280, 800));
        QVERIFY(app.window);
        signIn(app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);

        QVERIFY(isShown(app.item(QStringLiteral("navigationRail"))));
        QVERIFY(!isShown(app.item(QStringLiteral("bottomBar"))));
        QCOMPARE(visibleDestinations(app, QStringLiteral("rail_")),
            QStringList(
                { QStringLiteral("inbox"), QStringLiteral("pass"), QStringLiteral("profile") }));
        QCOMPARE(text(app, QStringLiteral("shellTitle")), QStringLiteral("Inbox"));
        // Once the sign-in's sync is done: the inbox's own empty state.
        QTRY_COMPARE_WITH_TIMEOUT(
            findItem(app.item(QStringLiteral("inboxPage")), QStringLiteral("emptyStateTitle"))
                ->property("text")
                .toString(),
            QStringLiteral("No notifications yet"), answerTimeoutMs);
        QCOMPARE(text(app, QStringLiteral("railUserLabel")), QStringLiteral("Asha Rao"));

        signOutThroughProfile(app, QStringLiteral("rail_profile"));
    }

    // The whole loop: a sub-system notifies Asha while she has the app open; the item arrives
    // through the live stream with its unread badge; she approves it from the list; the item
    // shows approved and the sub-system's webhook receives the signed decision.
    void notificationArrivesLiveAndIsApprovedFromTheList()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("inboxPage"))), answerTimeoutMs);
        // Sent only once the stream is open: it must bring the item, not the sign-in's sync.
        QTRY_VERIFY_WITH_TIMEOUT(app.services->inboxSync().isLive(), answerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!app.services->inboxSync().isLoading(), answerTimeoutMs);
        const int unreadBefore = app.services->inboxModel().unreadCount();

        const QJsonObject key = demoApiKey(m_server);
        const QJsonObject notification {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"),
                    QJsonArray { asha.value(QStringLiteral("userId")).toString() } } } },
            { QStringLiteral("title"), QStringLiteral("Overtime for Saturday") },
            { QStringLiteral("body"),
                QStringLiteral("Four hours of overtime on the line 3 retool.") },
            { QStringLiteral("category"), QStringLiteral("overtime") },
            { QStringLiteral("priority"), QStringLiteral("high") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"),
                QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                                 { QStringLiteral("label"), QStringLiteral("Approve") } },
                    QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                        { QStringLiteral("label"), QStringLiteral("Reject") },
                        { QStringLiteral("requiresComment"), true } } } },
            { QStringLiteral("reference"), QStringLiteral("OT-2211") },
            { QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()) },
        };
        const ApiReply sent =
            waitFor(app.client.post(QStringLiteral("/v1/notifications"), notification,
                ApiClient::RequestOptions { key.value(QStringLiteral("key")).toString().toLatin1(),
                    ApiClient::newIdempotencyKey() }));
        QVERIFY2(sent.ok(), qPrintable(sent.describe()));
        const QString id = sent.body.value(QStringLiteral("id")).toString();

        // On screen through the stream, unread, with its badge.
        const QString rowName = QStringLiteral("inboxItem_") + id;
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(rowName)), answerTimeoutMs);
        QQuickItem *row = app.item(rowName);
        QCOMPARE(findItem(row, QStringLiteral("inboxItemTitle"))->property("text").toString(),
            QStringLiteral("Overtime for Saturday"));
        QCOMPARE(findItem(row, QStringLiteral("inboxItemState"))->property("text").toString(),
            QStringLiteral("Needs action"));
        QTRY_COMPARE_WITH_TIMEOUT(
            app.services->inboxModel().unreadCount(), unreadBefore + 1, answerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            findItem(app.item(QStringLiteral("tab_inbox")), QStringLiteral("navBadge"))
                ->isVisible(),
            true, answerTimeoutMs);

        // Approve from the list.
        QVERIFY(click(app, findItem(row, QStringLiteral("approveButton"))));
        QTRY_VERIFY_WITH_TIMEOUT(!receiver.deliveries().isEmpty(), answerTimeoutMs);
        const WebhookReceiver::Delivery &delivery = receiver.deliveries().constFirst();
        QVERIFY(WebhookReceiver::hasValidSignature(
            delivery, key.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        const QJsonObject hook = QJsonDocument::fromJson(delivery.body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), id);
        QCOMPARE(hook.value(QStringLiteral("reference")).toString(), QStringLiteral("OT-2211"));
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(),
            asha.value(QStringLiteral("userId")).toString());

        // The row says so, and nothing waits in the outbox.
        QTRY_COMPARE_WITH_TIMEOUT(findItem(app.item(rowName), QStringLiteral("inboxItemState"))
                                      ->property("text")
                                      .toString(),
            QStringLiteral("Approved"), answerTimeoutMs);
        QCOMPARE(app.services->inboxModel().pendingDecisions(), 0);
        signOutThroughProfile(app, QStringLiteral("tab_profile"));
    }

    void scannerRoleAddsTheScanner()
    {
        const QJsonObject sam = account(QStringLiteral("Sam Guard"));
        QVERIFY(!sam.isEmpty());
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, sam.value(QStringLiteral("kind")).toString(),
            sam.value(QStringLiteral("username")).toString(),
            sam.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        QCOMPARE(visibleDestinations(app, QStringLiteral("tab_")),
            QStringList(
                { QStringLiteral("pass"), QStringLiteral("scanner"), QStringLiteral("profile") }));
        QVERIFY(click(app, app.item(QStringLiteral("tab_scanner"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("scannerPage"))), answerTimeoutMs);

        // Ben shows his pass: a PNG of the code his phone presents now, opened on the desktop's
        // scanner (as QA does with "Open image or video…") under the office entry process.
        const QJsonObject ben = account(QStringLiteral("Ben Okafor"));
        QVERIFY(!ben.isEmpty());
        PassPhone phone(m_server.url());
        phone.session->signIn(ben.value(QStringLiteral("kind")).toString(),
            ben.value(QStringLiteral("username")).toString(),
            ben.value(QStringLiteral("password")).toString());
        QTRY_COMPARE_WITH_TIMEOUT(
            phone.session->state(), Session::State::SignedIn, answerTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(phone.pass->state(), PassHolder::State::Ready, answerTimeoutMs);

        ScannerController &scanner = app.services->scannerController();
        QTRY_VERIFY_WITH_TIMEOUT(scanner.isReady(), answerTimeoutMs);
        QCOMPARE(scanner.syncState(), QStringLiteral("ready"));
        QVERIFY(isShown(app.item(QStringLiteral("viewfinder"))));
        QVERIFY(isShown(app.item(QStringLiteral("openFileButton"))));
        QVERIFY(app.item(QStringLiteral("openFileButton"))->isEnabled());
        scanner.setProcess(QStringLiteral("office-entry"));
        QTRY_COMPARE_WITH_TIMEOUT(
            app.item(QStringLiteral("processChooser"))->property("currentValue").toString(),
            QStringLiteral("office-entry"), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("noScans"))));

        QTemporaryDir files;
        const QString png = files.filePath(QStringLiteral("ben.png"));
        QVERIFY(QrEncoder::render(phone.pass->qrText().toLatin1(), 6).save(png));
        QSignalSpy feedback(&scanner, &ScannerController::feedback);
        QVERIFY2(scanner.openFile(QUrl::fromLocalFile(png)), qPrintable(scanner.errorMessage()));

        // The verdict over the whole window: green, allowed, his initials.
        QObject *verdict = findObject(app.window, QStringLiteral("scanVerdict"));
        QVERIFY(verdict);
        QTRY_VERIFY_WITH_TIMEOUT(verdict->property("opened").toBool(), answerTimeoutMs);
        QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("allow"));
        QCOMPARE(text(app, QStringLiteral("scanVerdictHeadline")), QStringLiteral("Allowed"));
        QCOMPARE(text(app, QStringLiteral("scanVerdictSubject")), QStringLiteral("BO · Employee"));
        QCOMPARE(scanner.lastResult().value(QStringLiteral("reason")).toString(),
            QStringLiteral("allowed"));
        QCOMPARE(scanner.lastResult().value(QStringLiteral("process")).toString(),
            QStringLiteral("office-entry"));
        // The sound-and-vibration seam hears the verdict once (the picture stays in view), in
        // words the platform's ScanFeedback takes.
        QCOMPARE(feedback.size(), 1);
        const QString played = feedback.first().first().toString();
        QCOMPARE(played, QStringLiteral("allow"));
        QCOMPARE(ScanFeedback::verdictFromName(played), ScanFeedback::Verdict::Allow);
        QVERIFY(!ScanFeedback::verdictFromName(QStringLiteral("maybe")));
        // A tap dismisses it.
        QVERIFY(click(app, app.item(QStringLiteral("scanVerdictDismiss"))));
        QTRY_VERIFY_WITH_TIMEOUT(!verdict->property("visible").toBool(), answerTimeoutMs);
        QVERIFY(scanner.lastResult().isEmpty());

        // The scan is listed, its record queued and then uploaded to the server.
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("recentScan0"))), answerTimeoutMs);
        QCOMPARE(scanner.recentScans().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            text(app, QStringLiteral("scanUpload0")), QStringLiteral("Uploaded"), answerTimeoutMs);
        QCOMPARE(scanner.pendingUploads(), 0);
        QVERIFY(!isShown(app.item(QStringLiteral("noScans"))));
        // The image is done with: the viewfinder is blank again, not left on its last frame.
        QTRY_VERIFY_WITH_TIMEOUT(!scanner.isPlayingFile(), answerTimeoutMs);
        QVERIFY(scanner.videoSink());
        QVERIFY(!scanner.videoSink()->videoFrame().isValid());

        signOutThroughProfile(app, QStringLiteral("tab_profile"));
        QVERIFY(scanner.recentScans().isEmpty());
    }

    void wrongPasswordSaysSoAndKeepsTheUserName()
    {
        const QJsonObject ben = account(QStringLiteral("Ben Okafor"));
        QVERIFY(!ben.isEmpty());
        App app(m_server.url());
        QVERIFY(app.window);
        const QString user = ben.value(QStringLiteral("username")).toString();
        signIn(app, ben.value(QStringLiteral("kind")).toString(), user,
            QStringLiteral("not the password"));
        QVERIFY(waitForState(app, Session::State::SignedOut));
        QCOMPARE(app.session->errorCode(), QStringLiteral("invalid_credentials"));
        QTRY_COMPARE_WITH_TIMEOUT(text(app, QStringLiteral("messageLabel")),
            QStringLiteral("Wrong user name or password."), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("messageLabel"))));
        QCOMPARE(text(app, QStringLiteral("userField")), user);
        QCOMPARE(text(app, QStringLiteral("passwordField")), QString());
        QVERIFY(app.item(QStringLiteral("passwordField"))->hasActiveFocus());

        // The right one now, typed into the focused field, Enter.
        keyClicks(app, ben.value(QStringLiteral("password")).toString());
        QTest::keyClick(app.window, Qt::Key_Return);
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("inboxPage"))), answerTimeoutMs);
    }

    void firstSignInAsksForANewPassword()
    {
        // An admin makes a local ID (through the API, as the CLI's admin command does).
        const QJsonObject admin = account(QStringLiteral("Tessera Admin"));
        QVERIFY(!admin.isEmpty());
        App adminApp(m_server.url());
        adminApp.engine.reset(); // only its session is needed
        QVERIFY(waitForState(adminApp, Session::State::SignedOut)); // the restore found nothing
        adminApp.session->signIn(QStringLiteral("local"),
            admin.value(QStringLiteral("username")).toString(),
            admin.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(adminApp, Session::State::SignedIn));
        const ApiReply created =
            waitFor(adminApp.session->post(QStringLiteral("/v1/admin/local-users"),
                QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Pia Visitor") },
                    { QStringLiteral("email"), QStringLiteral("pia.visitor@tessera.test") },
                    { QStringLiteral("geo"), QStringLiteral("Pune") },
                    { QStringLiteral("roles"), QJsonArray {} } },
                ApiClient::newIdempotencyKey()));
        QVERIFY2(created.ok(), qPrintable(created.describe()));
        const QString id = created.body.value(QStringLiteral("userId")).toString();
        const QString temporary =
            created.body.value(QStringLiteral("temporaryPassword")).toString();
        QVERIFY(!id.isEmpty() && !temporary.isEmpty());

        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, QStringLiteral("local"), id, temporary);
        QVERIFY(waitForState(app, Session::State::PasswordChangeRequired));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("passwordChangePage"))), answerTimeoutMs);
        QVERIFY(text(app, QStringLiteral("introLabel")).contains(id));

        // Too short: the server refuses, and says why.
        QVERIFY(type(app, QStringLiteral("newPasswordField"), QStringLiteral("too short")));
        QTest::keyClick(app.window, Qt::Key_Return);
        QVERIFY(app.item(QStringLiteral("confirmPasswordField"))->hasActiveFocus());
        keyClicks(app, QStringLiteral("too short"));
        QTest::keyClick(app.window, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(
            app.session->errorCode(), QStringLiteral("weak_password"), answerTimeoutMs);
        QVERIFY(waitForState(app, Session::State::PasswordChangeRequired));
        QTRY_COMPARE_WITH_TIMEOUT(text(app, QStringLiteral("messageLabel")),
            QStringLiteral("Choose a password of at least 12 characters."), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("passwordChangePage"))));

        // A good one: signed in, as a non-employee.
        const QString chosen = QStringLiteral("lantern orchard pebble 42");
        app.item(QStringLiteral("newPasswordField"))->setProperty("text", QString());
        app.item(QStringLiteral("confirmPasswordField"))->setProperty("text", QString());
        QVERIFY(type(app, QStringLiteral("newPasswordField"), chosen));
        QVERIFY(type(app, QStringLiteral("confirmPasswordField"), chosen));
        QVERIFY(click(app, app.item(QStringLiteral("changePasswordButton"))));
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        QCOMPARE(visibleDestinations(app, QStringLiteral("tab_")),
            QStringList({ QStringLiteral("pass"), QStringLiteral("profile") }));
        QCOMPARE(app.session->profile().displayName, QStringLiteral("Pia Visitor"));
    }

    void lockedKeyringOffersRetry()
    {
        App app(m_server.url());
        QVERIFY(app.window);
        QVERIFY(waitForState(app, Session::State::SignedOut));
        // The keyring cannot be asked (locked, not started yet): the saved sign-in cannot be read.
        app.store.setFailure(SecretOutcome::Unavailable);
        app.session->restore();
        QVERIFY(waitForState(app, Session::State::Unavailable));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("sessionRetryButton"))), answerTimeoutMs);
        QVERIFY(text(app, QStringLiteral("messageLabel")).contains(QStringLiteral("keyring")));
        QVERIFY(!isShown(app.item(QStringLiteral("userField"))));
        QVERIFY(!isShown(app.item(QStringLiteral("signInButton"))));

        // Unlocked: Retry reads it again (nothing saved: the sign-in form).
        app.store.setFailure(SecretOutcome::Ok);
        QVERIFY(click(app, app.item(QStringLiteral("sessionRetryButton"))));
        QVERIFY(waitForState(app, Session::State::SignedOut));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("userField"))), answerTimeoutMs);
        QVERIFY(!isShown(app.item(QStringLiteral("sessionRetryButton"))));
    }
};

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Material"));
    TestAppEndToEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_app_e2e.moc"
