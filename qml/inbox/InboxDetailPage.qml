import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One inbox item in full: title, sender and times, its state (pending, conflicted, expired,
// withdrawn, who decided), the body, the data fields the sending system attached, the decision
// buttons (every action the item offers) and its history from the server (what the cache knows
// when offline). All but our own words come from outside (a sub-system, the server, another
// person): OutsideText and OutsideButton show them.
//
// An item with a card (docs/NOTIFICATIONS.md) shows the card in place of the body: its submit
// actions are the decision buttons. Pressing one checks the inputs it sends in CardForm first
// (errors beside the fields), then asks for the decision with them (cardDecisionRequested); the
// server's 422 invalid_inputs, kept with the item, shows beside the fields too. A decided item (or
// one whose decision is on its way) shows the card read-only, filled with the values it was
// decided with (decidedInputs, whoever decided).
Page {
    id: detail

    property string itemId: ""
    // The item as the cache has it now; follows every change of the inbox.
    property var item: ({})
    // Its history as the server tells it (InboxHistory); tests may give another.
    property var history: InboxHistory.itemId === detail.itemId ? InboxHistory.events : []
    readonly property bool canDecide: !!item.needsAction && !item.pending
    readonly property var dataRows: {
        const rows = []
        const data = item.data
        if (data && typeof data === "object" && !Array.isArray(data)) {
            const keys = Object.keys(data)
            for (let i = 0; i < keys.length; ++i) {
                const value = data[keys[i]]
                rows.push({ label: InboxFormat.fieldName(keys[i]), value: value !== null && typeof value === "object" ? JSON.stringify(value) : String(value) })
            }
        }
        return rows
    }

    readonly property bool hasCard: !!item.card
    // The card is read once per item: what the person typed stays while the inbox changes.
    property string cardItemId: ""
    property string cardErrorsShown: ""
    property string cardDecidedShown: ""
    readonly property CardDocument cardDocument: CardDocument {}
    readonly property CardForm cardForm: CardForm {}

    signal backRequested
    signal decisionRequested(string itemId, string action)
    // A card's submit action passed the card's checks: inputs are its values (input id -> text).
    signal cardDecisionRequested(string itemId, string action, var inputs)

    function reload() {
        item = Inbox.get(itemId)
        if (item.card && cardItemId !== itemId) {
            cardItemId = itemId
            cardDecidedShown = ""
            cardDocument.json = item.card
            cardForm.json = item.card
        }
        // Decided with inputs (here or by anyone, anywhere): the read-only card shows them.
        const decided = item.decidedInputs || ({})
        const decidedText = JSON.stringify(decided)
        if (item.card && Object.keys(decided).length > 0 && decidedText !== cardDecidedShown) {
            cardDecidedShown = decidedText
            const ids = cardForm.inputIds
            for (let i = 0; i < ids.length; ++i) {
                const value = decided[ids[i]]
                cardForm.setValue(ids[i], value === undefined || value === null ? "" : String(value))
            }
        }
        // The server's word on the last decision's inputs, once each time it changes.
        const errors = JSON.stringify(item.inputErrors || [])
        if (errors !== cardErrorsShown) {
            cardErrorsShown = errors
            if (item.inputErrors && item.inputErrors.length > 0)
                cardForm.setServerErrors(item.inputErrors)
        }
    }

    objectName: "inboxDetailPage"
    title: item.title ? Outside.text(item.title) : qsTr("Notification")
    padding: 0
    Accessible.role: Accessible.Pane
    Accessible.name: title

    Component.onCompleted: {
        reload()
        InboxHistory.load(itemId)
        backButton.forceActiveFocus()
    }
    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    Connections {
        target: Inbox

        function onDataChanged() {
            detail.reload()
        }
        function onCountChanged() {
            detail.reload()
        }
        function onPendingDecisionsChanged() {
            detail.reload()
        }
    }

    // A decision that went through (or met a conflict) changes the history too.
    onItemChanged: {
        if (item.state && InboxHistory.itemId === itemId && !InboxHistory.loading && !item.pending)
            historyReload.restart()
    }
    Timer {
        id: historyReload

        interval: 300
        onTriggered: InboxHistory.load(detail.itemId)
    }

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        ToolButton {
            id: backButton

            objectName: "detailBack"
            text: qsTr("‹ Inbox")
            Accessible.name: qsTr("Back to the inbox")
            onClicked: detail.backRequested()
        }
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 48
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: Math.max(16, (flick.width - width) / 2)
            y: 8
            width: Math.min(flick.width - 32, 720)
            spacing: Theme.spacingM

            OutsideText {
                objectName: "detailTitle"
                Layout.fillWidth: true
                text: Outside.text(detail.item.title)
                maximumLineCount: 10 // the server allows 200 characters
                font.pixelSize: Theme.fontHeadline
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Flow {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                StateChip {
                    objectName: "detailState"
                    text: InboxFormat.stateText(detail.item)
                    tone: InboxFormat.stateTone(detail.item)
                }
                StateChip {
                    text: detail.item.priority === "high" ? qsTr("High priority") : ""
                    tone: "bad"
                }
                StateChip {
                    text: InboxFormat.categoryText(detail.item.category)
                    tone: "muted"
                }
            }

            Label {
                Layout.fillWidth: true
                text: {
                    const parts = [qsTr("Received %1").arg(InboxFormat.fullTimeText(detail.item.createdAt))]
                    if (detail.item.expiresAt)
                        parts.push(qsTr("answer by %1").arg(InboxFormat.fullTimeText(detail.item.expiresAt)))
                    return parts.join(" · ")
                }
                wrapMode: Text.Wrap
                color: Material.secondaryTextColor
            }

            OutsideText {
                objectName: "detailStatus"
                Layout.fillWidth: true
                visible: text.length > 0
                text: InboxFormat.statusLine(detail.item)
                color: InboxFormat.statusIsConflict(detail.item)
                       ? Theme.palette(Material.theme === Material.Dark).warn
                       : Material.secondaryTextColor
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            CardView {
                objectName: "detailCard"
                Layout.fillWidth: true
                Layout.preferredHeight: implicitHeight
                Layout.topMargin: Theme.spacingXS
                visible: detail.hasCard
                // A card that asks for no decision has no submit action (the server sees to it):
                // its links and toggles stay usable.
                enabled: detail.canDecide || !detail.item.actionable
                document: detail.hasCard ? detail.cardDocument : null
                form: detail.cardForm
                imageResolver: link => MediaImages.source(detail.cardDocument.links[link] || "")
                Accessible.description: enabled ? "" : qsTr("Read only")
                onSubmitted: (data, values, verb, actionId) => detail.cardDecisionRequested(detail.itemId, actionId || verb, values)
                // After CardView's question: only an https link the card's document holds.
                onOpenUrl: link => {
                    const url = detail.cardDocument.links[link]
                    if (typeof url === "string" && url.startsWith("https:"))
                        Qt.openUrlExternally(url)
                }
            }

            OutsideText {
                objectName: "detailBody"
                visible: !detail.hasCard
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXS
                text: Outside.text(detail.item.body, Outside.textLimit)
                font.pixelSize: Theme.fontSubtitle
                lineHeight: 1.2
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            // The sending system's data fields.
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: detail.dataRows.length > 0
                text: qsTr("Details")
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Repeater {
                model: detail.dataRows

                delegate: DetailRow {
                    required property var modelData

                    Layout.fillWidth: true
                    label: modelData.label
                    value: modelData.value
                }
            }

            // Every action the item offers.
            Flow {
                objectName: "detailActions"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: detail.canDecide && !detail.hasCard
                spacing: Theme.spacingS

                Repeater {
                    model: detail.canDecide && !detail.hasCard ? detail.item.actions : []

                    delegate: OutsideButton {
                        required property var modelData

                        objectName: "detailAction_" + modelData.id
                        maximumWidth: column.width
                        text: Outside.text(modelData.label)
                        highlighted: modelData.id === "approve"
                        flat: modelData.id !== "approve"
                        Material.accent: Theme.approve
                        Accessible.name: text
                        onClicked: detail.decisionRequested(detail.itemId, modelData.id)
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingL
                text: qsTr("History")
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            BusyIndicator {
                visible: InboxHistory.loading && InboxHistory.events.length === 0
                running: visible
                Layout.preferredHeight: 32
                Layout.preferredWidth: 32
                Accessible.name: qsTr("Loading the history")
            }

            OutsideText {
                objectName: "historyError"
                Layout.fillWidth: true
                visible: !InboxHistory.loading && InboxHistory.error.length > 0
                text: qsTr("The full history cannot be shown now: %1").arg(Outside.inline(InboxHistory.error))
                color: Material.secondaryTextColor
            }

            Repeater {
                objectName: "historyList"
                model: detail.history

                delegate: RowLayout {
                    required property var modelData

                    Layout.fillWidth: true
                    spacing: Theme.spacingM
                    Accessible.role: Accessible.ListItem
                    Accessible.name: Outside.text(modelData.text) + ", " + InboxFormat.fullTimeText(modelData.at)

                    Rectangle {
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: 6
                        implicitWidth: 10
                        implicitHeight: 10
                        radius: 5
                        color: Material.accentColor
                        Accessible.ignored: true
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingXXS

                        OutsideText {
                            objectName: "historyText"
                            Layout.fillWidth: true
                            text: Outside.text(modelData.text)
                            Accessible.ignored: true
                        }
                        OutsideText {
                            objectName: "historyComment"
                            Layout.fillWidth: true
                            visible: !!modelData.comment
                            text: qsTr("“%1”").arg(Outside.inline(modelData.comment, Outside.textLimit))
                            font.italic: true
                            Accessible.ignored: true
                        }
                        Label {
                            Layout.fillWidth: true
                            text: InboxFormat.fullTimeText(modelData.at)
                            color: Material.secondaryTextColor
                            font.pixelSize: Theme.fontCaption
                            Accessible.ignored: true
                        }
                    }
                }
            }
        }
    }
}
