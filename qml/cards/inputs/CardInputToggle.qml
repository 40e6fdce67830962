import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Toggle: a switch with the card's title beside it; on writes valueOn, off valueOff.
CardInputShell {
    id: control

    readonly property string valueOn: spec.valueOn === undefined ? "true" : String(spec.valueOn)
    readonly property string valueOff: spec.valueOff === undefined ? "false" : String(spec.valueOff)
    readonly property string title: Outside.text(spec.title)
    readonly property Item field: toggle

    Switch {
        id: toggle

        objectName: "cardToggle"
        // Without a title the switch stays at the start (the style centres a switch without text).
        Layout.fillWidth: control.title.length > 0
        text: control.title
        checked: control.value === control.valueOn
        focusPolicy: Qt.StrongFocus
        Accessible.name: (control.title.length > 0 ? control.title : control.label)
                         + (control.isRequired ? qsTr(", required") : "")
        Accessible.description: control.accessibleDescription
        onToggled: control.write(checked ? control.valueOn : control.valueOff)

        contentItem: CardChoiceLabel {
            button: toggle
        }
    }
}
