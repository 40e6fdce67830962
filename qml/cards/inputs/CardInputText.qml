import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

// Input.Text: one line (TextField), several (isMultiline: TextArea) or a password (hidden, with
// Show); its style (tel, url, email) picks the keyboard. maxLength stops a line at that length;
// a multi-line text shows its count against it. What is typed goes to the form as it is typed.
// The three fields are made once and the one the card asks for is shown.
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

    hint: multiline && maxLength > 0
          ? qsTr("%1 of %2 characters").arg(Array.from(value).length).arg(maxLength) : ""

    TextField {
        id: lineField

        objectName: "cardTextField"
        Layout.fillWidth: true
        visible: control.kind === "line"
        text: control.value
        maximumLength: control.maxLength > 0 ? control.maxLength : 32767
        inputMethodHints: control.keyboardHints
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        // Only the field shown writes (a hidden one may hold a shortened copy).
        onTextChanged: if (control.kind === "line") control.write(text)

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
        text: control.value
        maximumLength: control.maxLength > 0 ? control.maxLength : 32767
        selectByMouse: true
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        onTextChanged: if (control.kind === "password") control.write(text)

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
        text: control.value
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
