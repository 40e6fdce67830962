import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Time: the time as text (HH:MM, 24 hours, typed) and a button that opens two Tumblers
// (CardTimePopup). The range (min, max) is said under the field.
CardInputShell {
    id: control

    readonly property string minText: spec.minText === undefined ? "" : String(spec.minText)
    readonly property string maxText: spec.maxText === undefined ? "" : String(spec.maxText)
    readonly property Item field: timeField
    readonly property CardTimePopup popup: picker

    hint: minText.length > 0 && maxText.length > 0 ? qsTr("From %1 to %2").arg(minText).arg(maxText)
        : minText.length > 0 ? qsTr("From %1").arg(minText)
        : maxText.length > 0 ? qsTr("Until %1").arg(maxText) : ""

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingS

        TextField {
            id: timeField

            objectName: "cardTimeField"
            Layout.fillWidth: true
            text: control.value
            inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
            validator: RegularExpressionValidator {
                regularExpression: /\d{0,2}(:\d{0,2})?/
            }
            selectByMouse: true
            Accessible.name: control.accessibleName
            Accessible.description: control.accessibleDescription
            onTextEdited: control.write(text) // the person's edits only

            CardPlaceholder {
                field: parent
                text: control.placeholder.length > 0 ? control.placeholder : qsTr("HH:MM")
            }
        }

        Button {
            id: chooseButton

            objectName: "chooseTimeButton"
            text: qsTr("Choose")
            flat: true
            Accessible.name: qsTr("Choose a time for %1").arg(control.accessibleName)
            onClicked: picker.openOn(control.value)
        }
    }

    CardTimePopup {
        id: picker

        accessibleName: chooseButton.Accessible.name
        onPicked: time => control.write(time)
        onClosed: timeField.forceActiveFocus()
    }
}
