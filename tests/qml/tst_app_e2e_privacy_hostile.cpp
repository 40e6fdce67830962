// Hostile rows on the privacy pages, end to end (gap 7): the app's real QML, models and
// Session against the real tessera-server, with rows that came in the way real ones do. Asha's
// other devices sign in with device facts made of the hostile strings of hostile_pages.qml
// (markup, <img> and <a> tags, a bidi override, a long word, a 100 KB string), cut to what the
// server takes (model and OS version 64 characters, platform and app version 32); she asks the
// privacy team for corrections whose comments are hostile (2,000 characters at most), and the
// officer (Ben, given the privacy role) rejects each with a hostile comment; her export holds the
// hostile device facts and is saved to a folder with markup and a bidi override in its name. My
// devices, the sign-out question naming a hostile device, and My data then show all of it: the
// test fails on any Text that shows a hostile string other than as plain text, with a bidi
// override, or drawn wider than itself or the window (HostileProbe::textProblems), on a text not
// bounded (a device name on one elided line, a comment on at most six), on any warning (a
// binding loop among them) and on any network request from QML.
#include "appe2efixture.h"
#include "hostileprobe.h"
#include "privacy/devicesmodel.h"
#include "privacy/privacyexport.h"
#include "privacy/privacyrequestsmodel.h"
#include "testhttp.h"

#include <QDir>
#include <QUuid>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppPrivacyHostile : public QObject, protected AppE2eFixture
{
    Q_OBJECT

    // hostile_pages.qml's strings (HostileRoot.qml).
    static QStringList hostileStrings()
    {
        QString big;
        for (int i = 0; i < 100; ++i)
            big +=
                QStringLiteral("<b>big</b> ") + QString(1000, QLatin1Char('x')) + QLatin1Char(' ');
        return { QStringLiteral("<b>x</b>"), QStringLiteral("<h1>Approved by CEO</h1>"),
            QStringLiteral("<img src=\"http://127.0.0.1:9/x\">OK"),
            QStringLiteral("<a href=\"http://127.0.0.1:9/l\">link</a> <img "
                           "src=\"http://127.0.0.1:9/y\" width=\"5000\">"),
            QStringLiteral("Invoice \u202Efdp.exe\u202C <b>paid</b>"),
            QString(10000, QLatin1Char('W')), big };
    }

    // A Text holding one of these shows a hostile string.
    static QStringList markers()
    {
        return { QStringLiteral("<b>"), QStringLiteral("<h1>"), QStringLiteral("<img"),
            QStringLiteral("<a href"), QString(40, QLatin1Char('W')),
            QString(40, QLatin1Char('x')) };
    }

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    // Signs displayName in on device (a login "device" object) through the API: the access token.
    QString signInAs(const QString &displayName, const QJsonObject &device) const
    {
        const QJsonObject person = account(displayName);
        const HttpResult result =
            httpRequest("POST", m_server.url(QStringLiteral("/v1/auth/login")),
                compactJson({ { QStringLiteral("kind"), person.value(QStringLiteral("kind")) },
                    { QStringLiteral("username"), person.value(QStringLiteral("username")) },
                    { QStringLiteral("password"), person.value(QStringLiteral("password")) },
                    { QStringLiteral("device"), device } }));
        if (result.status != 200)
            qWarning() << "sign-in of" << displayName << "refused:" << result.status << result.body;
        return result.json().value(QStringLiteral("accessToken")).toString();
    }

    // A device of Asha's whose facts are the hostile string i.
    static QJsonObject hostileDevice(int i, const QString &value)
    {
        return { { QStringLiteral("id"), QStringLiteral("hostile-device-%1").arg(i) },
            { QStringLiteral("platform"), value.left(32) },
            { QStringLiteral("osVersion"), value.left(64) },
            { QStringLiteral("model"), value.left(64) },
            // The server reads a version from its start; the rest comes along.
            { QStringLiteral("appVersion"), QString(QStringLiteral("1.0.0 ") + value).left(32) } };
    }

    // The privacy request token's officer still has to decide, as their inbox lists it (empty
    // when none waits).
    QJsonObject waitingRequest(const QString &token) const
    {
        const QJsonArray items =
            httpRequest("GET", m_server.url(QStringLiteral("/v1/inbox")), {}, bearer(token))
                .json()
                .value(QStringLiteral("items"))
                .toArray();
        const auto waiting = std::find_if(items.begin(), items.end(), [](const QJsonValue &item) {
            return item[QStringLiteral("title")].toString().startsWith(u"Correction request from")
                && item[QStringLiteral("decidedAt")].isNull();
        });
        return waiting == items.end() ? QJsonObject() : waiting->toObject();
    }

    // Asha's devices and requests, made of the hostile strings through the API.
    void seedHostileRows()
    {
        const QString admin = signInAs(QStringLiteral("Tessera Admin"),
            testDevice(QStringLiteral("hostile-admin-1"), {}, QStringLiteral("Admin desk")));
        QVERIFY(!admin.isEmpty());
        const QString benId =
            account(QStringLiteral("Ben Okafor")).value(QStringLiteral("userId")).toString();
        QCOMPARE(
            httpRequest("PUT", m_server.url(QStringLiteral("/v1/admin/users/%1/roles").arg(benId)),
                compactJson(
                    { { QStringLiteral("roles"), QJsonArray { QStringLiteral("privacy") } } }),
                bearer(admin))
                .status,
            200);
        const QString ben = signInAs(QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("hostile-officer-1"), {}, QStringLiteral("Officer desk")));
        QVERIFY(!ben.isEmpty());

        const QStringList strings = hostileStrings();
        QString asha;
        for (int i = 0; i < strings.size(); ++i) {
            asha = signInAs(QStringLiteral("Asha Rao"), hostileDevice(i, strings.at(i)));
            QVERIFY2(!asha.isEmpty(), qPrintable(QString::number(i)));
        }
        // A correction for each string, rejected with a comment of the next one; a deletion
        // left waiting.
        for (int i = 0; i < strings.size(); ++i) {
            const HttpResult asked =
                httpRequest("POST", m_server.url(QStringLiteral("/v1/privacy/requests")),
                    compactJson({ { QStringLiteral("kind"), QStringLiteral("correction") },
                        { QStringLiteral("comment"), strings.at(i).left(2000) } }),
                    bearer(asha, newKey()));
            QVERIFY2(asked.status == 201, asked.body.constData());
            QJsonObject item;
            QVERIFY(QTest::qWaitFor(
                [&] { return !(item = waitingRequest(ben)).isEmpty(); }, answerTimeoutMs));
            const HttpResult decided = httpRequest("POST",
                m_server.url(QStringLiteral("/v1/inbox/%1/decision")
                                 .arg(item.value(QStringLiteral("id")).toString())),
                compactJson({ { QStringLiteral("action"), QStringLiteral("reject") },
                    { QStringLiteral("version"), item.value(QStringLiteral("version")) },
                    { QStringLiteral("comment"),
                        strings.at((i + 1) % strings.size()).left(2000) } }),
                bearer(ben, newKey()));
            QVERIFY2(decided.status == 200, decided.body.constData());
        }
        QCOMPARE(httpRequest("POST", m_server.url(QStringLiteral("/v1/privacy/requests")),
                     compactJson({ { QStringLiteral("kind"), QStringLiteral("deletion") },
                         { QStringLiteral("comment"), strings.constLast().left(2000) } }),
                     bearer(asha, newKey()))
                     .status,
            201);
    }

    // No Text of the window shows a hostile string badly; no warning, no request from QML (a
    // failure here ends the test function: the caller returns on QTest::currentTestFailed()).
    void check(App &app, const QString &what)
    {
        QTest::qWait(100); // layouts and loaders settle
        const QStringList problems = m_probe->textProblems(app.window->contentItem(), markers());
        QVERIFY2(problems.isEmpty(), qPrintable(what + u": " + problems.join(u"; ")));
        QVERIFY2(m_probe->warnings().isEmpty(),
            qPrintable(what + u": warnings: " + m_probe->warnings().join(u"; ")));
        QCOMPARE(m_probe->networkRequests(), 0);
    }

    static void screenshot(App &app, const QString &name)
    {
        const QString dir = QStringLiteral(TESSERA_SCREENSHOT_DIR);
        QDir().mkpath(dir);
        QTest::qWait(300);
        const QImage shot = app.window->grabWindow();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.save(QDir(dir).filePath(name + QStringLiteral("-390-light.png"))));
    }

    void openFromProfile(App &app, const QString &entry, const QString &page)
    {
        QVERIFY(click(app, app.item(QStringLiteral("tab_profile"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(entry)));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(page)), answerTimeoutMs);
    }

    std::unique_ptr<HostileProbe> m_probe;
    std::unique_ptr<App> m_app;

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        seedHostileRows();
        m_app = std::make_unique<App>(m_server.url());
        QVERIFY(m_app->window);
        m_probe = std::make_unique<HostileProbe>(m_app->refusingNetwork);
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        signIn(*m_app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(*m_app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(m_app->item(QStringLiteral("shellPage"))), answerTimeoutMs);
    }

    void init() { m_probe->clearWarnings(); }

    void cleanupTestCase()
    {
        m_probe.reset();
        m_app.reset();
    }

    void myDevicesShowsHostileDevicesAsPlainText()
    {
        App &app = *m_app;
        openFromProfile(app, QStringLiteral("myDevicesEntry"), QStringLiteral("myDevicesPage"));
        DevicesModel &devices = app.services->devices();
        const int expected = int(hostileStrings().size()) + 1; // and this device
        QTRY_VERIFY_WITH_TIMEOUT(
            !devices.isLoading() && devices.rowCount() >= expected, answerTimeoutMs);
        QVERIFY2(devices.error().isEmpty(), qPrintable(devices.error()));
        check(app, QStringLiteral("My devices"));
        if (QTest::currentTestFailed())
            return; // the rest would only fail after it
        screenshot(app, QStringLiteral("hostile-my-devices"));

        // Every row, scrolled into the list in turn: one line each, cut and elided.
        QQuickItem *list = app.item(QStringLiteral("devicesList"));
        QVERIFY(list);
        int longWords = 0;
        for (int row = 0; row < devices.rowCount(); ++row) {
            QMetaObject::invokeMethod(
                list, "positionViewAtIndex", Q_ARG(int, row), Q_ARG(int, 1 /* Beginning */));
            QQuickItem *delegate = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT(
                (delegate = app.item(QStringLiteral("device_%1").arg(row))), answerTimeoutMs);
            check(app, QStringLiteral("device row %1").arg(row));
            if (QTest::currentTestFailed())
                return; // the rest would only fail after it
            QQuickItem *model = findItem(delegate, QStringLiteral("deviceModel"));
            QVERIFY(model);
            QCOMPARE(model->property("lineCount").toInt(), 1);
            QVERIFY(model->property("text").toString().size() <= 65); // 64 and an ellipsis
            if (model->property("text").toString().startsWith(QString(40, QLatin1Char('W')))) {
                ++longWords;
                QVERIFY(model->property("truncated").toBool()); // elided, not drawn past
            }
            QCOMPARE(
                findItem(delegate, QStringLiteral("devicePlatform"))->property("lineCount").toInt(),
                1);
        }
        QCOMPARE(longWords, 1);

        // The question before a sign-out names a hostile device, as plain text.
        const qsizetype markup =
            std::find_if(devices.devices().cbegin(), devices.devices().cend(),
                [](const DeviceEntry &device) { return device.model.startsWith(u"<h1>"); })
            - devices.devices().cbegin();
        QVERIFY(markup < devices.rowCount());
        QMetaObject::invokeMethod(
            list, "positionViewAtIndex", Q_ARG(int, int(markup)), Q_ARG(int, 1));
        QQuickItem *row = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (row = app.item(QStringLiteral("device_%1").arg(markup))), answerTimeoutMs);
        QVERIFY(click(app, findItem(row, QStringLiteral("deviceSignOut"))));
        QObject *dialog = findObject(app.window, QStringLiteral("deviceSignOutDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), answerTimeoutMs);
        QVERIFY(dialog->property("heading").toString().contains(u"<h1>Approved by CEO</h1>"));
        check(app, QStringLiteral("the sign-out question"));
        if (QTest::currentTestFailed())
            return; // the rest would only fail after it
        screenshot(app, QStringLiteral("hostile-device-signout"));
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->property("visible").toBool(), answerTimeoutMs);
        QCOMPARE(devices.signingOut(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(list->hasActiveFocus(), answerTimeoutMs);
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(
            !isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        check(app, QStringLiteral("back on the profile"));
        if (QTest::currentTestFailed())
            return; // the rest would only fail after it
    }

    void myDataShowsHostileRequestsAsPlainText()
    {
        App &app = *m_app;
        openFromProfile(app, QStringLiteral("myDataEntry"), QStringLiteral("myDataPage"));
        PrivacyRequestsModel &requests = app.services->privacyRequests();
        const int expected = int(hostileStrings().size()) + 1;
        QTRY_VERIFY_WITH_TIMEOUT(
            !requests.isLoading() && requests.rowCount() == expected, answerTimeoutMs);
        QVERIFY2(requests.error().isEmpty(), qPrintable(requests.error()));
        check(app, QStringLiteral("My data"));
        if (QTest::currentTestFailed())
            return; // the rest would only fail after it
        screenshot(app, QStringLiteral("hostile-my-data"));

        // Each request's comment and the officer's answer: plain, at most six lines each.
        int answers = 0;
        for (int row = 0; row < requests.rowCount(); ++row) {
            QQuickItem *delegate = app.item(QStringLiteral("privacyRequest_%1").arg(row));
            QVERIFY(isShown(delegate));
            scrollIntoView(app, delegate);
            check(app, QStringLiteral("request %1").arg(row));
            if (QTest::currentTestFailed())
                return; // the rest would only fail after it
            QQuickItem *comment = findItem(delegate, QStringLiteral("privacyRequestComment"));
            QVERIFY(comment->property("lineCount").toInt() <= 6);
            QVERIFY(comment->height() < app.window->height());
            QQuickItem *answer = findItem(delegate, QStringLiteral("privacyRequestAnswer"));
            if (isShown(answer)) {
                ++answers;
                QVERIFY(answer->property("lineCount").toInt() <= 6);
                QVERIFY(answer->property("text").toString().startsWith(u"Privacy team: "));
            }
        }
        QCOMPARE(answers, int(hostileStrings().size())); // every rejection, not the deletion
        // The 100 KB string, cut by the server to 2,000 characters and by the page to six lines.
        const auto big = std::find_if(requests.requests().cbegin(), requests.requests().cend(),
            [](const PrivacyRequest &request) {
                return request.comment.startsWith(u"<b>big</b>");
            });
        QVERIFY(big != requests.requests().cend());
        QQuickItem *bigRow =
            app.item(QStringLiteral("privacyRequest_%1").arg(big - requests.requests().cbegin()));
        QVERIFY(findItem(bigRow, QStringLiteral("privacyRequestComment"))
                    ->property("truncated")
                    .toBool());

        // The export holds the hostile device facts; saved to a folder named with markup and a
        // bidi override, its message shows the path as plain text without the override.
        QTemporaryDir folder;
        const QString hostileFolder =
            folder.filePath(QStringLiteral("<b>x</b> \u202Efdp.exe\u202C <img src=x>"));
        QVERIFY(QDir().mkpath(hostileFolder));
        const QString path = QDir(hostileFolder).filePath(QStringLiteral("data.json"));
        PrivacyExport &exporter = app.services->privacyExport();
        QVERIFY(exporter.exportToPath(path));
        QTRY_VERIFY_WITH_TIMEOUT(!exporter.isBusy(), answerTimeoutMs);
        QVERIFY2(exporter.state() == PrivacyExport::State::Done, qPrintable(exporter.message()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains("<h1>Approved by CEO</h1>"));
        QVERIFY(saved.contains("\\u202e") || saved.contains("\u202E"));
        QQuickItem *message = app.item(QStringLiteral("exportMessage"));
        QVERIFY(isShown(message));
        scrollIntoView(app, message);
        QVERIFY(message->property("text").toString().contains(u"<b>x</b>"));
        QCOMPARE(message->property("textFormat").toInt(), int(Qt::PlainText));
        check(app, QStringLiteral("the export's message"));
        if (QTest::currentTestFailed())
            return; // the rest would only fail after it
        screenshot(app, QStringLiteral("hostile-my-data-export"));
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppPrivacyHostile>(argc, argv);
}

#include "tst_app_e2e_privacy_hostile.moc"
