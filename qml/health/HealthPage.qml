import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Profile → Health records: the person's vaccination records (the HealthRecords singleton, asked
// for when the page opens, on Refresh and after each change: no change-feed kind carries them),
// each with its state (waiting for medical staff, verified, rejected with the reason), its
// certificate and "Attach certificate"; "Add a dose" opens a dialog checked by core before
// sending. Only the person and medical staff see these records.
Page {
    id: page

    signal backRequested

    function openAddDose() {
        addDoseDialog.ask()
    }

    // The certificate dialog of row index (also from the keyboard and for screenshots).
    function openCertificate(index) {
        const item = recordsList.itemAtIndex(index)
        if (!item)
            return false
        certificateDialog.ask(item.recordId, qsTr("%1, dose %2 on %3").arg(item.vaccineName).arg(item.dose).arg(item.date))
        return true
    }

    objectName: "healthPage"
    title: qsTr("Health records")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()
    Component.onCompleted: HealthRecords.refresh()

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "healthBack"
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

            ToolButton {
                objectName: "healthRefresh"
                text: "⟳"
                font.pixelSize: Theme.fontTitle
                enabled: !HealthRecords.loading
                Accessible.name: qsTr("Refresh the list")
                onClicked: HealthRecords.refresh()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "healthError"
            Layout.fillWidth: true
            visible: HealthRecords.error.length > 0
            tone: "bad"
            errorKind: "health.records"
            text: HealthRecords.error
            actionText: qsTr("Retry")
            onActionTriggered: HealthRecords.refresh()
        }

        ProgressBar {
            objectName: "healthLoading"
            Layout.fillWidth: true
            visible: HealthRecords.loading
            indeterminate: true
            Accessible.name: qsTr("Loading your health records")
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.maximumWidth: 720
            Layout.alignment: Qt.AlignHCenter
            Layout.leftMargin: Theme.spacingL
            Layout.rightMargin: Theme.spacingL
            Layout.topMargin: Theme.spacingM
            spacing: Theme.spacingM

            Label {
                Layout.fillWidth: true
                text: qsTr("Your vaccination doses. Medical staff verify each one; only you and they see them.")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: page.Material.secondaryTextColor
            }

            TextMetrics {
                id: addMetrics

                font: addButton.font
                text: addButton.text
            }

            PrimaryButton {
                id: addButton

                objectName: "healthAddDose"
                // Its whole text (PrimaryButton's own implicit width leaves it elided).
                Layout.preferredWidth: Math.ceil(addMetrics.advanceWidth) + leftPadding + rightPadding + 8
                Layout.minimumWidth: Layout.preferredWidth
                text: qsTr("Add a dose")
                Accessible.name: text
                onClicked: page.openAddDose()
                KeyNavigation.tab: recordsList
            }
        }

        ListView {
            id: recordsList

            objectName: "healthList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: HealthRecords.count > 0
            clip: true
            model: HealthRecords
            spacing: Theme.spacingS
            topMargin: Theme.spacingM
            bottomMargin: Theme.spacingL
            keyNavigationEnabled: true
            activeFocusOnTab: true
            focus: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Health records")
            ScrollBar.vertical: ScrollBar {}
            // Enter on the focused row: its certificate.
            Keys.onReturnPressed: page.openCertificate(recordsList.currentIndex)
            Keys.onEnterPressed: page.openCertificate(recordsList.currentIndex)

            delegate: HealthRecordDelegate {
                id: recordRow

                width: Math.min(ListView.view.width - 2 * Theme.spacingL, 720)
                x: (ListView.view.width - width) / 2
                busy: HealthRecords.sending
                onAttachRequested: page.openCertificate(recordRow.index)
            }

            highlight: Rectangle {
                color: "transparent"
                radius: Theme.radiusL
                border.width: recordsList.activeFocus ? 2 : 0
                border.color: recordsList.Material.accentColor
                z: 2
            }
            highlightFollowsCurrentItem: true
        }

        EmptyState {
            objectName: "healthEmpty"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: HealthRecords.count === 0
            icon: "profile"
            title: HealthRecords.loading ? qsTr("Loading…") : qsTr("No health records yet")
            text: HealthRecords.loading ? "" : qsTr("Add the vaccination doses you have had; medical staff verify them.")
        }
    }

    AddDoseDialog {
        id: addDoseDialog

        onClosed: recordsList.forceActiveFocus()
    }

    CertificateDialog {
        id: certificateDialog

        onClosed: recordsList.forceActiveFocus()
    }

    Toast {
        id: toast

        objectName: "healthToast"
    }

    Connections {
        target: HealthRecords

        function onAdded() {
            toast.show(qsTr("Dose added: medical staff will verify it"))
        }

        function onAttached(id) {
            toast.show(qsTr("Certificate attached"))
        }
    }
}
