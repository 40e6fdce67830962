// End to end through the app's real QML against the real tessera-server (demo data): Profile's My
// devices (this device marked; another device of the person signed out remotely after a
// confirmation, its token refused at once, the list refreshed) and My data's export (the save
// file the person typed in the save dialog written atomically, owner-only, the person's own data
// with every section; cancel writes nothing; a file that cannot be written is said in words).
// Screenshots of both pages at a phone's and a desktop's width, light and dark, land in the build
// tree.
#include "appe2efixture.h"
#include "privacy/devicesmodel.h"
#include "privacy/privacyexport.h"

#include <QDir>
#include <QFileInfo>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppPrivacy : public QObject, protected AppE2eFixture
{
    Q_OBJECT

    // Signs the app in as displayName through the sign-in page and opens Profile.
    void signInAndOpenProfile(App &app, const QString &displayName)
    {
        const QJsonObject person = account(displayName);
        signIn(app, person.value(QStringLiteral("kind")).toString(),
            person.value(QStringLiteral("username")).toString(),
            person.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("shellPage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("tab_profile"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("profilePage"))), answerTimeoutMs);
    }

    // A second device of the same person (a phone with a session of its own).
    static void signInPhone(PassPhone &phone, const QJsonObject &person)
    {
        phone.session->signIn(person.value(QStringLiteral("kind")).toString(),
            person.value(QStringLiteral("username")).toString(),
            person.value(QStringLiteral("password")).toString());
        QVERIFY(QTest::qWaitFor(
            [&] { return phone.session->state() == Session::State::SignedIn; }, answerTimeoutMs));
    }

    // The device delegate in the list whose deviceId is id.
    static QQuickItem *deviceRow(App &app, const QString &id)
    {
        for (int i = 0; i < 20; ++i) {
            QQuickItem *row = app.item(QStringLiteral("device_%1").arg(i));
            if (row && row->property("deviceId").toString() == id)
                return row;
        }
        return nullptr;
    }

    // Saves the window as <name>-<width>-<theme>.png in the build tree, in both themes and at a
    // phone's and a desktop's size (the page stays open across them).
    static void screenshots(App &app, const QString &name)
    {
        const QString dir = QStringLiteral(TESSERA_SCREENSHOT_DIR);
        QDir().mkpath(dir);
        for (const QSize size : { QSize(390, 844), QSize(1280, 800) }) {
            for (const auto theme : { AppSettings::Theme::Light, AppSettings::Theme::Dark }) {
                app.settings.setTheme(theme);
                app.window->resize(size);
                QTest::qWait(300); // the layout and the theme's colours settle
                const QImage shot = app.window->grabWindow();
                QVERIFY(!shot.isNull());
                QVERIFY(shot.save(QDir(dir).filePath(
                    QStringLiteral("%1-%2-%3.png")
                        .arg(name)
                        .arg(size.width())
                        .arg(theme == AppSettings::Theme::Light ? QStringLiteral("light")
                                                                : QStringLiteral("dark")))));
            }
        }
        app.settings.setTheme(AppSettings::Theme::Light);
        app.window->resize(QSize(390, 844));
        QTest::qWait(100);
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void myDevicesSignsOutAnotherDevice()
    {
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        PassPhone phone(m_server.url());
        signInPhone(phone, asha);
        SessionVault phoneVault(phone.store); // the session keeps its tokens in one record
        const QByteArray phoneToken = waitFor(phoneVault.read(Session::accessTokenSecret())).value;
        QVERIFY(!phoneToken.isEmpty());

        App app(m_server.url());
        QVERIFY(app.window);
        signInAndOpenProfile(app, QStringLiteral("Asha Rao"));
        QVERIFY(click(app, app.item(QStringLiteral("myDevicesEntry"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        DevicesModel &devices = app.services->devices();
        QTRY_VERIFY_WITH_TIMEOUT(!devices.isLoading() && devices.rowCount() >= 2, answerTimeoutMs);
        QVERIFY2(devices.error().isEmpty(), qPrintable(devices.error()));

        // This device, marked, first (seen last); the phone signed in, with its facts.
        // The list makes its rows at its next polish, after the model has them.
        QTRY_VERIFY_WITH_TIMEOUT(
            deviceRow(app, app.session->deviceId()) && deviceRow(app, phone.session->deviceId()),
            answerTimeoutMs);
        QQuickItem *mine = deviceRow(app, app.session->deviceId());
        QVERIFY(mine);
        QVERIFY(mine->property("current").toBool());
        QCOMPARE(findItem(mine, QStringLiteral("deviceChip"))->property("text").toString(),
            QStringLiteral("This device"));
        QCOMPARE(findItem(mine, QStringLiteral("deviceLastSeen"))->property("text").toString(),
            QStringLiteral("Active now"));
        QQuickItem *other = deviceRow(app, phone.session->deviceId());
        QVERIFY(other);
        QVERIFY(!other->property("current").toBool());
        QVERIFY(other->property("signedIn").toBool());
        QCOMPARE(other->property("modelName").toString(), phone.device->model());
        QCOMPARE(findItem(other, QStringLiteral("deviceLastSeen"))->property("text").toString(),
            QStringLiteral("Last seen just now"));
        screenshots(app, QStringLiteral("my-devices"));

        // This device's Sign out is the normal one: it asks "Sign out?"; Cancel keeps it.
        mine = deviceRow(app, app.session->deviceId());
        QVERIFY(click(app, findItem(mine, QStringLiteral("deviceSignOut"))));
        QObject *thisDialog = findObject(app.window, QStringLiteral("signOutThisDeviceDialog"));
        QVERIFY(thisDialog);
        QTRY_VERIFY_WITH_TIMEOUT(thisDialog->property("opened").toBool(), answerTimeoutMs);
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!thisDialog->property("visible").toBool(), answerTimeoutMs);
        QCOMPARE(app.session->state(), Session::State::SignedIn);

        // The phone: asks first (naming it), then signs it out remotely.
        other = deviceRow(app, phone.session->deviceId());
        QVERIFY(click(app, findItem(other, QStringLiteral("deviceSignOut"))));
        QObject *dialog = findObject(app.window, QStringLiteral("deviceSignOutDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->property("opened").toBool(), answerTimeoutMs);
        QCOMPARE(dialog->property("heading").toString(),
            QStringLiteral("Sign out \u2068%1\u2069?").arg(phone.device->model()));
        QVERIFY(click(app, app.item(QStringLiteral("deviceSignOutDialogConfirm"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QQuickItem *row = deviceRow(app, phone.session->deviceId());
                return row && !row->property("signedIn").toBool();
            }(),
            answerTimeoutMs);
        QCOMPARE(findItem(deviceRow(app, phone.session->deviceId()), QStringLiteral("deviceChip"))
                     ->property("text")
                     .toString(),
            QStringLiteral("Signed out"));
        QVERIFY(!isShown(
            findItem(deviceRow(app, phone.session->deviceId()), QStringLiteral("deviceSignOut"))));
        // The server ended the phone's session; this one goes on.
        const ApiReply phoneMe = waitFor(
            app.client.get(QStringLiteral("/v1/me"), ApiClient::RequestOptions { phoneToken, {} }));
        QCOMPARE(phoneMe.httpStatus, 401);
        QCOMPARE(app.session->state(), Session::State::SignedIn);
        QVERIFY(devices.error().isEmpty());
        // Not offered for this device, refused in the model too.
        QVERIFY(!devices.signOut(app.session->deviceId()));
        QVERIFY(!devices.error().isEmpty());

        // Back to the profile with Escape (the list has the focus again after the dialog).
        QTRY_VERIFY_WITH_TIMEOUT(
            app.item(QStringLiteral("devicesList"))->hasActiveFocus(), answerTimeoutMs);
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(
            !isShown(app.item(QStringLiteral("myDevicesPage"))), answerTimeoutMs);
        QVERIFY(isShown(app.item(QStringLiteral("profilePage"))));
    }

    void myDataExportsToTheChosenFile()
    {
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        App app(m_server.url());
        QVERIFY(app.window);
        signInAndOpenProfile(app, QStringLiteral("Asha Rao"));
        QVERIFY(click(app, app.item(QStringLiteral("myDataEntry"))));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("myDataPage"))), answerTimeoutMs);
        PrivacyExport &exporter = app.services->privacyExport();
        QVERIFY(exporter.choosesLocation());

        // Export → the save dialog; the person picks a file; it is written whole.
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("asha-data.json"));
        QSignalSpy progress(&exporter, &PrivacyExport::progressChanged);
        QVERIFY(click(app, app.item(QStringLiteral("exportButton"))));
        QObject *saveDialog = findObject(app.window, QStringLiteral("exportSaveDialog"));
        QVERIFY(saveDialog);
        QTRY_VERIFY_WITH_TIMEOUT(saveDialog->property("opened").toBool(), answerTimeoutMs);
        // It suggests the platform's place (the Documents folder on the desktop), selected, so
        // that typing replaces it.
        QQuickItem *pathField = app.item(QStringLiteral("exportPathField"));
        QCOMPARE(pathField->property("text").toString(), exporter.suggestedPath());
        QVERIFY(pathField->hasActiveFocus());
        QTest::keyClick(app.window, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(app.window, Qt::Key_Delete);
        keyClicks(app, path);
        QCOMPARE(pathField->property("text").toString(), path);
        QTest::keyClick(app.window, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(exporter.state() == PrivacyExport::State::Done
                || exporter.state() == PrivacyExport::State::Failed,
            answerTimeoutMs);
        QVERIFY2(exporter.state() == PrivacyExport::State::Done, qPrintable(exporter.message()));
        QCOMPARE(exporter.savedPath(), path);
        QVERIFY(exporter.received() > 0); // the answer's bytes were counted as they came
        QVERIFY(progress.count() >= 2);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(document.value(QStringLiteral("person")).toString(),
            asha.value(QStringLiteral("userId")).toString());
        const QJsonObject sections = document.value(QStringLiteral("sections")).toObject();
        for (const QString &section :
            { QStringLiteral("profile"), QStringLiteral("devices"), QStringLiteral("signIns") })
            QVERIFY2(sections.contains(section), qPrintable(section));
        QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther),
            QFileDevice::Permissions {});
        QVERIFY(exporter.rows() > 0);
        QVERIFY(text(app, QStringLiteral("exportMessage")).contains(path));
        QVERIFY(text(app, QStringLiteral("exportMessage"))
                    .startsWith(QStringLiteral("Saved your data to")));
        screenshots(app, QStringLiteral("my-data"));

        // Cancelled on its way: nothing is written.
        const QString cancelled = folder.filePath(QStringLiteral("cancelled.json"));
        QVERIFY(exporter.exportToPath(cancelled));
        QVERIFY(exporter.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("cancelExportButton"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("cancelExportButton"))));
        QCOMPARE(exporter.state(), PrivacyExport::State::Cancelled);
        QTest::qWait(500); // the answer, had it not been dropped, would be written by now
        QVERIFY(!QFile::exists(cancelled));
        QCOMPARE(exporter.state(), PrivacyExport::State::Cancelled);

        // A folder that does not exist: said in words, nothing left behind.
        const QString nowhere = folder.filePath(QStringLiteral("no-such-folder/data.json"));
        QVERIFY(exporter.exportToPath(nowhere));
        QTRY_VERIFY_WITH_TIMEOUT(!exporter.isBusy(), answerTimeoutMs);
        QCOMPARE(exporter.state(), PrivacyExport::State::Failed);
        QVERIFY2(text(app, QStringLiteral("exportMessage"))
                     .startsWith(QStringLiteral("Your data could not be saved to ")),
            qPrintable(text(app, QStringLiteral("exportMessage"))));
        QVERIFY(!QFile::exists(nowhere));
        // Only local files.
        QVERIFY(!exporter.exportTo(QUrl(QStringLiteral("https://elsewhere.example/data.json"))));
        QCOMPARE(exporter.state(), PrivacyExport::State::Failed);
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppPrivacy>(argc, argv);
}

#include "tst_app_e2e_privacy.moc"
