// End to end: the app's real QML (Main.qml of the Tessera module) with a real Session against the
// real tessera-server (demo data), driven offscreen by mouse and keyboard as a person would:
// sign in with a local ID, the destinations the person's user type and roles allow, the profile,
// sign out behind its question; a wrong password in plain words; the first sign-in's password
// change with the server's policy message; a keyring that cannot be used, with Retry.
//
// The composition is main.cpp's, with one test-only seam: the Session's secrets go to an
// in-memory store (MemorySecretStore) instead of the keyring, so that the test can make the store
// fail on purpose.
#include "appe2efixture.h"

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

class TestAppSignIn : public QObject, protected AppE2eFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

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
        QCOMPARE(rowValue(app, QStringLiteral("rolesRow")), QStringLiteral("Medical staff"));
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
            QStringList({ QStringLiteral("home"), QStringLiteral("inbox"),
                QStringLiteral("services"), QStringLiteral("pass"), QStringLiteral("profile") }));
        // Employees open on Home (DESIGN.md, decision 12); once its sync is done, its empty state.
        QCOMPARE(text(app, QStringLiteral("shellTitle")), QStringLiteral("Home"));
        // A page's empty state title ("" while the page or its empty state is not there).
        const auto emptyTitle = [&app](const QString &page) {
            const QQuickItem *title = findItem(app.item(page), QStringLiteral("emptyStateTitle"));
            return title ? title->property("text").toString() : QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(emptyTitle(QStringLiteral("homePage")),
            QStringLiteral("Nothing here yet"), answerTimeoutMs);
        // The inbox's page is made in the frames after the first (only Home's with the shell);
        // its own empty state once the sign-in's sync is done.
        QTRY_COMPARE_WITH_TIMEOUT(emptyTitle(QStringLiteral("inboxPage")),
            QStringLiteral("No notifications yet"), answerTimeoutMs);
        QCOMPARE(text(app, QStringLiteral("railUserLabel")), QStringLiteral("Asha Rao"));

        signOutThroughProfile(app, QStringLiteral("rail_profile"));
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
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("homePage"))), answerTimeoutMs);
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
    return runEndToEnd<TestAppSignIn>(argc, argv);
}

#include "tst_app_e2e_signin.moc"
