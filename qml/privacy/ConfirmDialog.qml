import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// Asks before something that cannot be undone (signing out another device, asking for deletion).
// confirmed() when the person says yes; Escape or Cancel closes it. The heading and the text are
// sentences of ours whose outside parts (a device's name) went through Outside.inline(); both are
// shown as plain text.
Dialog {
    id: dialog

    signal confirmed()

    property string heading: ""
    property string text: ""
    property string confirmText: qsTr("OK")
    property bool danger: true

    // Opens with these words.
    function ask(newHeading, newText, newConfirmText) {
        heading = newHeading
        text = newText
        confirmText = newConfirmText
        open()
    }

    header: OutsideText {
        text: dialog.heading
        visible: dialog.heading.length > 0
        maximumLineCount: 3
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
    // An explicit background: the Material style's own (an elevated layer) was seen missing under
    // Xvfb, leaving the words over the page. The dialog colour of the theme in use, with the
    // Theme's outline so that its edge shows without the shadow too.
    background: Rectangle {
        objectName: dialog.objectName + "Background"
        color: dialog.Material.dialogColor
        radius: Theme.radiusS
        border.width: 1
        border.color: Theme.palette(dialog.Material.theme === Material.Dark).outline
    }
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    // Set when it opens (see SignOutDialog: a bound width makes Qt 6.4 report a binding loop).
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 420, 420)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: cancelButton.forceActiveFocus()

    OutsideText {
        objectName: dialog.objectName + "Text"
        width: dialog.availableWidth
        text: dialog.text
        maximumLineCount: 8
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    footer: DialogButtonBox {
        Button {
            id: cancelButton

            objectName: dialog.objectName + "Cancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
            Keys.onReturnPressed: dialog.reject()
            Keys.onEnterPressed: dialog.reject()
        }

        Button {
            objectName: dialog.objectName + "Confirm"
            text: dialog.confirmText
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: dialog.danger
                                 ? Theme.palette(dialog.Material.theme === Material.Dark).dangerOnDialog
                                 : dialog.Material.accentColor
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: text
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
        }
    }

    onAccepted: confirmed()
}
