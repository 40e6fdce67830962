import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One event: its title, the time in the event's time zone and in this device's, the place and the
// online link (opened after asking, https only), the description (the Adaptive Cards markdown
// subset drawn as the card engine's runs; plain text when the card engine does not take it), the
// three RSVP answers with the current one, the waiting-list place, how many go and the spots
// left (fresh from the server when it can be reached), the cancelled state, and "Add to calendar"
// (the platform's calendar seam). Every text of the event is outside text.
Page {
    id: page

    // The event shown (NewsPage.openEvent sets it).
    property string eventId: ""
    // The event as Events.details() gives it; read again whenever the events change.
    readonly property var event: Events.revision >= 0 ? Events.details(eventId) : ({})
    readonly property bool found: event.eventId !== undefined
    // The fresh counts (GET /v1/events/{id}): -1 until they came.
    property int going: -1
    property int spotsLeft: -1
    property bool countsKnown: false
    // What the last "Add to calendar" or answer said when it could not be done.
    property string notice: ""

    signal backRequested

    function answerLine() {
        if (!found)
            return ""
        if (event.myAnswer === "waiting")
            return qsTr("You are on the waiting list: place %1. You will be told when a place is free.").arg(event.waitingPlace)
        if (event.rsvpPending)
            return qsTr("Your answer is being sent.")
        return ""
    }

    objectName: "eventPage"
    title: found ? Outside.text(event.title) : qsTr("Event")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    Component.onCompleted: {
        if (eventId.length > 0)
            Events.fetchDetail(eventId)
    }

    Connections {
        target: Events

        function onDetailFetched(id, going, spotsLeft) {
            if (id !== page.eventId)
                return
            page.going = going
            page.spotsLeft = spotsLeft
            page.countsKnown = true
        }
    }

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "eventBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to the events")
                onClicked: page.backRequested()
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("Event")
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    EmptyState {
        objectName: "eventGone"
        anchors.fill: parent
        visible: !page.found
        icon: "news"
        title: qsTr("This event is no longer available")
        text: qsTr("It ended or is no longer for you.")
    }

    ScrollView {
        id: scroll

        objectName: "eventScroll"
        anchors.fill: parent
        visible: page.found
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: Math.min(scroll.availableWidth, 800)
            x: (scroll.availableWidth - width) / 2
            spacing: Theme.spacingM

            Banner {
                objectName: "eventCancelledBanner"
                Layout.fillWidth: true
                visible: page.found && page.event.cancelled
                tone: "bad"
                text: qsTr("This event was cancelled.")
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.spacingL
                spacing: Theme.spacingM

                OutsideText {
                    objectName: "eventTitle"
                    Layout.fillWidth: true
                    text: page.found ? Outside.text(page.event.title) : ""
                    font.pixelSize: Theme.fontHeadline
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                Label {
                    objectName: "eventTime"
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    text: page.found ? page.event.eventTime : ""
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSubtitle
                    Accessible.name: qsTr("When: %1").arg(text)
                }

                Label {
                    objectName: "eventDeviceTime"
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    visible: page.found && page.event.deviceTime.length > 0
                             && page.event.eventTime.indexOf(page.event.deviceTime) !== 0
                    text: page.found ? qsTr("Your time: %1").arg(page.event.deviceTime) : ""
                    wrapMode: Text.Wrap
                    color: Material.secondaryTextColor
                }

                OutsideText {
                    objectName: "eventPlace"
                    Layout.fillWidth: true
                    visible: page.found && page.event.place.length > 0
                    text: page.found ? qsTr("Where: %1").arg(Outside.inline(page.event.place)) : ""
                }

                Button {
                    objectName: "eventOnline"
                    visible: page.found && page.event.onlineUrl.length > 0
                    text: qsTr("Join online")
                    Accessible.name: qsTr("Join online (opens the browser)")
                    onClicked: linkDialog.open()
                }

                Label {
                    objectName: "eventCounts"
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    visible: page.countsKnown
                    wrapMode: Text.Wrap
                    color: Material.secondaryTextColor
                    text: {
                        if (!page.countsKnown)
                            return ""
                        const going = qsTr("%n going", "", page.going)
                        if (page.spotsLeft < 0)
                            return going
                        if (page.spotsLeft === 0)
                            return qsTr("%1 · full: answering Going joins the waiting list").arg(going)
                        return qsTr("%1 · %2").arg(going).arg(qsTr("%n spots left", "", page.spotsLeft))
                    }
                }

                EventRsvpButtons {
                    objectName: "eventRsvp"
                    Layout.fillWidth: true
                    eventId: page.eventId
                    answer: page.found ? page.event.myAnswer : ""
                    open: page.found && page.event.rsvpOpen
                    onRefused: reason => page.notice = reason
                }

                Label {
                    objectName: "eventAnswerLine"
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.answerLine()
                    wrapMode: Text.Wrap
                    font.weight: Font.DemiBold
                }

                Label {
                    objectName: "eventClosed"
                    Layout.fillWidth: true
                    visible: page.found && !page.event.rsvpOpen && !page.event.cancelled
                    text: qsTr("Answers for this event are closed.")
                    color: Material.secondaryTextColor
                }

                // The server's reason for refusing the last answer (RSVPs closed ...), outside text.
                OutsideText {
                    objectName: "eventRsvpProblem"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.found && page.event.rsvpProblem.length > 0
                          ? qsTr("Your answer was not taken: %1").arg(Outside.inline(page.event.rsvpProblem)) : ""
                    color: Theme.palette(Material.theme === Material.Dark).bad
                }

                Label {
                    objectName: "eventNotice"
                    textFormat: Text.PlainText
                    Layout.fillWidth: true
                    visible: page.notice.length > 0
                    text: page.notice
                    wrapMode: Text.Wrap
                }

                Button {
                    objectName: "eventAddToCalendar"
                    visible: page.found && Events.canAddToCalendar
                    text: qsTr("Add to calendar")
                    Accessible.name: text
                    onClicked: page.notice = Events.addToCalendar(page.eventId)
                }

                CardDocument {
                    id: descriptionDocument

                    json: page.found ? page.event.descriptionCard : ""
                }

                CardView {
                    objectName: "eventDescription"
                    Layout.fillWidth: true
                    Layout.preferredHeight: implicitHeight
                    visible: page.found && page.event.descriptionCard.length > 0
                    document: descriptionDocument
                    onOpenUrl: link => {
                        const url = descriptionDocument.links[link]
                        if (typeof url === "string" && url.startsWith("https:"))
                            Qt.openUrlExternally(url)
                    }
                }

                // A description the card engine does not take (a tag-like text): the text it is.
                OutsideText {
                    objectName: "eventPlainDescription"
                    Layout.fillWidth: true
                    visible: page.found && page.event.descriptionCard.length === 0 && page.event.description.length > 0
                    text: page.found ? Outside.text(page.event.description, Outside.textLimit) : ""
                    maximumLineCount: 2000
                }

                OutsideText {
                    objectName: "eventSource"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.found && page.event.source.length > 0
                          ? qsTr("From %1").arg(Outside.inline(page.event.source)) : ""
                    font.pixelSize: Theme.fontCaption
                    color: Material.hintTextColor
                }
            }
        }
    }

    // The online link: named before it opens, https only (EventItem refuses anything else).
    Dialog {
        id: linkDialog

        objectName: "eventLinkDialog"
        anchors.centerIn: parent
        width: Math.min(page.width - 2 * Theme.spacingL, 420)
        modal: true
        title: qsTr("Open this link?")
        standardButtons: Dialog.Open | Dialog.Cancel

        OutsideText {
            width: parent.width
            text: page.found ? Outside.inline(page.event.onlineUrl) : ""
        }

        onAccepted: {
            const url = page.found ? page.event.onlineUrl : ""
            if (url.startsWith("https:"))
                Qt.openUrlExternally(url)
        }
    }
}
