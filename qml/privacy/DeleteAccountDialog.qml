import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// A local ID deletes its own account: what it means, and the password to say it is them.
// deleteRequested(password) when the person confirms.
Dialog {
    id: dialog

    signal deleteRequested(string password)

    function ask() {
        passwordField.text = ""
        open()
    }

    objectName: "deleteAccountDialog"
    header: Label {
        text: qsTr("Delete your account?")
        padding: Theme.spacingXXL
        bottomPadding: 0
        font.bold: true
        font.pixelSize: Theme.fontSubtitle
        Accessible.role: Accessible.Heading
        Accessible.name: text
        background: Rectangle {
            radius: 2
            color: dialog.Material.dialogColor
        }
    }
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 420, 420)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: passwordField.forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Your account and everything about you are erased at once, and you are signed out on every device. This cannot be undone.")
        }

        PasswordField {
            id: passwordField

            objectName: "deleteAccountPassword"
            Layout.fillWidth: true
            placeholderText: qsTr("Your password")
            Accessible.name: qsTr("Your password, to confirm")
            Keys.onReturnPressed: if (text.length > 0) dialog.accept()
            Keys.onEnterPressed: if (text.length > 0) dialog.accept()
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "deleteAccountCancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: qsTr("Cancel, keep my account")
        }

        Button {
            objectName: "deleteAccountConfirm"
            text: qsTr("Delete my account")
            enabled: passwordField.text.length > 0
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: Theme.palette(dialog.Material.theme === Material.Dark).dangerOnDialog
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: text
        }
    }

    onAccepted: {
        const password = passwordField.text
        passwordField.text = ""
        if (password.length > 0)
            deleteRequested(password)
    }
}
