import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One vaccination record: the vaccine, dose, date and country, its state (a chip), a rejection's
// reason, the certificate (its kind; for an HC1 code the name, date of birth and doses the server
// decoded, and whether its signature was checked) and "Attach certificate". Everything from the
// server is plain text (OutsideText).
Pane {
    id: item

    required property int index
    required property string recordId
    required property string vaccineName
    required property int dose
    required property string date
    required property string country
    required property string recordState
    required property string stateText
    required property string reason
    required property string certificateKind
    required property string certificateText
    required property string signature
    required property var hc1

    property bool busy: false
    signal attachRequested

    function toneOf(s) {
        switch (s) {
        case "verified":
            return "good"
        case "rejected":
            return "bad"
        default:
            return "warn"
        }
    }

    readonly property bool hasHc1: !!hc1 && hc1.name !== undefined

    objectName: "healthRecord_" + index
    padding: Theme.spacingM
    Material.elevation: 0
    activeFocusOnTab: true
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("%1, dose %2 on %3: %4").arg(vaccineName).arg(dose).arg(date).arg(stateText)
    Keys.onReturnPressed: attachRequested()
    Keys.onEnterPressed: attachRequested()

    background: Rectangle {
        radius: Theme.radiusL
        color: item.Material.dialogColor
        border.width: item.activeFocus ? 2 : 1
        border.color: item.activeFocus ? item.Material.accentColor
                                       : Theme.palette(item.Material.theme === Material.Dark).outline
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacingXS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            OutsideText {
                objectName: "healthRecordVaccine"
                Layout.fillWidth: true
                text: Outside.text(item.vaccineName, 200)
                font.weight: Font.DemiBold
                maximumLineCount: 2
                Accessible.ignored: true
            }

            StateChip {
                objectName: "healthRecordState"
                text: item.stateText
                tone: item.toneOf(item.recordState)
                maximumWidth: 200
            }
        }

        OutsideText {
            objectName: "healthRecordDose"
            Layout.fillWidth: true
            text: qsTr("Dose %1 · %2 · %3").arg(item.dose).arg(Outside.inline(item.date, 10))
                      .arg(Outside.inline(item.country, 2))
            color: item.Material.secondaryTextColor
            maximumLineCount: 1
        }

        OutsideText {
            objectName: "healthRecordReason"
            Layout.fillWidth: true
            visible: item.recordState === "rejected" && item.reason.length > 0
            text: qsTr("Reason: %1").arg(Outside.inline(item.reason, 2000))
            color: Theme.palette(item.Material.theme === Material.Dark).bad
            maximumLineCount: 6
        }

        Label {
            objectName: "healthRecordCertificate"
            Layout.fillWidth: true
            text: item.certificateText
            font.pixelSize: Theme.fontSmall
            color: item.Material.hintTextColor
            wrapMode: Text.Wrap
        }

        ColumnLayout {
            objectName: "healthRecordHc1"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacingS
            visible: item.hasHc1
            spacing: Theme.spacingXXS

            OutsideText {
                objectName: "healthRecordHc1Name"
                Layout.fillWidth: true
                text: item.hasHc1 ? qsTr("Name: %1").arg(Outside.inline(item.hc1.name, 300)) : ""
                font.pixelSize: Theme.fontSmall
                maximumLineCount: 2
            }
            OutsideText {
                Layout.fillWidth: true
                visible: item.hasHc1 && item.hc1.dateOfBirth.length > 0
                text: item.hasHc1 ? qsTr("Date of birth: %1").arg(Outside.inline(item.hc1.dateOfBirth, 10)) : ""
                font.pixelSize: Theme.fontSmall
                maximumLineCount: 1
            }
            Repeater {
                model: item.hasHc1 ? item.hc1.doses : []

                OutsideText {
                    required property string modelData

                    Layout.fillWidth: true
                    text: Outside.text(modelData, 300)
                    font.pixelSize: Theme.fontSmall
                    maximumLineCount: 2
                }
            }
        }

        Button {
            objectName: "healthRecordAttach"
            Layout.alignment: Qt.AlignRight
            text: item.certificateKind.length > 0 ? qsTr("Replace certificate") : qsTr("Attach certificate")
            flat: true
            enabled: !item.busy
            font.capitalization: Font.MixedCase
            Accessible.name: text
            onClicked: item.attachRequested()
        }
    }
}
