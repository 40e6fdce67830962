import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// My requests, read-only: what this person asked for, newest first, from the Requests singleton
// (the encrypted cache; what still waits in the outbox on top, "Waiting to send"). Each with its
// status in words, the sub-system's message as plain text and its result card drawn by CardView
// (a ticket number ...). Statuses change live as the sub-systems set them.
Page {
    id: page

    signal backRequested

    // A status's chip tone.
    function toneOf(status) {
        switch (status) {
        case "done":
            return "good"
        case "rejected":
            return "bad"
        case "waiting":
            return "warn"
        case "in_progress":
        case "received":
            return "accent"
        default:
            return "muted"
        }
    }

    // After CardView's question: only an https link the card's document holds.
    function openLink(document, link) {
        const url = document.links[link]
        if (typeof url === "string" && url.startsWith("https:"))
            Qt.openUrlExternally(url)
    }

    objectName: "requestsPage"
    title: qsTr("My requests")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "requestsBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to services")
                onClicked: page.backRequested()
            }

            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "requestsOfflineBanner"
            Layout.fillWidth: true
            visible: Services.offline
            tone: "warn"
            text: qsTr("Offline — showing what this device has")
            actionText: qsTr("Retry")
            onActionTriggered: Services.syncNow()
        }

        ListView {
            id: list

            objectName: "requestsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Requests.count > 0
            clip: true
            model: Requests
            spacing: Theme.spacingS
            topMargin: Theme.spacingM
            bottomMargin: Theme.spacingL
            keyNavigationEnabled: true
            activeFocusOnTab: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("My requests")
            ScrollBar.vertical: ScrollBar {}

            delegate: Pane {
                id: requestItem

                required property int index
                required property string submissionId
                required property string serviceTitle
                required property string status
                required property string statusText
                required property string message
                required property var submittedAt
                required property string resultCard

                objectName: "request_" + (submissionId.length > 0 ? submissionId : "waiting" + index)
                width: Math.min(ListView.view.width - 2 * Theme.spacingL, 720)
                x: Theme.spacingL
                padding: Theme.spacingM
                Material.elevation: 0
                Accessible.role: Accessible.Grouping
                // Not arg() twice: a title holding "%2" would take the status's place.
                Accessible.name: Outside.inline(serviceTitle) + ": " + statusText

                background: Rectangle {
                    radius: Theme.radiusL
                    color: requestItem.Material.dialogColor
                    border.width: 1
                    border.color: Theme.palette(requestItem.Material.theme === Material.Dark).outline
                }

                contentItem: ColumnLayout {
                    spacing: Theme.spacingS

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS

                        OutsideText {
                            objectName: "requestTitle"
                            Layout.fillWidth: true
                            text: Outside.text(requestItem.serviceTitle)
                            maximumLineCount: 2
                            font.pixelSize: Theme.fontBody
                            font.weight: Font.DemiBold
                            Accessible.ignored: true
                        }

                        StateChip {
                            objectName: "requestStatus"
                            text: requestItem.statusText
                            tone: page.toneOf(requestItem.status)
                            maximumWidth: 160
                        }
                    }

                    Label {
                        objectName: "requestWhen"
                        Layout.fillWidth: true
                        text: requestItem.submittedAt
                              ? qsTr("Sent %1").arg(InboxFormat.fullTimeText(requestItem.submittedAt))
                              : ""
                        font.pixelSize: Theme.fontCaption
                        color: requestItem.Material.hintTextColor
                        elide: Text.ElideRight
                    }

                    OutsideText {
                        objectName: "requestMessage"
                        Layout.fillWidth: true
                        visible: requestItem.message.length > 0
                        text: Outside.text(requestItem.message, Outside.textLimit)
                        maximumLineCount: 8
                    }

                    Loader {
                        objectName: "requestResultLoader"
                        Layout.fillWidth: true
                        active: requestItem.resultCard.length > 0
                        visible: active

                        sourceComponent: CardView {
                            objectName: "requestResultCard"
                            implicitWidth: 0
                            document: CardDocument {
                                json: requestItem.resultCard
                            }
                            imageResolver: link => MediaImages.source(document.links[link] || "")
                            onOpenUrl: link => page.openLink(document, link)
                        }
                    }
                }
            }
        }

        EmptyState {
            objectName: "requestsEmptyState"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Requests.count === 0
            icon: "services"
            title: qsTr("No requests yet")
            text: qsTr("What you send from Services appears here with its status.")
        }
    }
}
