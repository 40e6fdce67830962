import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Asks for the comment a decision needs (or allows): the item's title, a text area and the
// decision's button, which stays disabled while a required comment is empty. accepted() gives
// the comment through `comment`.
Dialog {
    id: dialog

    property string itemTitle: ""
    property string actionLabel: ""
    property bool required: true
    readonly property string comment: commentArea.text.trim()

    // Opens the question for one decision.
    function ask(title, label, isRequired) {
        itemTitle = title
        actionLabel = label
        required = isRequired
        commentArea.text = ""
        open()
        commentArea.forceActiveFocus()
    }

    objectName: "commentDialog"
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 32 : 400, 440)
    property string heading: required ? qsTr("A comment is needed") : qsTr("Add a comment")
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

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        OutsideText {
            objectName: "commentQuestion"
            Layout.fillWidth: true
            text: qsTr("%1: “%2”").arg(Outside.inline(dialog.actionLabel)).arg(Outside.inline(dialog.itemTitle))
            maximumLineCount: 4
            color: dialog.Material.secondaryTextColor
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 120

            TextArea {
                id: commentArea

                objectName: "commentArea"
                placeholderText: dialog.required ? qsTr("Why? (required)") : qsTr("Comment (optional)")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Comment")
                Accessible.description: placeholderText
                KeyNavigation.priority: KeyNavigation.BeforeItem
                KeyNavigation.tab: confirmButton
            }
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "commentCancel"
            text: qsTr("Cancel")
            flat: true
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }
        OutsideButton {
            id: confirmButton

            objectName: "commentConfirm"
            maximumWidth: 200
            text: Outside.text(dialog.actionLabel)
            enabled: !dialog.required || dialog.comment.length > 0
            highlighted: true
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: text
        }
    }
}
