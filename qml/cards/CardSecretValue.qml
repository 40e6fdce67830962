import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// A card's secret text (the host extension `"tessera": {"secret": true}` of a TextBlock or a
// fact, docs/CARDS.md): "••••••••" (the same whatever its length) until the person taps it or
// "Show" (Enter or Space on the button); shown, it is masked again after revealFor ms, when the
// view is hidden (another page) or the app goes to the background (SecretClipboard.backgrounded). "Copy" puts it on the
// clipboard through SecretClipboard, which clears it after a minute if it still holds it, and a
// toast says so. While masked, screen readers hear "Password hidden", never the text.
// CardElementView loads it for a secret TextBlock (element); CardFactSet makes one per secret
// fact (secretText).
Column {
    id: secret

    required property CardContext context
    // A secret TextBlock's element map, or null for a fact's value.
    property var element: null
    property string secretText: element ? (element.text || "") : ""
    property bool revealed: false
    property int revealFor: 30000

    // The toast that says it was copied.
    readonly property Toast toast: copiedToast
    readonly property string mask: "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022"

    objectName: "cardSecret"
    spacing: Theme.spacingXS

    function toggle() {
        revealed = !revealed
    }

    function copy() {
        SecretClipboard.copy(secretText)
        copiedToast.show(qsTr("Copied \u2014 cleared from the clipboard in 1 minute"))
    }

    onRevealedChanged: {
        if (revealed)
            remask.restart()
        else
            remask.stop()
    }
    onVisibleChanged: {
        if (!visible)
            revealed = false
    }

    Timer {
        id: remask

        interval: secret.revealFor
        onTriggered: secret.revealed = false
    }

    Connections {
        target: SecretClipboard

        function onBackgrounded() {
            secret.revealed = false
        }
    }

    OutsideText {
        id: value

        objectName: "cardSecretValue"
        width: secret.width
        text: secret.revealed ? Outside.text(secret.secretText, Outside.textLimit) : secret.mask
        font.pixelSize: secret.element ? secret.context.fontSize(secret.element.size) : Theme.fontBody
        color: secret.element ? secret.context.textColor(secret.element.color, secret.element.isSubtle)
                              : secret.context.foreground
        elide: Text.ElideNone
        Accessible.role: Accessible.StaticText
        Accessible.name: secret.revealed ? text : qsTr("Password hidden")

        TapHandler {
            onTapped: secret.toggle()
        }
    }

    Row {
        spacing: Theme.spacingS

        SecretButton {
            context: secret.context
            objectName: "cardSecretShow"
            text: secret.revealed ? qsTr("Hide") : qsTr("Show")
            Accessible.name: secret.revealed ? qsTr("Hide password") : qsTr("Show password")
            onClicked: secret.toggle()
        }

        SecretButton {
            context: secret.context
            objectName: "cardSecretCopy"
            text: qsTr("Copy")
            Accessible.name: qsTr("Copy password")
            onClicked: secret.copy()
        }
    }

    // Our own labels: plain Buttons, drawn without the Material elevation layer (which the
    // software scene graph of offscreen screenshots cannot draw), outlined like a card's
    // secondary action.
    component SecretButton: Button {
        id: button

        required property CardContext context

        flat: true
        font.capitalization: Font.MixedCase
        font.pixelSize: Theme.fontSmall
        leftPadding: Theme.spacingS * 1.5
        rightPadding: Theme.spacingS * 1.5
        Material.foreground: button.context.accent
        Keys.onReturnPressed: clicked()
        Keys.onEnterPressed: clicked()

        background: Rectangle {
            implicitWidth: 56
            implicitHeight: button.Material.buttonHeight - 12
            y: 6
            radius: Theme.radiusS
            color: "transparent"
            border.width: button.visualFocus ? 2 : 1
            border.color: button.visualFocus ? button.context.foreground : button.context.colors.outline

            Rectangle {
                anchors.fill: parent
                radius: parent.radius
                color: button.context.foreground
                opacity: button.down ? Theme.pressedTint : button.hovered ? Theme.hoverTint : 0
            }
        }
    }

    // On the window's overlay (a Popup is not laid out in the column).
    Toast {
        id: copiedToast

        parent: secret.Overlay.overlay
    }
}
