import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// News's events (the News | Events filter): from the Events singleton (the encrypted cache:
// shown offline, and a banner says so), upcoming first by start. Each row: the title, the time in
// the event's zone, the place, the person's answer or the waiting place, cancelled. A row asks
// for the event's page (openRequested). Titles and places are outside text.
Item {
    id: root

    signal openRequested(string eventId)

    objectName: "eventsList"

    function answerText(answer, waitingPlace, pending) {
        let text = ""
        if (answer === "going")
            text = qsTr("Going")
        else if (answer === "maybe")
            text = qsTr("Maybe")
        else if (answer === "no")
            text = qsTr("Not going")
        else if (answer === "waiting")
            text = qsTr("Waiting list, place %1").arg(waitingPlace)
        if (pending && text.length > 0)
            text = qsTr("%1 (sending…)").arg(text)
        return text
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "eventsOfflineBanner"
            Layout.fillWidth: true
            visible: Events.offline
            tone: "warn"
            text: qsTr("Offline — showing what this device has")
            actionText: qsTr("Retry")
            onActionTriggered: Events.syncNow()
        }

        Banner {
            objectName: "eventsErrorBanner"
            errorKind: "events.sync"
            Layout.fillWidth: true
            visible: !Events.offline && Events.error.length > 0
            tone: "bad"
            text: Events.error
            actionText: qsTr("Retry")
            onActionTriggered: Events.syncNow()
        }

        ListView {
            id: list

            objectName: "eventsListView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.maximumWidth: 960
            Layout.alignment: Qt.AlignHCenter
            visible: Events.count > 0
            model: Events
            clip: true
            keyNavigationEnabled: true
            activeFocusOnTab: true
            focus: true
            bottomMargin: Theme.spacingL
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Events")
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: row

                required property int index
                required property string eventId
                required property string title
                required property string eventTime
                required property string place
                required property bool online
                required property bool cancelled
                required property string myAnswer
                required property bool rsvpPending
                required property int waitingPlace

                readonly property string answerLine: root.answerText(myAnswer, waitingPlace, rsvpPending)

                objectName: "event_" + eventId
                width: ListView.view.width
                focus: ListView.isCurrentItem
                focusPolicy: Qt.StrongFocus
                padding: Theme.spacingL
                Accessible.role: Accessible.ListItem
                Accessible.name: {
                    const parts = [Outside.text(title)]
                    if (cancelled)
                        parts.push(qsTr("cancelled"))
                    parts.push(eventTime)
                    if (answerLine.length > 0)
                        parts.push(answerLine)
                    return parts.join(", ")
                }

                onClicked: {
                    ListView.view.currentIndex = index
                    root.openRequested(eventId)
                }
                Keys.onReturnPressed: clicked()
                Keys.onEnterPressed: clicked()
                Keys.onSpacePressed: clicked()

                contentItem: ColumnLayout {
                    spacing: Theme.spacingXS

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS

                        OutsideText {
                            objectName: "eventTitle"
                            Layout.fillWidth: true
                            text: Outside.text(row.title)
                            maximumLineCount: 2
                            font.pixelSize: Theme.fontSubtitle
                            font.strikeout: row.cancelled
                            Accessible.ignored: true
                        }

                        StateChip {
                            objectName: "eventCancelledChip"
                            visible: row.cancelled
                            text: qsTr("Cancelled")
                            tone: "bad"
                            Accessible.ignored: true
                        }

                        StateChip {
                            objectName: "eventAnswerChip"
                            visible: !row.cancelled && row.answerLine.length > 0
                            text: row.answerLine
                            tone: row.myAnswer === "going" ? "good" : "muted"
                            Accessible.ignored: true
                        }
                    }

                    Label {
                        objectName: "eventTime"
                        textFormat: Text.PlainText
                        Layout.fillWidth: true
                        text: row.eventTime
                        elide: Text.ElideRight
                        color: Material.secondaryTextColor
                        font.pixelSize: Theme.fontSmall
                        Accessible.ignored: true
                    }

                    OutsideText {
                        objectName: "eventPlace"
                        Layout.fillWidth: true
                        visible: text.length > 0
                        text: row.place.length > 0 ? Outside.text(row.place) : (row.online ? qsTr("Online") : "")
                        wrapMode: Text.NoWrap
                        font.pixelSize: Theme.fontCaption
                        color: Material.secondaryTextColor
                        Accessible.ignored: true
                    }
                }
            }
        }

        EmptyState {
            objectName: "eventsEmptyState"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Events.count === 0
            icon: "news"
            title: Events.loading ? qsTr("Loading…") : qsTr("No events yet")
            text: Events.loading ? "" : qsTr("Events you are invited to appear here.")
        }
    }
}
