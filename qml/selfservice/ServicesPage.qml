import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Services: the catalogue of what this person can ask the company's systems for (leave, an
// incident, ...), by category, from the Services singleton (the encrypted cache: shown offline,
// and a banner says so). A service opens its form (ServiceFormPage); "My requests" opens what was
// asked and its status (RequestsPage); a banner says how many submissions wait to be sent. Titles,
// descriptions, categories and the sub-systems' names are outside text.
Page {
    id: page

    // Opens a service's form; false (and a message) when this person's catalogue has not got it.
    function openService(serviceId) {
        if (!Services.catalogue.contains(serviceId)) {
            toast.show(qsTr("This service is not available to you"), "service.unavailable")
            return false
        }
        stack.pop(null, StackView.Immediate)
        const form = stack.push(Qt.resolvedUrl("ServiceFormPage.qml"), { serviceId: serviceId })
        if (!form)
            return false
        form.backRequested.connect(() => stack.pop())
        form.requestsRequested.connect(() => page.openRequests())
        return true
    }

    // Opens My requests.
    function openRequests() {
        stack.pop(null, StackView.Immediate)
        const requests = stack.push(Qt.resolvedUrl("RequestsPage.qml"))
        if (requests)
            requests.backRequested.connect(() => stack.pop())
        return requests !== null
    }

    objectName: "servicesPage"
    title: qsTr("Services")
    padding: 0

    StackView {
        id: stack

        objectName: "servicesStack"
        anchors.fill: parent
        initialItem: catalogueComponent
        focus: true
    }

    Toast {
        id: toast

        objectName: "servicesToast"
    }

    Component {
        id: catalogueComponent

        Item {
            objectName: "servicesCataloguePage"

            ColumnLayout {
                anchors.fill: parent
                spacing: 0

                Banner {
                    objectName: "servicesOfflineBanner"
                    Layout.fillWidth: true
                    visible: Services.offline
                    tone: "warn"
                    text: qsTr("Offline — showing what this device has")
                    actionText: qsTr("Retry")
                    onActionTriggered: Services.syncNow()
                }

                Banner {
                    objectName: "servicesErrorBanner"
                    errorKind: "services.sync"
                    Layout.fillWidth: true
                    visible: !Services.offline && Services.error.length > 0
                    tone: "bad"
                    text: Services.error
                    actionText: qsTr("Retry")
                    onActionTriggered: Services.syncNow()
                }

                Banner {
                    objectName: "servicesWaitingBanner"
                    Layout.fillWidth: true
                    visible: Services.pendingCount > 0
                    tone: "warn"
                    text: qsTr("%n waiting to send", "", Services.pendingCount)
                    actionText: qsTr("Show")
                    onActionTriggered: page.openRequests()
                }

                Item {
                    Layout.fillWidth: true
                    Layout.fillHeight: true

                    ListView {
                        id: list

                        objectName: "servicesList"
                        anchors.fill: parent
                        clip: true
                        model: Services.catalogue
                        keyNavigationEnabled: true
                        activeFocusOnTab: true
                        bottomMargin: Theme.spacingL
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("Services")
                        ScrollBar.vertical: ScrollBar {}

                        header: ColumnLayout {
                            width: list.width
                            spacing: 0

                            ItemDelegate {
                                objectName: "myRequestsEntry"
                                Layout.fillWidth: true
                                topPadding: Theme.spacingM
                                bottomPadding: Theme.spacingM
                                leftPadding: Theme.spacingL
                                rightPadding: Theme.spacingL
                                Accessible.role: Accessible.Button
                                Accessible.name: qsTr("My requests, %n", "", Requests.count)
                                onClicked: page.openRequests()

                                contentItem: RowLayout {
                                    spacing: Theme.spacingM

                                    Label {
                                        Layout.fillWidth: true
                                        text: qsTr("My requests")
                                        font.pixelSize: Theme.fontSubtitle
                                        font.weight: Font.DemiBold
                                        elide: Text.ElideRight
                                        Accessible.ignored: true
                                    }

                                    Label {
                                        objectName: "myRequestsCount"
                                        text: Requests.count
                                        color: page.Material.secondaryTextColor
                                        Accessible.ignored: true
                                    }

                                    Label {
                                        text: "›"
                                        font.pixelSize: Theme.fontTitle
                                        color: page.Material.secondaryTextColor
                                        Accessible.ignored: true
                                    }
                                }
                            }

                            MenuSeparator {
                                Layout.fillWidth: true
                            }
                        }

                        section.property: "category"
                        section.delegate: OutsideText {
                            required property string section

                            objectName: "servicesCategory"
                            width: list.width
                            leftPadding: Theme.spacingL
                            rightPadding: Theme.spacingL
                            topPadding: Theme.spacingL
                            bottomPadding: Theme.spacingXS
                            text: Outside.text(section)
                            wrapMode: Text.NoWrap
                            font.pixelSize: Theme.fontSmall
                            font.weight: Font.DemiBold
                            color: Material.accentColor
                            Accessible.role: Accessible.Heading
                            Accessible.name: text
                        }

                        delegate: ItemDelegate {
                            id: serviceItem

                            required property string serviceId
                            required property string title
                            required property string description
                            required property string source

                            objectName: "service_" + serviceId
                            width: list.width
                            leftPadding: Theme.spacingL
                            rightPadding: Theme.spacingL
                            Accessible.role: Accessible.Button
                            Accessible.name: Outside.text(title)
                            Accessible.description: Outside.text(description)
                            onClicked: page.openService(serviceId)
                            Keys.onReturnPressed: page.openService(serviceId)
                            Keys.onEnterPressed: page.openService(serviceId)

                            contentItem: ColumnLayout {
                                spacing: Theme.spacingXXS

                                OutsideText {
                                    objectName: "serviceTitle"
                                    Layout.fillWidth: true
                                    text: Outside.text(serviceItem.title)
                                    maximumLineCount: 2
                                    font.pixelSize: Theme.fontBody
                                    font.weight: Font.DemiBold
                                    Accessible.ignored: true
                                }

                                OutsideText {
                                    objectName: "serviceDescription"
                                    Layout.fillWidth: true
                                    visible: serviceItem.description.length > 0
                                    text: Outside.text(serviceItem.description, Outside.textLimit)
                                    maximumLineCount: 3
                                    color: serviceItem.Material.secondaryTextColor
                                    Accessible.ignored: true
                                }

                                OutsideText {
                                    objectName: "serviceSource"
                                    Layout.fillWidth: true
                                    visible: serviceItem.source.length > 0
                                    text: Outside.text(serviceItem.source)
                                    wrapMode: Text.NoWrap
                                    font.pixelSize: Theme.fontCaption
                                    color: serviceItem.Material.hintTextColor
                                    Accessible.ignored: true
                                }
                            }
                        }
                    }

                    EmptyState {
                        objectName: "servicesEmptyState"
                        anchors.fill: parent
                        anchors.topMargin: list.headerItem ? list.headerItem.height : 0
                        visible: Services.catalogue.count === 0
                        icon: "services"
                        title: Services.loading ? qsTr("Loading…") : qsTr("No services yet")
                        text: Services.loading ? "" : qsTr("Forms from HR, IT and Facilities appear here.")
                    }
                }
            }
        }
    }
}
