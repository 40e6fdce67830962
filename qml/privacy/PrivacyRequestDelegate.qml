import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One privacy request: its kind, state (a chip), when it was sent, the person's comment and the
// privacy team's answer (both plain text).
Pane {
    id: item

    required property int index
    required property string requestId
    required property string kind
    required property string comment
    required property string requestState
    required property string stateText
    required property var createdAt
    required property var decidedAt
    required property string decisionComment

    function toneOf(s) {
        switch (s) {
        case "done":
        case "approved":
            return "good"
        case "rejected":
            return "bad"
        default:
            return "warn"
        }
    }

    objectName: "privacyRequest_" + index
    padding: Theme.spacingM
    Material.elevation: 0
    activeFocusOnTab: true
    Accessible.role: Accessible.Grouping
    Accessible.name: (kind === "deletion" ? qsTr("Deletion request") : qsTr("Correction request")) + ": " + stateText

    background: Rectangle {
        radius: Theme.radiusL
        color: item.Material.dialogColor
        border.width: item.activeFocus ? 2 : 1
        border.color: item.activeFocus ? item.Material.accentColor
                                       : Theme.palette(item.Material.theme === Material.Dark).outline
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingXS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                objectName: "privacyRequestKind"
                Layout.fillWidth: true
                text: item.kind === "deletion" ? qsTr("Deletion of my data") : qsTr("Correction of my data")
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Accessible.ignored: true
            }

            StateChip {
                objectName: "privacyRequestState"
                text: item.stateText
                tone: item.toneOf(item.requestState)
                maximumWidth: 200
            }
        }

        Label {
            Layout.fillWidth: true
            text: item.createdAt ? qsTr("Sent %1").arg(InboxFormat.fullTimeText(item.createdAt)) : ""
            font.pixelSize: Theme.fontCaption
            color: item.Material.hintTextColor
            elide: Text.ElideRight
        }

        OutsideText {
            objectName: "privacyRequestComment"
            Layout.fillWidth: true
            text: Outside.text(item.comment, 2000)
            maximumLineCount: 6
        }

        OutsideText {
            objectName: "privacyRequestAnswer"
            Layout.fillWidth: true
            visible: item.decisionComment.length > 0
            text: qsTr("Privacy team: %1").arg(Outside.inline(item.decisionComment, 2000))
            color: item.Material.secondaryTextColor
            maximumLineCount: 6
        }
    }
}
