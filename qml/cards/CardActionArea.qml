import QtQuick
import Tessera

// An element's selectAction (a Container, a Column, an Image, the card itself): fills its parent
// under its content, so a tap on the element runs the action and a tap on a button inside it
// stays the button's; a Tab stop (Enter or Space runs it) said as a button named after the
// action. Nothing when there is no action.
Item {
    id: area

    required property CardContext context
    property var action: ({})

    readonly property bool active: action !== undefined && action !== null && action.type !== undefined

    anchors.fill: parent
    enabled: active
    activeFocusOnTab: active
    Accessible.role: Accessible.Button
    Accessible.name: active ? Outside.text(action.title || action.tooltip || "") : ""
    Accessible.ignored: !active
    Accessible.onPressAction: trigger()
    Keys.onReturnPressed: trigger()
    Keys.onEnterPressed: trigger()
    Keys.onSpacePressed: trigger()

    function trigger() {
        if (active)
            context.run(action)
    }

    TapHandler {
        enabled: area.active
        onTapped: area.trigger()
    }

    HoverHandler {
        enabled: area.active
        cursorShape: Qt.PointingHandCursor
    }

    Rectangle {
        anchors.fill: parent
        anchors.margins: -2
        visible: area.activeFocus
        color: "transparent"
        radius: Theme.radiusS
        border.width: 2
        border.color: area.context.accent
    }
}
