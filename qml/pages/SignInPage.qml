import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Sign-in: a network (Active Directory) account for employees, or a local ID for non-employees
// (security, medical staff, contractors). Signing in itself comes in a later version: the button
// says so plainly instead of pretending.
Page {
    id: page

    // The login kind the server will be asked for: "ad" (network account) or "local" (local ID).
    readonly property string accountKind: modeSwitch.currentIndex === 0 ? "ad" : "local"
    readonly property bool canSubmit: userField.text.trim().length > 0
                                      && passwordField.text.length > 0
    // The inline message under the button; empty when there is nothing to say.
    property string message: ""

    function submit() {
        if (!canSubmit)
            return
        message = qsTr("Signing in isn't available in this version yet.")
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
                Layout.topMargin: 16
                text: qsTr("Tessera")
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: 32
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 4
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
                onActivated: page.message = ""
            }

            Label {
                objectName: "modeHint"
                Layout.fillWidth: true
                Layout.topMargin: 8
                text: page.accountKind === "ad"
                      ? qsTr("Employees: your usual Windows network user name and password.")
                      : qsTr("Security, medical staff and contractors: the ID you were given.")
                wrapMode: Text.Wrap
                font.pixelSize: 13
                color: page.Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            Label {
                id: userLabel

                objectName: "userLabel"
                Layout.fillWidth: true
                Layout.topMargin: 20
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
                Accessible.name: userLabel.text
                Accessible.description: placeholderText
                onTextChanged: page.message = ""
                onAccepted: passwordField.forceActiveFocus()
            }

            Label {
                id: passwordLabel

                Layout.fillWidth: true
                Layout.topMargin: 12
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
                Accessible.name: passwordLabel.text
                onTextChanged: page.message = ""
                onAccepted: page.submit()
            }

            PrimaryButton {
                id: signInButton

                objectName: "signInButton"
                Layout.fillWidth: true
                Layout.topMargin: 20
                Layout.preferredHeight: 52
                text: qsTr("Sign in")
                enabled: page.canSubmit
                Accessible.name: text
                Accessible.description: enabled ? ""
                                                : qsTr("Enter your user name or ID and password first")
                onClicked: page.submit()
                Keys.onReturnPressed: page.submit()
                Keys.onEnterPressed: page.submit()
            }

            Label {
                objectName: "messageLabel"
                Layout.fillWidth: true
                Layout.topMargin: 8
                visible: page.message.length > 0
                text: page.message
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                color: page.Material.foreground
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            MenuSeparator {
                Layout.fillWidth: true
                Layout.topMargin: 24
                Accessible.ignored: true
            }

            ServerStatusLine {
                objectName: "serverStatusLine"
                Layout.fillWidth: true
                Layout.topMargin: 8
            }
        }
    }
}
