import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One inbox item in the list: unread mark, title, sender's category and time, two lines of the
// body, its state, and Approve / Reject for an item that needs a decision. Swipe right to
// approve, left to reject (touch); the buttons do the same by mouse and keyboard; an action whose
// card sends inputs opens the detail page instead (its form first). In selection
// mode a check box replaces the swipe (bulk approval). Title, body, category, action labels and
// who decided come from outside: OutsideText and OutsideButton show them.
SwipeDelegate {
    id: row

    required property var model
    required property int index
    property bool selecting: false
    property bool selected: false
    readonly property bool canDecide: row.model.needsAction && !row.model.pending
    readonly property bool hasApprove: InboxFormat.hasAction(row.model, "approve")
    readonly property bool hasReject: InboxFormat.hasAction(row.model, "reject")
    // The actions whose card sends inputs (the model's formActions): the detail page decides
    // them with the form, never the list.
    readonly property var formActions: row.model.formActions || []

    // A quick decision, or the detail page when the action needs its card's form.
    function quickDecision(action) {
        if (formActions.indexOf(action) >= 0)
            openRequested(row.model.id)
        else
            decisionRequested(row.model.id, action)
    }

    // The page decides what a decision needs (a comment dialog) and what a click opens.
    signal decisionRequested(string itemId, string action)
    signal openRequested(string itemId)
    signal selectionToggled(string itemId)
    signal selectionStarted(string itemId)

    objectName: "inboxItem_" + row.model.id
    // The list's current item has the keyboard focus (arrows move it, Enter opens it).
    focus: ListView.isCurrentItem
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: 0
    focusPolicy: Qt.StrongFocus
    swipe.enabled: canDecide && !selecting && (hasApprove || hasReject)
    Accessible.role: Accessible.ListItem
    Accessible.name: {
        const parts = [Outside.text(row.model.title)]
        if (row.model.unread)
            parts.push(qsTr("unread"))
        const state = InboxFormat.stateText(row.model)
        if (state.length > 0)
            parts.push(state)
        parts.push(InboxFormat.timeText(row.model.createdAt))
        return parts.join(", ")
    }
    Accessible.description: Outside.text(row.model.body)

    onClicked: {
        if (selecting)
            selectionToggled(row.model.id)
        else
            openRequested(row.model.id)
    }
    onPressAndHold: {
        if (!selecting && canDecide)
            selectionStarted(row.model.id)
    }
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    Keys.onSpacePressed: {
        if (selecting)
            selectionToggled(row.model.id)
        else
            clicked()
    }

    swipe.onCompleted: {
        const action = swipe.position > 0 ? "approve" : "reject"
        swipe.close()
        if ((action === "approve" && hasApprove) || (action === "reject" && hasReject))
            quickDecision(action)
    }

    swipe.left: Rectangle {
        width: row.width
        height: row.height
        visible: row.hasApprove
        color: Theme.palette(row.Material.theme === Material.Dark).swipeApprove

        OutsideText {
            anchors.left: parent.left
            anchors.leftMargin: Theme.spacingXXL
            anchors.verticalCenter: parent.verticalCenter
            width: Math.min(implicitWidth, row.width / 2)
            wrapMode: Text.NoWrap
            text: InboxFormat.actionLabel(row.model, "approve")
            color: Theme.swipeText
            font.weight: Font.DemiBold
        }
    }

    swipe.right: Rectangle {
        width: row.width
        height: row.height
        visible: row.hasReject
        color: Theme.palette(row.Material.theme === Material.Dark).swipeReject

        OutsideText {
            anchors.right: parent.right
            anchors.rightMargin: Theme.spacingXXL
            anchors.verticalCenter: parent.verticalCenter
            width: Math.min(implicitWidth, row.width / 2)
            wrapMode: Text.NoWrap
            horizontalAlignment: Text.AlignRight
            text: InboxFormat.actionLabel(row.model, "reject")
            color: Theme.swipeText
            font.weight: Font.DemiBold
        }
    }

    // A hairline between items.
    Rectangle {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.spacingXXXL
        height: 1
        color: row.Material.dividerColor
        Accessible.ignored: true
    }

    contentItem: RowLayout {
        spacing: Theme.spacingM

        // The check box only in selection mode: made when it starts (most rows never need it).
        Loader {
            active: row.selecting
            visible: row.selecting
            Layout.leftMargin: Theme.spacingXS

            sourceComponent: CheckBox {
                objectName: "inboxItemCheck"
                enabled: row.canDecide
                checked: row.selected
                Accessible.name: qsTr("Select “%1”").arg(Outside.inline(row.model.title))
                onToggled: row.selectionToggled(row.model.id)
            }
        }

        // The unread mark.
        Rectangle {
            visible: !row.selecting
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 22
            Layout.leftMargin: Theme.spacingM
            implicitWidth: 8
            implicitHeight: 8
            radius: Theme.radiusS
            color: row.model.unread ? row.Material.accentColor : "transparent"
            Accessible.ignored: true
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingM
            Layout.bottomMargin: row.canDecide && !row.selecting ? 4 : 12
            Layout.rightMargin: Theme.spacingL
            spacing: Theme.spacingXS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                OutsideText {
                    objectName: "inboxItemTitle"
                    Layout.fillWidth: true
                    text: Outside.text(row.model.title)
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontSubtitle
                    font.weight: row.model.unread ? Font.DemiBold : Font.Normal
                    Accessible.ignored: true
                }

                Label {
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: 3
                    text: InboxFormat.timeText(row.model.createdAt)
                    color: row.Material.secondaryTextColor
                    font.pixelSize: Theme.fontCaption
                    Accessible.ignored: true
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                OutsideText {
                    objectName: "inboxItemCategory"
                    Layout.fillWidth: true
                    wrapMode: Text.NoWrap
                    text: {
                        const parts = [InboxFormat.categoryText(row.model.category)]
                        if (row.model.priority === "high")
                            parts.push(qsTr("High priority"))
                        return parts.filter(p => p.length > 0).join(" · ")
                    }
                    elide: Text.ElideRight
                    color: row.model.priority === "high" ? Theme.palette(row.Material.theme === Material.Dark).bad
                                                         : row.Material.secondaryTextColor
                    font.pixelSize: Theme.fontSmall
                    Accessible.ignored: true
                }

                StateChip {
                    objectName: "inboxItemState"
                    maximumWidth: 160
                    text: InboxFormat.stateText(row.model)
                    tone: InboxFormat.stateTone(row.model)
                }
            }

            OutsideText {
                objectName: "inboxItemBody"
                Layout.fillWidth: true
                text: Outside.text(row.model.body)
                maximumLineCount: 2
                elide: Text.ElideRight
                color: row.Material.secondaryTextColor
                Accessible.ignored: true
            }

            OutsideText {
                objectName: "inboxItemStatus"
                Layout.fillWidth: true
                visible: text.length > 0
                text: InboxFormat.statusLine(row.model)
                maximumLineCount: 3
                font.pixelSize: Theme.fontSmall
                font.italic: row.model.pending
                color: InboxFormat.statusIsConflict(row.model)
                       ? Theme.palette(row.Material.theme === Material.Dark).warn
                       : row.Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            RowLayout {
                visible: row.canDecide && !row.selecting
                spacing: Theme.spacingS

                OutsideButton {
                    objectName: "approveButton"
                    maximumWidth: Math.max(88, (row.width - 72) / 2)
                    visible: row.hasApprove
                    text: InboxFormat.actionLabel(row.model, "approve")
                    highlighted: true
                    Material.accent: Theme.approve
                    Accessible.name: qsTr("%1: %2").arg(text).arg(Outside.text(row.model.title))
                    Accessible.description: row.formActions.indexOf("approve") >= 0 ? qsTr("Opens the form to fill in first") : ""
                    onClicked: row.quickDecision("approve")
                }

                OutsideButton {
                    objectName: "rejectButton"
                    maximumWidth: Math.max(88, (row.width - 72) / 2)
                    visible: row.hasReject
                    text: InboxFormat.actionLabel(row.model, "reject")
                    flat: true
                    Accessible.name: qsTr("%1: %2").arg(text).arg(Outside.text(row.model.title))
                    Accessible.description: row.formActions.indexOf("reject") >= 0 ? qsTr("Opens the form to fill in first") : ""
                    onClicked: row.quickDecision("reject")
                }
            }
        }
    }
}
