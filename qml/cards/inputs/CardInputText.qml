import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Text: one line (TextField), several (isMultiline: TextArea) or a password (hidden, with
// Show); its style (tel, url, email) picks the keyboard. With maxLength the count of characters
// shows under the field, and the validator says when it is over (the field does not cut what is
// there: it shows exactly the form's value). What is typed goes to the form as it is typed.
// The three fields are made once; the one the card asks for is shown and holds the value.
CardInputShell {
    id: control

    readonly property bool multiline: spec.isMultiline === true
    readonly property int maxLength: spec.maxLength > 0 ? spec.maxLength : 0
    readonly property string textStyle: spec.textStyle === undefined ? "" : String(spec.textStyle)
    // "line", "password" or "area".
    readonly property string kind: multiline ? "area" : textStyle === "password" ? "password" : "line"
    readonly property int keyboardHints: {
        switch (textStyle) {
        case "tel":
            return Qt.ImhDialableCharactersOnly
        case "url":
            return Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
        case "email":
            return Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase
        default:
            return Qt.ImhNone
        }
    }
    // The field shown.
    readonly property Item field: kind === "area" ? areaField : kind === "password" ? passwordField : lineField

    hint: maxLength > 0 ? qsTr("%1 of %2 characters").arg(Array.from(value).length).arg(maxLength) : ""

    TextField {
        id: lineField

        objectName: "cardTextField"
        Layout.fillWidth: true
        visible: control.kind === "line"
        text: control.kind === "line" ? control.value : ""
        inputMethodHints: control.keyboardHints
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        // The person's edits only (setting the form's value here must not write it back).
        onTextEdited: control.write(text)

        CardPlaceholder {
            field: lineField
            text: control.placeholder
        }
    }

    PasswordField {
        id: passwordField

        objectName: "cardPasswordField"
        Layout.fillWidth: true
        visible: control.kind === "password"
        text: control.kind === "password" ? control.value : ""
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        onTextEdited: control.write(text)

        CardPlaceholder {
            field: passwordField
            text: control.placeholder
        }
    }

    TextArea {
        id: areaField

        objectName: "cardTextArea"
        Layout.fillWidth: true
        Layout.minimumHeight: 96
        visible: control.kind === "area"
        text: control.kind === "area" ? control.value : ""
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.Wrap
        inputMethodHints: control.keyboardHints
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        // Tab moves on to the next field (a card's text has no use for tab characters).
        Keys.onTabPressed: nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
        Keys.onBacktabPressed: nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
        onTextChanged: if (control.kind === "area") control.write(text)

        CardPlaceholder {
            field: areaField
            text: control.placeholder
        }
    }
}
