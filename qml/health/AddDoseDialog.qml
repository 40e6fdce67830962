import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// "Add a dose": the vaccine (the server's list), the dose number (1-10), the date (YYYY-MM-DD,
// today to start with) and the country (ISO code, two letters). Checked by core before anything
// is sent (HealthRecords.addDose): the reason stays in the dialog, which closes once the server
// has stored the dose.
Dialog {
    id: dialog

    readonly property bool sending: HealthRecords.sending

    function today() {
        const now = new Date()
        return now.getUTCFullYear() + "-" + String(now.getUTCMonth() + 1).padStart(2, "0") + "-"
                + String(now.getUTCDate()).padStart(2, "0")
    }

    function ask() {
        vaccineBox.currentIndex = 0
        doseBox.value = 1
        dateField.text = today()
        countryField.text = ""
        problem = ""
        open()
    }

    function send() {
        problem = ""
        if (!HealthRecords.addDose(vaccineBox.currentValue, doseBox.value, dateField.text, countryField.text))
            problem = HealthRecords.problem
    }

    property string problem: ""

    objectName: "addDoseDialog"
    header: Label {
        text: qsTr("Add a dose")
        padding: Theme.spacingXXL
        bottomPadding: 0
        font.bold: true
        font.pixelSize: Theme.fontSubtitle
        Accessible.role: Accessible.Heading
        Accessible.name: text
        background: Rectangle {
            radius: 2
            color: dialog.Material.dialogColor
        }
    }
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 480, 480)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: vaccineBox.forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacingS

        Label {
            text: qsTr("Vaccine")
            font.pixelSize: Theme.fontSmall
        }
        ComboBox {
            id: vaccineBox

            objectName: "doseVaccine"
            Layout.fillWidth: true
            model: HealthRecords.vaccines
            textRole: "name"
            valueRole: "code"
            Accessible.name: qsTr("Vaccine")
            KeyNavigation.tab: doseBox
        }

        Label {
            text: qsTr("Dose number")
            font.pixelSize: Theme.fontSmall
        }
        SpinBox {
            id: doseBox

            objectName: "doseNumber"
            from: 1
            to: 10
            value: 1
            editable: true
            Accessible.name: qsTr("Dose number")
            KeyNavigation.tab: dateField
        }

        Label {
            text: qsTr("Date")
            font.pixelSize: Theme.fontSmall
        }
        TextField {
            id: dateField

            objectName: "doseDate"
            Layout.fillWidth: true
            placeholderText: qsTr("YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate | Qt.ImhNoPredictiveText
            maximumLength: 10
            Accessible.name: qsTr("Date of the dose, as year-month-day")
            KeyNavigation.tab: countryField
        }

        Label {
            text: qsTr("Country")
            font.pixelSize: Theme.fontSmall
        }
        TextField {
            id: countryField

            objectName: "doseCountry"
            Layout.fillWidth: true
            placeholderText: qsTr("Two letters, such as IN or DE")
            inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
            maximumLength: 2
            Accessible.name: qsTr("Country where the dose was given, as a two-letter code")
            KeyNavigation.tab: addButton
            Keys.onReturnPressed: dialog.send()
            Keys.onEnterPressed: dialog.send()
        }

        Label {
            objectName: "doseProblem"
            Layout.fillWidth: true
            visible: dialog.problem.length > 0
            text: dialog.problem
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.palette(dialog.Material.theme === Material.Dark).bad
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "doseCancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }

        Button {
            id: addButton

            objectName: "doseAdd"
            text: dialog.sending ? qsTr("Sending…") : qsTr("Add")
            enabled: !dialog.sending
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: dialog.Material.accentColor
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            Accessible.name: qsTr("Add the dose")
            onClicked: dialog.send()
            Keys.onReturnPressed: dialog.send()
            Keys.onEnterPressed: dialog.send()
        }
    }

    Connections {
        target: HealthRecords

        function onAdded() {
            if (dialog.visible)
                dialog.close()
        }

        function onFailed(message) {
            if (dialog.visible)
                dialog.problem = message
        }
    }
}
