import QtQuick
import Tessera

// Styled text of a card in a plain-text TextEdit (DESIGN decision 7): CardTextFormat joins the
// runs and lays bold, italic, colours and sizes over the text by position, so nothing in it is
// ever read as markup. Runs with a target (a link, an action) are underlined, activated by a tap,
// and each is a Tab stop of its own (Enter or Space activates it; a screen reader hears a link).
// maxLines > 0 shows at most that many lines.
Item {
    id: rich

    required property CardContext context
    // CardTextFormat's runs (their texts already through Outside.text).
    property var runs: []
    property int maxLines: 0
    property int horizontalAlignment: TextEdit.AlignLeft
    property real pixelSize: Theme.fontBody
    property int fontWeight: Font.Normal
    property bool monospace: false
    property color color: context.foreground
    property bool heading: false

    signal activated(int target)

    readonly property alias text: edit.text
    readonly property bool truncated: maxLines > 0 && edit.lineCount > maxLines
    readonly property real lineHeight: edit.lineCount > 0 ? edit.contentHeight / edit.lineCount : edit.font.pixelSize

    implicitWidth: edit.implicitWidth
    implicitHeight: truncated ? Math.ceil(lineHeight * maxLines) : edit.implicitHeight
    clip: truncated

    TextEdit {
        id: edit

        width: rich.width
        text: format.text
        textFormat: TextEdit.PlainText
        readOnly: true
        selectByMouse: false
        activeFocusOnPress: false
        wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
        horizontalAlignment: rich.horizontalAlignment
        color: rich.color
        font.pixelSize: rich.pixelSize
        font.weight: rich.fontWeight
        font.family: rich.monospace ? "monospace" : fontProbe.font.family
        Accessible.role: rich.heading ? Accessible.Heading : Accessible.StaticText
        Accessible.name: text
        // Taps go to the handlers below and to the element around the text (a selectAction):
        // a TextEdit would take them itself.
        enabled: false
    }

    TapHandler {
        onTapped: eventPoint => {
            const target = format.targetAt(edit.positionAt(eventPoint.position.x, eventPoint.position.y))
            if (target >= 0)
                rich.activated(target)
        }
    }

    HoverHandler {
        id: hover

        enabled: format.targets.length > 0
        cursorShape: hovered && format.targetAt(edit.positionAt(point.position.x, point.position.y)) >= 0
                     ? Qt.PointingHandCursor : Qt.ArrowCursor
    }

    // The default font (the family a Text gets when it sets none).
    Text {
        id: fontProbe

        visible: false
    }

    CardTextFormat {
        id: format

        document: edit.textDocument
        runs: rich.runs
    }

    // A Tab stop over each link's text.
    Repeater {
        model: format.targets

        delegate: Item {
            id: link

            required property var modelData

            // Depends on the layout: recomputed when the text is laid out again.
            readonly property bool laidOut: edit.width > 0 && edit.contentHeight > 0 && edit.length >= modelData.end
            readonly property rect first: laidOut ? edit.positionToRectangle(modelData.start) : Qt.rect(0, 0, 0, 0)
            readonly property rect last: laidOut ? edit.positionToRectangle(modelData.end) : Qt.rect(0, 0, 0, 0)

            objectName: "cardLink"
            x: first.x
            y: first.y
            width: Math.max(1, last.y === first.y ? last.x - first.x : edit.width - first.x)
            height: Math.max(1, first.height)
            activeFocusOnTab: true
            Accessible.role: Accessible.Link
            Accessible.name: modelData.text
            Accessible.focusable: true
            Accessible.onPressAction: rich.activated(modelData.target)
            Keys.onReturnPressed: rich.activated(modelData.target)
            Keys.onEnterPressed: rich.activated(modelData.target)
            Keys.onSpacePressed: rich.activated(modelData.target)

            Rectangle {
                anchors.fill: parent
                anchors.margins: -2
                visible: link.activeFocus
                color: "transparent"
                radius: Theme.radiusS
                border.width: 2
                border.color: rich.context.accent
            }
        }
    }
}
