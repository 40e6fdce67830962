import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Number: a text field that takes a plain decimal number (what the validator accepts:
// digits, one point, a leading minus) and can be empty, which a SpinBox cannot show. Up and Down
// step by one within min and max. The range is said under the field.
CardInputShell {
    id: control

    readonly property bool hasMin: typeof spec.minNumber === "number"
    readonly property bool hasMax: typeof spec.maxNumber === "number"
    readonly property Item field: numberField

    function step(by) {
        const current = Number(value)
        let next = value.length === 0 || isNaN(current) ? (hasMin ? spec.minNumber : 0) : current + by
        if (hasMin)
            next = Math.max(next, spec.minNumber)
        if (hasMax)
            next = Math.min(next, spec.maxNumber)
        write(String(Math.round(next * 1e9) / 1e9)) // no 0.30000000000000004 from 0.1 + 0.2
    }

    hint: hasMin && hasMax ? qsTr("From %1 to %2").arg(spec.minNumber).arg(spec.maxNumber)
        : hasMin ? qsTr("At least %1").arg(spec.minNumber)
        : hasMax ? qsTr("At most %1").arg(spec.maxNumber) : ""

    TextField {
        id: numberField

        objectName: "cardNumberField"
        Layout.fillWidth: true
        text: control.value
        inputMethodHints: Qt.ImhFormattedNumbersOnly
        validator: RegularExpressionValidator {
            regularExpression: /-?\d{0,15}(\.\d{0,15})?/
        }
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        Keys.onUpPressed: control.step(1)
        Keys.onDownPressed: control.step(-1)
        onTextEdited: control.write(text) // the person's edits only

        CardPlaceholder {
            field: parent
            text: control.placeholder
        }
    }
}
