import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// Asks before a card's link (Action.OpenUrl, a link in its text) leaves the app: the host is shown
// as plain text, and only an https link the card's document holds is opened. ask(document, link)
// with the index CardView's openUrl gives; Escape or Cancel opens nothing.
Dialog {
    id: dialog

    property CardDocument document: null
    property int link: -1
    readonly property string host: document && link >= 0 ? document.linkHost(link) : ""

    function ask(cardDocument, linkIndex) {
        document = cardDocument
        link = linkIndex
        if (host.length > 0)
            open()
    }

    objectName: "cardLinkDialog"
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
    // Set when it opens (a bound width makes Qt 6.4's Dialog report a binding loop).
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 400, 400)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onOpened: cancelButton.forceActiveFocus()

    OutsideText {
        objectName: "cardLinkHost"
        width: dialog.availableWidth
        text: qsTr("It opens %1 in your browser.").arg(dialog.host)
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }

    footer: DialogButtonBox {
        Button {
            id: cancelButton

            objectName: "cancelCardLinkButton"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Keys.onReturnPressed: dialog.reject()
            Keys.onEnterPressed: dialog.reject()
        }

        Button {
            objectName: "openCardLinkButton"
            text: qsTr("Open")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Open %1 in the browser").arg(dialog.host)
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
        }
    }

    onAccepted: {
        const url = document ? document.links[link] : ""
        if (typeof url === "string" && url.startsWith("https://"))
            Qt.openUrlExternally(url)
    }
}
