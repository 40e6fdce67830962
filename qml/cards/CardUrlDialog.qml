import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// Asks before a card's Action.OpenUrl opens its link, naming the link's host (the card's words
// cannot show where it goes). confirmed(link) on "Open"; Escape or Cancel: nothing happens.
Dialog {
    id: dialog

    property int link: -1
    property string host: ""

    signal confirmed(int link)

    function ask(index, linkHost) {
        link = index
        host = linkHost
        open()
    }

    objectName: "cardUrlDialog"
    // Not Dialog.title: the style's title Label is rich text. This header is plain text.
    header: OutsideText {
        text: qsTr("Open this link?")
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
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 400, 400)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onOpened: cancelButton.forceActiveFocus()

    OutsideText {
        objectName: "cardUrlHost"
        width: dialog.availableWidth
        text: qsTr("The card's link opens %1 in your browser.").arg(Outside.inline(dialog.host))
        elide: Text.ElideNone
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    footer: DialogButtonBox {
        Button {
            id: cancelButton

            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Keys.onReturnPressed: dialog.reject()
            Keys.onEnterPressed: dialog.reject()
        }

        Button {
            objectName: "cardUrlOpenButton"
            text: qsTr("Open")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Open %1").arg(Outside.inline(dialog.host))
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
        }
    }

    onAccepted: confirmed(link)
}
