import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Profile → My data: "Export my data" (everything the server holds about this person, one JSON
// file: on the desktop saved where the person chooses (SaveExportDialog), on a phone handed to the share sheet by
// the platform), with progress, cancel and what happened in words; My requests to the privacy
// team (a correction or a deletion, with a comment, and their states); and for a local ID,
// "Delete my account" with the password.
Page {
    id: page

    signal backRequested

    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)
    readonly property bool exportBusy: DataExport.busy

    // Starts the export: asks where to save first when the platform lets the person choose.
    function startExport() {
        if (DataExport.busy)
            return
        if (DataExport.choosesLocation)
            saveDialog.ask(DataExport.suggestedPath())
        else
            DataExport.exportToDefault()
    }

    function askRequest(kind) {
        requestDialog.ask(kind)
    }

    objectName: "myDataPage"
    title: qsTr("My data")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()
    Component.onCompleted: PrivacyRequests.refresh()

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "myDataBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to profile")
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

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * column.margin
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            readonly property real margin: flick.width < 480 ? 20 : 32

            width: Math.min(flick.width - 2 * margin, 640)
            x: (flick.width - width) / 2
            y: margin
            spacing: Theme.spacingS

            Label {
                Layout.fillWidth: true
                text: qsTr("Export")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Everything the server holds about you, in one JSON file: your profile, devices, sign-ins and access log, inbox decisions, requests, survey answers with your name, event replies and more.")
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                spacing: Theme.spacingS

                TextMetrics {
                    id: exportMetrics

                    font: exportButton.font
                    text: exportButton.text
                }

                PrimaryButton {
                    id: exportButton

                    objectName: "exportButton"
                    // Its whole text (PrimaryButton's own implicit width leaves it elided).
                    Layout.preferredWidth: Math.min(column.width, Math.ceil(exportMetrics.advanceWidth)
                                                    + leftPadding + rightPadding + (busy ? 30 : 0) + 8)
                    text: DataExport.choosesLocation ? qsTr("Export my data…") : qsTr("Export and share")
                    busy: page.exportBusy
                    enabled: !page.exportBusy
                    Accessible.name: text
                    Accessible.description: qsTr("Saves everything the server holds about you as a file")
                    onClicked: page.startExport()
                    Keys.onReturnPressed: page.startExport()
                    Keys.onEnterPressed: page.startExport()
                }

                Button {
                    objectName: "cancelExportButton"
                    visible: page.exportBusy
                    text: qsTr("Cancel")
                    flat: true
                    font.capitalization: Font.MixedCase
                    Accessible.name: qsTr("Cancel the export")
                    onClicked: DataExport.cancel()
                }
            }

            ProgressBar {
                objectName: "exportProgress"
                Layout.fillWidth: true
                visible: page.exportBusy
                indeterminate: DataExport.total <= 0
                from: 0
                to: Math.max(1, DataExport.total)
                value: DataExport.received
                Accessible.name: qsTr("Export progress")
            }

            // Ours, with the file's path (chosen by the person) in it: plain text all the same.
            OutsideText {
                objectName: "exportMessage"
                Layout.fillWidth: true
                visible: text.length > 0
                text: Outside.text(DataExport.message)
                maximumLineCount: 4
                color: DataExport.state === DataExport.Failed ? page.colors.bad
                     : DataExport.state === DataExport.Done ? page.colors.good
                     : page.Material.foreground
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXXL
                text: qsTr("My requests")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Ask the privacy team to correct something about you, or to delete your data.")
            }

            Flow {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                spacing: Theme.spacingS

                Button {
                    objectName: "askCorrectionButton"
                    text: qsTr("Ask for a correction")
                    enabled: !PrivacyRequests.sending
                    font.capitalization: Font.MixedCase
                    Accessible.name: text
                    onClicked: page.askRequest("correction")
                    Keys.onReturnPressed: page.askRequest("correction")
                    Keys.onEnterPressed: page.askRequest("correction")
                }

                Button {
                    objectName: "askDeletionButton"
                    text: qsTr("Ask for deletion")
                    enabled: !PrivacyRequests.sending
                    font.capitalization: Font.MixedCase
                    Material.foreground: page.colors.danger
                    Accessible.name: qsTr("Ask for deletion of my data")
                    onClicked: page.askRequest("deletion")
                    Keys.onReturnPressed: page.askRequest("deletion")
                    Keys.onEnterPressed: page.askRequest("deletion")
                }
            }

            Banner {
                objectName: "privacyRequestsError"
                errorKind: "privacy.requests"
                Layout.fillWidth: true
                visible: PrivacyRequests.error.length > 0
                tone: "bad"
                text: PrivacyRequests.error
                actionText: qsTr("Retry")
                onActionTriggered: PrivacyRequests.refresh()
            }

            BusyIndicator {
                objectName: "privacyRequestsLoading"
                Layout.alignment: Qt.AlignHCenter
                visible: PrivacyRequests.loading && PrivacyRequests.count === 0
                running: visible
            }

            Label {
                objectName: "privacyRequestsEmpty"
                Layout.fillWidth: true
                visible: !PrivacyRequests.loading && PrivacyRequests.count === 0
                         && PrivacyRequests.error.length === 0
                text: qsTr("No requests yet.")
                color: page.Material.hintTextColor
            }

            Repeater {
                objectName: "privacyRequestsList"
                model: PrivacyRequests

                delegate: PrivacyRequestDelegate {
                    Layout.fillWidth: true
                }
            }

            ColumnLayout {
                objectName: "deleteAccountSection"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXXL
                visible: PrivacyRequests.canDeleteAccount
                spacing: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Account")
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    font.capitalization: Font.AllUppercase
                    color: page.Material.accentColor
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Your local ID is yours to delete: it is erased at once, without a request.")
                }

                Button {
                    objectName: "deleteAccountButton"
                    text: PrivacyRequests.sending ? qsTr("Deleting…") : qsTr("Delete my account")
                    enabled: !PrivacyRequests.sending
                    font.capitalization: Font.MixedCase
                    Material.foreground: page.colors.danger
                    Accessible.name: qsTr("Delete my account")
                    Accessible.description: qsTr("Asks for your password first")
                    onClicked: deleteDialog.ask()
                    Keys.onReturnPressed: deleteDialog.ask()
                    Keys.onEnterPressed: deleteDialog.ask()
                }
            }
        }
    }

    SaveExportDialog {
        id: saveDialog

        onSaveRequested: path => DataExport.exportToPath(path)
    }

    RequestDialog {
        id: requestDialog

        onSendRequested: (kind, comment) => PrivacyRequests.send(kind, comment)
    }

    DeleteAccountDialog {
        id: deleteDialog

        onDeleteRequested: password => PrivacyRequests.deleteAccount(password)
    }

    Toast {
        id: toast

        objectName: "myDataToast"
    }

    Connections {
        target: PrivacyRequests

        function onSent(kind) {
            toast.show(kind === "deletion" ? qsTr("Deletion request sent to the privacy team")
                                           : qsTr("Correction request sent to the privacy team"))
        }
    }
}
