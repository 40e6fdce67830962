import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

// A password text field with a Show/Hide button inside it. Hidden (echo Password) by default.
TextField {
    id: field

    property bool revealed: false

    echoMode: revealed ? TextInput.Normal : TextInput.Password
    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
    rightPadding: toggle.width + 8

    ToolButton {
        id: toggle

        objectName: "revealButton"
        // On the text's baseline, not centred on the whole field (Material's field has padding).
        anchors.right: parent.right
        anchors.baseline: parent.baseline
        text: field.revealed ? qsTr("Hide") : qsTr("Show")
        font.capitalization: Font.MixedCase
        focusPolicy: Qt.StrongFocus
        Accessible.name: field.revealed ? qsTr("Hide password") : qsTr("Show password")
        Accessible.role: Accessible.Button
        onClicked: field.revealed = !field.revealed
    }
}
