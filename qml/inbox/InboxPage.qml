import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The employee's inbox: notifications from company systems, newest first in sections by day,
// filtered (all, needs action, unread, a category); approve or reject from the list (buttons or
// swipe) or the detail page; a comment where the sender asks for one; bulk approval of selected
// items; pull (or Refresh, F5) to sync. Decisions made offline wait in the outbox and the banner
// says so. Everything comes from the Inbox model: the cache works without a network.
Page {
    id: page

    property bool selecting: false
    property var selectedIds: []
    // The decision the comment dialog is asking about.
    property string askedItem: ""
    property string askedAction: ""
    // The card's values of the decision waiting for its comment.
    property var askedInputs: ({})
    // Opens the first item as soon as the list has one (screenshots of the detail page).
    property bool openFirstWhenLoaded: false

    // Asks the shell for another destination (the open surveys' section opens Surveys).
    signal navigateRequested(string name, var start)

    function openFirstIfAsked() {
        if (!openFirstWhenLoaded || Inbox.count === 0 || Inbox.loading)
            return
        openFirstWhenLoaded = false
        const first = Inbox.get(Inbox.data(Inbox.index(0, 0), Inbox.IdRole))
        if (first.id)
            openItem(first.id)
    }

    function filterName() {
        switch (Inbox.filter) {
        case Inbox.NeedsAction:
            return "needs-action"
        case Inbox.Unread:
            return "unread"
        case Inbox.Category:
            return "category:" + Inbox.category
        default:
            return "all"
        }
    }

    function setFilter(name) {
        if (name === "needs-action") {
            Inbox.filter = Inbox.NeedsAction
        } else if (name === "unread") {
            Inbox.filter = Inbox.Unread
        } else if (name.startsWith("category:")) {
            Inbox.category = name.slice(9)
            Inbox.filter = Inbox.Category
        } else {
            Inbox.filter = Inbox.All
        }
    }

    // A decision asked for from the list or the detail page: with the comment dialog when the
    // action asks for one, else at once.
    // inputs: a card's values sent with the action (an item with a card; none otherwise).
    function requestDecision(itemId, action, inputs) {
        const item = Inbox.get(itemId)
        if (!item.id)
            return
        // Without the card's values, an action that sends them is decided on the detail page.
        if (inputs === undefined && (item.formActions || []).indexOf(action) >= 0) {
            openItem(itemId)
            return
        }
        if (Inbox.requiresComment(itemId, action)) {
            askedItem = itemId
            askedAction = action
            askedInputs = inputs || ({})
            commentDialog().ask(item.title, InboxFormat.actionLabel(item, action), true)
            return
        }
        report(Inbox.decide(itemId, action, "", inputs || ({})))
    }

    function report(refusal) {
        if (refusal && refusal.length > 0)
            toast().show(refusal, "inbox.decision")
    }

    // The detail page by its URL: its type loads when an item is first opened, not with the
    // inbox (docs/PERFORMANCE.md, bench_startup).
    function openItem(itemId) {
        Inbox.markRead(itemId)
        const detail = stack.push(Qt.resolvedUrl("InboxDetailPage.qml"), { itemId: itemId })
        if (!detail)
            return
        detail.backRequested.connect(() => stack.pop())
        detail.decisionRequested.connect((id, action) => page.requestDecision(id, action))
        detail.cardDecisionRequested.connect((id, action, inputs) => page.requestDecision(id, action, inputs))
    }

    function startSelection(itemId) {
        selecting = true
        selectedIds = [itemId]
    }

    function toggleSelection(itemId) {
        const list = selectedIds.slice()
        const at = list.indexOf(itemId)
        if (at >= 0)
            list.splice(at, 1)
        else
            list.push(itemId)
        selectedIds = list
    }

    function endSelection() {
        selecting = false
        selectedIds = []
    }

    function approveSelected() {
        const left = Inbox.approveAll(selectedIds)
        endSelection()
        report(left)
    }

    objectName: "inboxPage"
    title: qsTr("Inbox")
    padding: 0

    onOpenFirstWhenLoadedChanged: openFirstIfAsked()
    Connections {
        target: Inbox

        function onCountChanged() {
            page.openFirstIfAsked()
        }
        function onLoadingChanged() {
            page.openFirstIfAsked()
        }
    }

    Shortcut {
        sequences: [StandardKey.Refresh, "Ctrl+R"]
        enabled: page.visible
        onActivated: Inbox.refresh()
    }

    StackView {
        id: stack

        objectName: "inboxStack"
        anchors.fill: parent
        initialItem: listComponent
        focus: true
    }

    Component {
        id: listComponent

        Item {
            objectName: "inboxListPage"

            ColumnLayout {
                anchors.fill: parent
                spacing: 0

                Banner {
                    objectName: "offlineBanner"
                    Layout.fillWidth: true
                    visible: Inbox.offline
                    tone: "warn"
                    text: Inbox.pendingDecisions > 0
                          ? qsTr("Offline — %n decision(s) will be sent when you're back", "", Inbox.pendingDecisions)
                          : qsTr("Offline — showing what this device has")
                    actionText: qsTr("Retry")
                    onActionTriggered: Inbox.refresh()
                }

                Banner {
                    objectName: "errorBanner"
                    errorKind: "inbox.sync"
                    Layout.fillWidth: true
                    visible: !Inbox.offline && Inbox.error.length > 0 && Inbox.count > 0
                    tone: "bad"
                    text: Inbox.error
                    actionText: qsTr("Retry")
                    onActionTriggered: Inbox.refresh()
                }

                OpenSurveysSection {
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.spacingS
                    onOpenRequested: id => page.navigateRequested("surveys", surveys => id && surveys.openSurvey(id))
                }

                // Filters, or the selection's own bar.
                Pane {
                    Layout.fillWidth: true
                    padding: 0
                    topPadding: Theme.spacingS
                    bottomPadding: Theme.spacingS
                    visible: !page.selecting

                    ListView {
                        id: filters

                        objectName: "inboxFilters"
                        anchors.left: parent.left
                        anchors.right: parent.right
                        implicitHeight: 40
                        height: 40
                        orientation: ListView.Horizontal
                        spacing: Theme.spacingS
                        leftMargin: Theme.spacingL
                        rightMargin: Theme.spacingL
                        clip: true
                        boundsBehavior: Flickable.StopAtBounds
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("Filters")
                        model: {
                            const list = [{ name: "all", label: qsTr("All") },
                                          { name: "needs-action", label: qsTr("Needs action") },
                                          { name: "unread", label: Inbox.unreadCount > 0 ? qsTr("Unread (%1)").arg(Inbox.unreadCount) : qsTr("Unread") }]
                            const categories = Inbox.categories
                            for (let i = 0; i < categories.length; ++i)
                                list.push({ name: "category:" + categories[i], label: InboxFormat.categoryText(categories[i]) })
                            return list
                        }

                        delegate: FilterChip {
                            id: chip

                            required property var modelData

                            objectName: "filter_" + chip.modelData.name
                            anchors.verticalCenter: parent ? parent.verticalCenter : undefined
                            text: chip.modelData.label
                            chosen: page.filterName() === chip.modelData.name
                            onClicked: page.setFilter(chip.modelData.name)
                        }
                    }
                }

                Pane {
                    objectName: "selectionBar"
                    Layout.fillWidth: true
                    visible: page.selecting
                    padding: Theme.spacingS
                    leftPadding: Theme.spacingL

                    RowLayout {
                        anchors.fill: parent
                        spacing: Theme.spacingS

                        Label {
                            objectName: "selectionCount"
                            Layout.fillWidth: true
                            text: qsTr("%n selected", "", page.selectedIds.length)
                            font.weight: Font.DemiBold
                            elide: Text.ElideRight
                        }

                        Button {
                            objectName: "approveSelected"
                            text: qsTr("Approve")
                            highlighted: true
                            Material.accent: Theme.approve
                            enabled: page.selectedIds.length > 0
                            Accessible.name: qsTr("Approve %n selected item(s)", "", page.selectedIds.length)
                            onClicked: page.approveSelected()
                        }

                        Button {
                            objectName: "cancelSelection"
                            text: qsTr("Cancel")
                            flat: true
                            Accessible.name: qsTr("Cancel selection")
                            onClicked: page.endSelection()
                        }
                    }
                }

                Item {
                    Layout.fillWidth: true
                    Layout.fillHeight: true

                    ListView {
                        id: list

                        readonly property bool pulled: contentY < -72

                        objectName: "inboxList"
                        anchors.top: parent.top
                        anchors.bottom: parent.bottom
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: Math.min(parent.width, 960)
                        model: Inbox
                        clip: true
                        keyNavigationEnabled: true
                        focus: true
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("Notifications")
                        section.property: "section"
                        section.criteria: ViewSection.FullString
                        section.delegate: Label {
                            required property string section

                            width: ListView.view.width
                            leftPadding: Theme.spacingL
                            topPadding: Theme.spacingL
                            bottomPadding: 6
                            text: section
                            font.pixelSize: Theme.fontSmall
                            font.weight: Font.DemiBold
                            color: Material.accentColor
                            Accessible.role: Accessible.Heading
                            Accessible.name: text
                        }

                        onDragEnded: {
                            if (pulled)
                                Inbox.refresh()
                        }

                        delegate: InboxDelegate {
                            selecting: page.selecting
                            selected: page.selectedIds.indexOf(model.id) >= 0
                            onDecisionRequested: (itemId, action) => page.requestDecision(itemId, action)
                            onOpenRequested: itemId => page.openItem(itemId)
                            onSelectionToggled: itemId => page.toggleSelection(itemId)
                            onSelectionStarted: itemId => page.startSelection(itemId)
                        }

                        // Pull to refresh: what letting go does, then the sync running.
                        header: Item {
                            width: list.width
                            height: Inbox.loading && Inbox.count > 0 ? 40 : 0

                            BusyIndicator {
                                anchors.centerIn: parent
                                running: Inbox.loading && Inbox.count > 0
                                visible: running
                                height: 32
                                width: 32
                                Accessible.name: qsTr("Updating the inbox")
                            }
                        }

                        ScrollBar.vertical: ScrollBar {}
                    }

                    Label {
                        objectName: "pullHint"
                        anchors.horizontalCenter: parent.horizontalCenter
                        y: Math.max(8, -list.contentY / 2 - height / 2)
                        visible: list.contentY < -24
                        text: list.pulled ? qsTr("Release to refresh") : qsTr("Pull to refresh")
                        color: Material.secondaryTextColor
                    }

                    // Nothing to list: loading, an error, or an honest empty state per filter.
                    ColumnLayout {
                        anchors.centerIn: parent
                        width: Math.min(parent.width - 48, 360)
                        visible: Inbox.count === 0 && Inbox.loading
                        spacing: Theme.spacingM

                        BusyIndicator {
                            Layout.alignment: Qt.AlignHCenter
                            running: parent.visible
                            Accessible.name: qsTr("Loading the inbox")
                        }
                        Label {
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: qsTr("Loading your inbox…")
                            color: Material.secondaryTextColor
                        }
                    }

                    ColumnLayout {
                        anchors.fill: parent
                        visible: Inbox.count === 0 && !Inbox.loading
                        spacing: Theme.spacingS

                        EmptyState {
                            objectName: "inboxEmptyState"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            icon: "inbox"
                            title: {
                                if (Inbox.error.length > 0 && Inbox.filter === Inbox.All)
                                    return qsTr("The inbox could not be loaded")
                                switch (Inbox.filter) {
                                case Inbox.NeedsAction:
                                    return qsTr("Nothing needs your decision")
                                case Inbox.Unread:
                                    return qsTr("You have read everything")
                                case Inbox.Category:
                                    return qsTr("Nothing in this category")
                                default:
                                    return qsTr("No notifications yet")
                                }
                            }
                            text: Inbox.error.length > 0 && Inbox.filter === Inbox.All
                                  ? Inbox.error
                                  : qsTr("Requests and updates from company systems will appear here.")
                        }

                        Button {
                            objectName: "inboxRetry"
                            Layout.alignment: Qt.AlignHCenter
                            Layout.bottomMargin: Theme.spacingXXL
                            visible: Inbox.error.length > 0
                            text: qsTr("Try again")
                            Accessible.name: text
                            onClicked: Inbox.refresh()
                        }
                    }
                }
            }
        }
    }

    // The comment dialog and the toast are made on first use, not with the inbox (each is a
    // popup with its own layered background: docs/PERFORMANCE.md, bench_startup).
    function commentDialog() {
        commentLoader.active = true
        return commentLoader.item
    }

    function toast() {
        toastLoader.active = true
        return toastLoader.item
    }

    Loader {
        id: commentLoader

        active: false
        sourceComponent: CommentDialog {
            id: dialog

            parent: Overlay.overlay
            onAccepted: page.report(Inbox.decide(page.askedItem, page.askedAction, dialog.comment, page.askedInputs))
        }
    }

    Loader {
        id: toastLoader

        active: false
        sourceComponent: Toast {
            parent: Overlay.overlay
        }
    }
}
