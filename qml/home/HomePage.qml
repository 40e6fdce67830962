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
// catalogue has it; otherwise it says the service is not available. Above the cards, the upcoming
// events the person is going to (HomeEvents); one opens its page under News.
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
            toast.show(qsTr("This service is not available to you"), "service.unavailable")
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
            errorKind: "home.sync"
            Layout.fillWidth: true
            visible: !Home.offline && Home.error.length > 0
            tone: "bad"
            text: Home.error
            actionText: qsTr("Retry")
            onActionTriggered: Home.syncNow()
        }

        // The events the person is going to: a row each (title, time), opening its page.
        ColumnLayout {
            objectName: "homeEvents"
            Layout.fillWidth: true
            Layout.maximumWidth: 960
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: Theme.spacingS
            visible: HomeEvents.count > 0
            spacing: 0
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Your events")

            Label {
                Layout.leftMargin: Theme.spacingL
                text: qsTr("Your events")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                color: Material.secondaryTextColor
                Accessible.role: Accessible.Heading
            }

            Repeater {
                model: HomeEvents

                delegate: ItemDelegate {
                    id: eventRow

                    required property string eventId
                    required property string title
                    required property string eventTime

                    objectName: "homeEvent_" + eventId
                    Layout.fillWidth: true
                    focusPolicy: Qt.StrongFocus
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1, %2").arg(Outside.text(title)).arg(eventTime)
                    onClicked: page.navigateRequested("news", newsPage => newsPage.openEvent(eventId))
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()

                    contentItem: ColumnLayout {
                        spacing: 0

                        OutsideText {
                            Layout.fillWidth: true
                            text: Outside.text(eventRow.title)
                            wrapMode: Text.NoWrap
                            font.weight: Font.DemiBold
                            Accessible.ignored: true
                        }

                        Label {
                            Layout.fillWidth: true
                            text: eventRow.eventTime
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            font.pixelSize: Theme.fontCaption
                            color: Material.secondaryTextColor
                            Accessible.ignored: true
                        }
                    }
                }
            }
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
