import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

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
    title: required ? qsTr("A comment is needed") : qsTr("Add a comment")

    ColumnLayout {
        anchors.fill: parent
        spacing: 12

        Label {
            Layout.fillWidth: true
            text: qsTr("%1: “%2”").arg(dialog.actionLabel).arg(dialog.itemTitle)
            wrapMode: Text.Wrap
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
        Button {
            id: confirmButton

            objectName: "commentConfirm"
            text: dialog.actionLabel
            enabled: !dialog.required || dialog.comment.length > 0
            highlighted: true
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: text
        }
    }
}
