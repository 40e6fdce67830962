import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Date: the date as text (YYYY-MM-DD, typed) and a button that opens a month calendar
// (CardDatePopup) within min and max. The range is said under the field.
CardInputShell {
    id: control

    readonly property string minText: spec.minText === undefined ? "" : String(spec.minText)
    readonly property string maxText: spec.maxText === undefined ? "" : String(spec.maxText)
    readonly property Item field: dateField
    readonly property CardDatePopup popup: calendar

    hint: minText.length > 0 && maxText.length > 0 ? qsTr("From %1 to %2").arg(minText).arg(maxText)
        : minText.length > 0 ? qsTr("From %1").arg(minText)
        : maxText.length > 0 ? qsTr("Until %1").arg(maxText) : ""

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        TextField {
            id: dateField

            objectName: "cardDateField"
            Layout.fillWidth: true
            text: control.value
            inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
            validator: RegularExpressionValidator {
                regularExpression: /\d{0,4}(-\d{0,2}(-\d{0,2})?)?/
            }
            selectByMouse: true
            Accessible.name: control.accessibleName
            Accessible.description: control.accessibleDescription
            onTextEdited: control.write(text) // the person's edits only

            CardPlaceholder {
                field: parent
                text: control.placeholder.length > 0 ? control.placeholder : qsTr("YYYY-MM-DD")
            }
        }

        Button {
            id: chooseButton

            objectName: "chooseDateButton"
            text: qsTr("Choose")
            flat: true
            Accessible.name: qsTr("Choose a date for %1").arg(control.accessibleName)
            onClicked: calendar.openOn(control.value)
        }
    }

    CardDatePopup {
        id: calendar

        minText: control.minText
        maxText: control.maxText
        accessibleName: chooseButton.Accessible.name
        onPicked: date => control.write(date)
        onClosed: dateField.forceActiveFocus()
    }
}
