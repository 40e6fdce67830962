import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Home: the cards the company's systems put up for this person (leave balance, the office Wi-Fi,
// notices), in the order the server gives, drawn natively from their Adaptive Cards. Everything
// comes from the Home model: the encrypted cache shows the cards offline, and a banner says so.
// A card's link opens in the browser once CardView has asked (it names the host); only an https
// link of the card's own document. The sub-system's name under each card is outside text.
Page {
    id: page

    // After CardView's question: only an https link the card's document holds.
    function openLink(document, link) {
        const url = document.links[link]
        if (typeof url === "string" && url.startsWith("https:"))
            Qt.openUrlExternally(url)
    }

    objectName: "homePage"
    title: qsTr("Home")
    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "homeOfflineBanner"
            Layout.fillWidth: true
            visible: Home.offline
            tone: "warn"
            text: qsTr("Offline — showing what this device has")
            actionText: qsTr("Retry")
            onActionTriggered: Home.syncNow()
        }

        Banner {
            objectName: "homeErrorBanner"
            Layout.fillWidth: true
            visible: !Home.offline && Home.error.length > 0
            tone: "bad"
            text: Home.error
            actionText: qsTr("Retry")
            onActionTriggered: Home.syncNow()
        }

        ListView {
            id: list

            objectName: "homeList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Home.count > 0
            clip: true
            model: Home
            spacing: Theme.spacingM
            topMargin: Theme.spacingL
            bottomMargin: Theme.spacingL
            leftMargin: Theme.spacingL
            rightMargin: Theme.spacingL
            keyNavigationEnabled: true
            activeFocusOnTab: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Home cards")
            ScrollBar.vertical: ScrollBar {}

            delegate: ColumnLayout {
                id: cardItem

                required property string cardId
                required property string cardJson
                required property string source
                required property string title

                objectName: "homeCard_" + cardId
                width: ListView.view.width - ListView.view.leftMargin - ListView.view.rightMargin
                spacing: Theme.spacingXS
                Accessible.role: Accessible.Grouping
                Accessible.name: title.length > 0 ? Outside.text(title) : qsTr("Card from %1").arg(Outside.text(source))

                CardDocument {
                    id: cardDocument

                    json: cardItem.cardJson
                }

                CardView {
                    objectName: "homeCardView"
                    Layout.fillWidth: true
                    Layout.preferredHeight: implicitHeight
                    document: cardDocument
                    onOpenUrl: link => page.openLink(cardDocument, link)
                }

                OutsideText {
                    objectName: "homeCardSource"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacingS
                    visible: cardItem.source.length > 0
                    text: Outside.text(cardItem.source)
                    wrapMode: Text.NoWrap
                    font.pixelSize: Theme.fontCaption
                    color: Material.hintTextColor
                }
            }
        }

        EmptyState {
            objectName: "homeEmptyState"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Home.count === 0
            icon: "home"
            title: Home.loading ? qsTr("Loading…") : qsTr("Nothing here yet")
            text: Home.loading ? "" : qsTr("Cards from HR, IT and Facilities appear here.")
        }
    }

}
