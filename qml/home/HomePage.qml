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
// A card's Action.Submit or Action.Execute whose data is {"tessera": {"service": "svc_…"}}
// (docs/CARDS.md, host extensions) opens that service's form under Services, when this person's
// catalogue has it; otherwise it says the service is not available.
Page {
    id: page

    // Asks the shell for another destination: name, then start(itsPage) (ShellPage.navigate).
    signal navigateRequested(string name, var start)

    // A card's submit: Tessera's own data convention, {"tessera": {"service": "svc_…"}}.
    // Answers whether it opened (asked for) the service's form.
    function runAction(data) {
        const tessera = data && typeof data === "object" ? data.tessera : undefined
        const serviceId = tessera && typeof tessera === "object" ? tessera.service : undefined
        if (typeof serviceId !== "string" || serviceId.length === 0)
            return false
        if (!Services.catalogue.contains(serviceId)) {
            toast.show(qsTr("This service is not available to you"))
            return false
        }
        navigateRequested("services", servicesPage => servicesPage.openService(serviceId))
        return true
    }

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

        OpenSurveysSection {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingS
            onOpenRequested: id => page.navigateRequested("surveys", surveys => id && surveys.openSurvey(id))
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
                    imageResolver: link => MediaImages.source(cardDocument.links[link] || "")
                    onOpenUrl: link => page.openLink(cardDocument, link)
                    onSubmitted: data => page.runAction(data)
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

    Toast {
        id: toast

        objectName: "homeToast"
    }
}
