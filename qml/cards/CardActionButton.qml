import QtQuick
import QtQuick.Controls.Material
import Tessera

// One action of a card (cardAction: `action` is the Button's own) as a button: its title (plain text; a title-less action says what it
// does), positive actions filled, destructive ones in the danger colour, secondary ones flat,
// disabled when isEnabled is false; a ShowCard says whether its card is open. Tab reaches it;
// Enter or Space presses it.
OutsideButton {
    id: button

    required property var cardAction
    required property CardContext context
    property bool expanded: false

    objectName: "cardAction-" + (cardAction.id || cardAction.title || cardAction.type)
    text: cardAction.title || defaultTitle(cardAction.type)
    enabled: cardAction.isEnabled !== false
    readonly property bool positive: cardAction.style === "positive"

    flat: cardAction.mode === "secondary"
    font.capitalization: Font.MixedCase
    Material.foreground: positive ? context.colors.accentText
                       : cardAction.style === "destructive" ? context.colors.danger : context.foreground
    Accessible.name: Outside.text(text)
    Accessible.description: Outside.text(cardAction.tooltip || "")
    Accessible.checkable: cardAction.type === "Action.ShowCard"
    Accessible.checked: expanded
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    // Drawn without the Material elevation layer, which the software scene graph (offscreen
    // screenshots) cannot draw: filled for a positive action, outlined otherwise, bare when flat.
    background: Rectangle {
        implicitWidth: 64
        implicitHeight: button.Material.buttonHeight - 12
        y: 6
        radius: Theme.radiusS
        color: !button.enabled ? button.Material.buttonDisabledColor
             : button.positive ? button.context.accent : "transparent"
        border.width: button.visualFocus ? 2 : button.flat || button.positive ? 0 : 1
        border.color: button.visualFocus ? button.context.foreground : button.context.colors.outline

        Rectangle {
            anchors.fill: parent
            radius: parent.radius
            color: button.context.foreground
            opacity: !button.enabled ? 0 : button.down ? Theme.pressedTint : button.hovered ? Theme.hoverTint : 0
        }
    }

    function defaultTitle(type) {
        switch (type) {
        case "Action.OpenUrl":
            return qsTr("Open link")
        case "Action.ShowCard":
            return qsTr("Show more")
        case "Action.ToggleVisibility":
            return qsTr("Show or hide")
        default:
            return qsTr("Send")
        }
    }
}
