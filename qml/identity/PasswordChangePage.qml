import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The first sign-in of a local ID: its temporary password works once, to choose the person's
// own. New password twice; the server's password policy decides (at least 12 characters, not a
// common password); when it refuses, its reason is shown in its words.
Page {
    id: page

    // The local ID being signed in, and the temporary password it was signed in with (kept in
    // memory by the window only while this change is pending).
    property string username: Session.pendingUsername
    property string currentPassword: ""
    readonly property bool busy: Session.state === Session.SigningIn
    readonly property bool canSubmit: !busy && newField.text.length > 0 && confirmField.text.length > 0
    property string message: ""

    signal submitted()
    // "Back to sign in": the person wants to start again (another ID, a typo).
    signal cancelled()

    function submit() {
        if (!canSubmit)
            return
        if (newField.text !== confirmField.text) {
            message = qsTr("The two passwords do not match.")
            confirmField.forceActiveFocus()
            confirmField.selectAll()
            return
        }
        message = ""
        submitted()
        Session.changePassword(username, currentPassword, newField.text)
    }

    function sessionMessage() {
        return Session.errorCode === "password_change_required" ? "" : Session.errorMessage
    }

    objectName: "passwordChangePage"
    title: qsTr("Choose a new password")
    padding: 0

    Component.onCompleted: {
        message = sessionMessage()
        newField.forceActiveFocus()
    }

    Connections {
        target: Session

        function onErrorChanged() {
            page.message = page.sessionMessage()
        }
    }

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

            width: Math.min(flick.width - 2 * margin, 420)
            x: (flick.width - width) / 2
            y: Math.max(margin, (flick.height - implicitHeight) / 2)
            spacing: 0

            TesseraMark {
                Layout.alignment: Qt.AlignHCenter
                size: 48
            }

            Label {
                objectName: "titleLabel"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                text: page.title
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontDisplay
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            OutsideText {
                objectName: "introLabel"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: page.username.length > 0
                      ? qsTr("You signed in as %1 with a temporary password. Choose your own password to finish signing in.").arg(Outside.inline(page.username))
                      : qsTr("You signed in with a temporary password. Choose your own password to finish signing in.")
                horizontalAlignment: Text.AlignHCenter
                color: page.Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            Label {
                id: newLabel

                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXXL
                text: qsTr("New password")
                font.weight: Font.Medium
                Accessible.ignored: true
            }

            PasswordField {
                id: newField

                objectName: "newPasswordField"
                Layout.fillWidth: true
                placeholderText: qsTr("At least 12 characters")
                selectByMouse: true
                focus: true
                enabled: !page.busy
                Accessible.name: newLabel.text
                Accessible.description: policyLabel.text
                onTextChanged: page.message = ""
                onAccepted: confirmField.forceActiveFocus()
            }

            Label {
                id: policyLabel

                objectName: "policyLabel"
                Layout.fillWidth: true
                Layout.topMargin: 6
                text: qsTr("At least 12 characters, not a common password and not your ID. A few unrelated words make a good one.")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: page.Material.secondaryTextColor
                Accessible.ignored: true // the field's description
            }

            Label {
                id: confirmLabel

                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                text: qsTr("Confirm new password")
                font.weight: Font.Medium
                Accessible.ignored: true
            }

            PasswordField {
                id: confirmField

                objectName: "confirmPasswordField"
                Layout.fillWidth: true
                placeholderText: qsTr("The same password again")
                selectByMouse: true
                enabled: !page.busy
                Accessible.name: confirmLabel.text
                onTextChanged: page.message = ""
                onAccepted: page.submit()
            }

            PrimaryButton {
                objectName: "changePasswordButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXL
                Layout.preferredHeight: 52
                text: page.busy ? qsTr("Setting password…") : qsTr("Set password and sign in")
                busy: page.busy
                enabled: page.canSubmit
                Accessible.name: text
                Accessible.description: enabled || page.busy ? "" : qsTr("Enter the new password twice first")
                onClicked: page.submit()
                Keys.onReturnPressed: page.submit()
                Keys.onEnterPressed: page.submit()
            }

            // The Session's words, which may carry the server's.
            OutsideText {
                objectName: "messageLabel"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingM
                visible: page.message.length > 0
                text: Outside.text(page.message, Outside.textLimit)
                maximumLineCount: 6
                horizontalAlignment: Text.AlignHCenter
                color: Theme.palette(page.Material.theme === Material.Dark).danger
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            Button {
                objectName: "backToSignInButton"
                Layout.alignment: Qt.AlignHCenter
                Layout.topMargin: Theme.spacingM
                text: qsTr("Back to sign in")
                flat: true
                enabled: !page.busy
                font.capitalization: Font.MixedCase
                Accessible.name: text
                onClicked: page.cancelled()
                Keys.onReturnPressed: page.cancelled()
                Keys.onEnterPressed: page.cancelled()
            }
        }
    }
}
