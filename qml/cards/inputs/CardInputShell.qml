import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// What every card input shares (CardInputText, CardInputNumber, ...): the label above the field
// with a marker for a required input (said to screen readers as "required"), a hint under it
// (a range, a count), and the input's error from its CardForm in the theme's error colour,
// announced as an alert. The input's own field goes inside (the default property). Every text of
// the card is outside text (plain, through Outside.text).
//
// An input reads its value from `value` (the form's, kept in step) and writes with write(text).
// Its field takes `accessibleName` and `accessibleDescription` for screen readers.
ColumnLayout {
    id: shell

    // The element map (CardDocument's: element.id, element.input.{label, placeholder, ...}).
    required property var element
    required property CardForm form

    // The element's input properties (an empty object when the map has none).
    readonly property var spec: element && element.input ? element.input : ({})
    readonly property string inputId: element && element.id !== undefined ? String(element.id) : ""
    readonly property bool isRequired: spec.isRequired === true
    readonly property string label: Outside.text(spec.label)
    readonly property string placeholder: Outside.text(spec.placeholder)
    // Under the field, subtle: what the input accepts (a range, a count); "" for none.
    property string hint: ""
    readonly property string error: {
        const message = form ? form.errors[inputId] : undefined
        return message === undefined ? "" : Outside.text(message, Outside.textLimit)
    }
    // The field's name and description for screen readers.
    readonly property string accessibleName: (label.length > 0 ? label : placeholder)
                                             + (isRequired ? qsTr(", required") : "")
    readonly property string accessibleDescription: error.length > 0 ? error : hint
    // The form's value of this input, kept in step with it.
    // (revision moves when the form says this input's value changed: the binding reads it again.)
    readonly property string value: revision >= 0 && form ? form.value(inputId) : ""
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    default property alias content: body.data

    property int revision: 0

    // Writes the person's text to the form.
    function write(text) {
        if (form)
            form.setValue(inputId, text)
    }

    spacing: Theme.spacingXS

    Connections {
        target: shell.form

        function onValueChanged(id) {
            if (id === shell.inputId)
                ++shell.revision
        }
    }

    Row {
        objectName: "inputLabelRow"
        Layout.fillWidth: true
        visible: shell.label.length > 0
        spacing: Theme.spacingXS

        OutsideText {
            id: labelText

            objectName: "inputLabel"
            // Never below 0 and the marker counted only when shown: a hidden row (no label) takes
            // its own implicit width, which must not shrink with each polish.
            width: Math.max(0, Math.min(implicitWidth, parent.width
                                        - (shell.isRequired ? marker.width + parent.spacing : 0)))
            text: shell.label
            font.pixelSize: Theme.fontBody
            font.weight: Font.Medium
            Accessible.name: shell.accessibleName
        }

        Label {
            id: marker

            objectName: "requiredMarker"
            visible: shell.isRequired
            text: "*"
            textFormat: Text.PlainText
            font.pixelSize: Theme.fontBody
            font.weight: Font.Medium
            color: shell.colors.danger
            Accessible.ignored: true
        }
    }

    ColumnLayout {
        id: body

        Layout.fillWidth: true
        spacing: Theme.spacingXS
    }

    OutsideText {
        objectName: "inputHint"
        Layout.fillWidth: true
        visible: shell.hint.length > 0 && shell.error.length === 0
        text: shell.hint
        font.pixelSize: Theme.fontCaption
        color: shell.Material.secondaryTextColor
        Accessible.ignored: true // the field's description says it
    }

    OutsideText {
        objectName: "inputError"
        Layout.fillWidth: true
        visible: shell.error.length > 0
        text: shell.error
        font.pixelSize: Theme.fontSmall
        color: shell.colors.danger
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }
}
