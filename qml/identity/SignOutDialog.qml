import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Asks before signing out: sign-out removes the local data on this device. confirmed() when the
// person says yes; Escape or Cancel closes it and nothing happens.
Dialog {
    id: dialog

    signal confirmed()

    objectName: "signOutDialog"
    property string heading: qsTr("Sign out?")
    // Not Dialog.title: the style makes its own title Label (rich text) even when the header is
    // replaced. This header is plain text.
    header: OutsideText {
        text: Outside.text(dialog.heading)
        visible: dialog.heading.length > 0
        wrapMode: Text.NoWrap
        padding: Theme.spacingXXL
        bottomPadding: 0
        font.bold: true
        font.pixelSize: Theme.fontSubtitle
        background: Rectangle {
            radius: 2
            color: dialog.Material.dialogColor
        }
    }
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    // Set when it opens rather than bound: a bound width that follows the page while the dialog
    // is closed makes Qt 6.4's Dialog report a binding loop on implicitHeight.
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 400, 400)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: cancelButton.forceActiveFocus()

    Label {
        objectName: "signOutText"
        width: dialog.availableWidth
        text: qsTr("Local data on this device is removed. You can sign in again at any time.")
        wrapMode: Text.Wrap
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    footer: DialogButtonBox {
        Button {
            id: cancelButton

            objectName: "cancelSignOutButton"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: qsTr("Cancel, stay signed in")
            Keys.onReturnPressed: dialog.reject()
            Keys.onEnterPressed: dialog.reject()
        }

        Button {
            objectName: "confirmSignOutButton"
            text: qsTr("Sign out")
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: Theme.palette(dialog.Material.theme === Material.Dark).dangerOnDialog
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Sign out and remove local data")
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
        }
    }

    onAccepted: confirmed()
}
