import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Writes a correction or deletion request to the privacy team: what it is about (1-2000
// characters). For a deletion it is also the confirmation: it says what deletion means and its
// button says "Ask for deletion". sendRequested(kind, comment) when the person sends it.
Dialog {
    id: dialog

    signal sendRequested(string kind, string comment)

    property string kind: "correction"
    readonly property string comment: commentArea.text.trim()
    readonly property int maxLength: 2000
    readonly property bool valid: comment.length > 0 && comment.length <= maxLength

    function ask(newKind) {
        kind = newKind
        commentArea.text = ""
        open()
    }

    objectName: "privacyRequestDialog"
    header: Label {
        text: dialog.kind === "deletion" ? qsTr("Ask to delete your data?") : qsTr("Ask for a correction")
        wrapMode: Text.Wrap
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
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 480, 480)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: commentArea.forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacingS

        Label {
            objectName: "privacyRequestExplanation"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: dialog.kind === "deletion"
                  ? qsTr("The privacy team decides. Once approved, everything about you is erased in every part of Tessera, you are signed out everywhere and your passes end. This cannot be undone.")
                  : qsTr("Say what is wrong and what it should be. The privacy team corrects it and marks the request done.")
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 120

            TextArea {
                id: commentArea

                objectName: "privacyRequestComment"
                placeholderText: dialog.kind === "deletion" ? qsTr("Why (required)") : qsTr("What should be corrected (required)")
                wrapMode: TextEdit.Wrap
                textFormat: TextEdit.PlainText
                Accessible.name: qsTr("Comment for the privacy team")
                KeyNavigation.priority: KeyNavigation.BeforeItem
                KeyNavigation.tab: sendButton
            }
        }

        Label {
            objectName: "privacyRequestCount"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignRight
            text: qsTr("%1 / %2").arg(dialog.comment.length).arg(dialog.maxLength)
            font.pixelSize: Theme.fontCaption
            color: dialog.comment.length > dialog.maxLength
                   ? Theme.palette(dialog.Material.theme === Material.Dark).danger
                   : dialog.Material.hintTextColor
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "privacyRequestCancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }

        Button {
            id: sendButton

            objectName: "privacyRequestSend"
            text: dialog.kind === "deletion" ? qsTr("Ask for deletion") : qsTr("Send")
            enabled: dialog.valid
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: dialog.kind === "deletion"
                                 ? Theme.palette(dialog.Material.theme === Material.Dark).dangerOnDialog
                                 : dialog.Material.accentColor
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: text
            Keys.onReturnPressed: dialog.accept()
            Keys.onEnterPressed: dialog.accept()
        }
    }

    onAccepted: {
        if (valid)
            sendRequested(kind, comment)
    }
}
