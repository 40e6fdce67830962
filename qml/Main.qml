import QtQuick
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The app window: Material style, theme from AppSettings, and the page the Session's state calls
// for: a short wait while the saved sign-in is read, the sign-in page, the first-sign-in password
// change, or the signed-in shell.
ApplicationWindow {
    id: window

    // QA hooks the composition root may set (initial properties; empty in normal use):
    // the shell's first destination ("inbox", "pass", "scanner", "profile", "sign-out") ...
    property string startPage: ""
    // ... and {kind, username, password}: sign in with these once no saved session was found.
    property var autoSignIn: ({})

    // The password of the sign-in that asked for a new one, kept in memory only while that
    // change is pending (the server wants the temporary password with the new one).
    property string pendingPassword: ""
    // The sign-in was started from the password-change page (stay there while it runs).
    property bool changingPassword: false
    // "Back to sign in" from the password-change page.
    property bool passwordChangeDismissed: false
    property bool autoSignInDone: false

    function maybeAutoSignIn() {
        if (autoSignInDone || !autoSignIn || !autoSignIn.username || Session.state !== Session.SignedOut)
            return
        autoSignInDone = true
        pendingPassword = autoSignIn.password
        changingPassword = false
        const signInPage = pageLoader.item as SignInPage
        if (signInPage)
            signInPage.fill(autoSignIn.kind, autoSignIn.username)
        Session.signIn(autoSignIn.kind, autoSignIn.username, autoSignIn.password)
    }

    width: 390
    height: 844
    minimumWidth: 320
    minimumHeight: 480
    visible: true
    title: qsTr("Tessera")

    Material.theme: {
        switch (AppSettings.effectiveTheme) {
        case AppSettings.Dark:
            return Material.Dark
        case AppSettings.System:
            return Material.System
        default:
            return Material.Light
        }
    }
    Material.primary: Theme.brand
    Material.accent: Theme.brand

    // A notification's click or an action it cannot take itself (app/gui/desktopnotifications):
    // the item on the inbox, with the comment dialog when its action asks for one.
    function openInboxItem(itemId, action) {
        const shell = pageLoader.item as ShellPage
        if (!shell)
            return
        shell.navigate("inbox", page => {
            page.openItem(itemId)
            if (action && Inbox.requiresComment(itemId, action))
                page.requestDecision(itemId, action)
        })
    }

    Component.onCompleted: maybeAutoSignIn()

    // Closed with a tray to go to (and the setting on): hidden, still signed in, the inbox live
    // and its new items shown as notifications. Otherwise the app quits as before.
    onClosing: close => {
        const tray = trayLoader.item
        if (AppSettings.keepInTray && tray && tray.available && Session.state === Session.SignedIn) {
            close.accepted = false
            window.hide()
        }
    }

    // The tray icon: the composition root asks for it after the first frame, where the desktop
    // has a tray (app/gui/desktopnotifications).
    function loadTray() {
        trayLoader.active = true
    }

    Loader {
        id: trayLoader

        active: false
        source: "shell/TrayIcon.qml"
        onLoaded: item.window = window
    }

    Connections {
        target: Session

        function onStateChanged() {
            if (Session.state === Session.SignedIn || Session.state === Session.SignedOut) {
                window.pendingPassword = ""
                window.changingPassword = false
            }
            if (Session.state !== Session.PasswordChangeRequired && Session.state !== Session.SigningIn)
                window.passwordChangeDismissed = false
            window.maybeAutoSignIn()
        }
    }

    Loader {
        id: pageLoader

        objectName: "pageLoader"
        anchors.fill: parent
        focus: true
        sourceComponent: {
            switch (Session.state) {
            case Session.Restoring:
                return startingComponent
            case Session.SignedIn:
            case Session.SigningOut:
                return shellComponent
            case Session.PasswordChangeRequired:
                return window.passwordChangeDismissed ? signInComponent : passwordComponent
            case Session.SigningIn:
                return window.changingPassword ? passwordComponent : signInComponent
            default:
                return signInComponent
            }
        }
    }

    Component {
        id: signInComponent

        SignInPage {
            onSubmitted: (kind, username, password) => {
                window.pendingPassword = password
                window.changingPassword = false
                window.passwordChangeDismissed = false
            }
        }
    }

    Component {
        id: passwordComponent

        PasswordChangePage {
            currentPassword: window.pendingPassword
            onSubmitted: window.changingPassword = true
            onCancelled: {
                window.pendingPassword = ""
                window.passwordChangeDismissed = true
            }
        }
    }

    Component {
        id: shellComponent

        ShellPage {
            initialDestination: window.startPage
        }
    }

    Component {
        id: startingComponent

        Page {
            objectName: "startingPage"

            ColumnLayout {
                anchors.centerIn: parent
                spacing: Theme.spacingXL

                TesseraMark {
                    Layout.alignment: Qt.AlignHCenter
                    size: 56
                }

                BusyIndicator {
                    Layout.alignment: Qt.AlignHCenter
                    running: true
                    Accessible.name: qsTr("Opening Tessera")
                }
            }
        }
    }
}
