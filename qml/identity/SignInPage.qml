import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Sign-in: a network (Active Directory) account for employees, or a local ID for non-employees
// (security, medical staff, contractors). Signs in through the Session singleton: a busy state
// while it runs, the Session's plain-word error when it fails, and a Retry when the keyring (or
// the local database) cannot be used right now.
Page {
    id: page

    // The login kind the server will be asked for: "ad" (network account) or "local" (local ID).
    readonly property string accountKind: modeSwitch.currentIndex === 0 ? "ad" : "local"
    readonly property bool busy: Session.state === Session.SigningIn
    // The secure store or the local database cannot be used now: only Retry makes sense.
    readonly property bool unavailable: Session.state === Session.Unavailable
    // A server address the app refused (ServerStatusLine says why): nothing to sign in to.
    readonly property bool canSubmit: !busy && !unavailable && Server.status !== Server.Misconfigured
                                      && userField.text.trim().length > 0
                                      && passwordField.text.length > 0
    // The inline message under the button; empty when there is nothing to say. The Session's
    // error until the person edits a field.
    property string message: ""

    // Emitted with what was sent, just before the Session is asked (the window keeps the password
    // in memory for a first-sign-in password change).
    signal submitted(string kind, string username, string password)

    function submit() {
        if (!canSubmit)
            return
        message = ""
        submitted(accountKind, userField.text.trim(), passwordField.text)
        Session.signIn(accountKind, userField.text.trim(), passwordField.text)
    }

    // Puts a kind ("ad" or "local") and a user name in the form (the window's QA sign-in).
    function fill(kind, username) {
        modeSwitch.currentIndex = kind === "local" ? 1 : 0
        userField.text = username
    }

    // The Session's error, unless it is the "choose a new password" step (another page says that).
    function sessionMessage() {
        return Session.errorCode === "password_change_required" ? "" : Session.errorMessage
    }

    Component.onCompleted: {
        message = sessionMessage()
        userField.forceActiveFocus()
    }

    Connections {
        target: Session

        function onErrorChanged() {
            page.message = page.sessionMessage()
        }

        function onStateChanged() {
            // A failed attempt leaves the user name; the password is typed again.
            if (Session.state === Session.SignedOut && Session.errorCode === "invalid_credentials") {
                passwordField.text = ""
                passwordField.forceActiveFocus()
                page.message = page.sessionMessage() // editing the field cleared it
            }
        }
    }

    objectName: "signInPage"
    title: qsTr("Sign in")
    padding: 0

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: Math.max(height, column.implicitHeight + 2 * column.margin)
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            readonly property real margin: flick.width < 480 ? 24 : 40

            // A column of at most 420 px, centred; vertically centred when there is room.
            width: Math.min(flick.width - 2 * margin, 420)
            x: (flick.width - width) / 2
            y: Math.max(margin, (flick.height - implicitHeight) / 2)
            spacing: 0

            TesseraMark {
                Layout.alignment: Qt.AlignHCenter
                size: 56
            }

            Label {
                objectName: "titleLabel"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                text: qsTr("Tessera")
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: 32
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXS
                text: qsTr("Sign in to continue")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: page.Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            SegmentedControl {
                id: modeSwitch

                objectName: "modeSwitch"
                Layout.fillWidth: true
                Layout.topMargin: 28
                labels: [qsTr("Network account"), qsTr("Local ID")]
                accessibleName: qsTr("Sign in with")
                enabled: !page.busy
                visible: !page.unavailable
                onActivated: page.message = ""
            }

            Label {
                objectName: "modeHint"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: !page.unavailable
                text: page.accountKind === "ad"
                      ? qsTr("Employees: your usual Windows network user name and password.")
                      : qsTr("Security, medical staff and contractors: the ID you were given.")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: page.Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            Label {
                id: userLabel

                objectName: "userLabel"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXL
                visible: !page.unavailable
                text: page.accountKind === "ad" ? qsTr("User name") : qsTr("Local ID")
                font.weight: Font.Medium
                Accessible.ignored: true // the field below carries the name
            }

            TextField {
                id: userField

                objectName: "userField"
                Layout.fillWidth: true
                placeholderText: page.accountKind === "ad" ? qsTr("e.g. jdoe")
                                                           : qsTr("Your local ID")
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                selectByMouse: true
                focus: true
                enabled: !page.busy
                visible: !page.unavailable
                Accessible.name: userLabel.text
                Accessible.description: placeholderText
                onTextChanged: page.message = ""
                onAccepted: passwordField.forceActiveFocus()
            }

            Label {
                id: passwordLabel

                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingM
                visible: !page.unavailable
                text: qsTr("Password")
                font.weight: Font.Medium
                Accessible.ignored: true
            }

            PasswordField {
                id: passwordField

                objectName: "passwordField"
                Layout.fillWidth: true
                placeholderText: qsTr("Password")
                selectByMouse: true
                enabled: !page.busy
                visible: !page.unavailable
                Accessible.name: passwordLabel.text
                onTextChanged: page.message = ""
                onAccepted: page.submit()
            }

            PrimaryButton {
                id: signInButton

                objectName: "signInButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXL
                Layout.preferredHeight: 52
                text: page.busy ? qsTr("Signing in…") : qsTr("Sign in")
                busy: page.busy
                enabled: page.canSubmit
                visible: !page.unavailable
                Accessible.name: text
                Accessible.description: enabled || page.busy ? ""
                                                             : qsTr("Enter your user name or ID and password first")
                onClicked: page.submit()
                Keys.onReturnPressed: page.submit()
                Keys.onEnterPressed: page.submit()
            }

            // The Session's words, which may carry the server's.
            OutsideText {
                objectName: "messageLabel"
                Layout.fillWidth: true
                Layout.topMargin: page.unavailable ? 28 : 12
                visible: page.message.length > 0
                text: Outside.text(page.message, Outside.textLimit)
                maximumLineCount: 6
                horizontalAlignment: Text.AlignHCenter
                color: Theme.palette(page.Material.theme === Material.Dark).danger
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            PrimaryButton {
                objectName: "sessionRetryButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                Layout.preferredHeight: 52
                visible: page.unavailable
                text: qsTr("Retry")
                Accessible.name: qsTr("Retry opening the saved sign-in")
                onClicked: Session.retry()
                Keys.onReturnPressed: Session.retry()
                Keys.onEnterPressed: Session.retry()
            }

            MenuSeparator {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXXL
                Accessible.ignored: true
            }

            ServerStatusLine {
                objectName: "serverStatusLine"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
            }
        }
    }
}
