import QtQuick
import Tessera

// The elements of a card (the card itself, a Container, a Column, a table cell or a ShowCard's
// card) one under the other, then the card's actions when it has any.
Column {
    id: body

    required property CardContext context
    property var elements: []
    property var actions: []
    // The widest element's own width (a Column's implicitWidth is its children's set widths).
    property real naturalWidth: 0

    function measure() {
        let widest = 0
        for (let i = 0; i < repeater.count; ++i) {
            const each = repeater.itemAt(i)
            if (each && each.visible)
                widest = Math.max(widest, each.implicitWidth)
        }
        naturalWidth = widest
    }

    Repeater {
        id: repeater

        model: body.elements

        delegate: CardElementView {
            required property var modelData
            required property int index

            width: body.width
            element: modelData
            context: body.context
            first: index === 0
            onImplicitWidthChanged: body.measure()
            onVisibleChanged: body.measure()
            Component.onCompleted: body.measure()
        }
    }

    CardActionBar {
        width: body.width
        visible: body.actions.length > 0
        topPadding: body.elements.length > 0 ? Theme.spacingM : 0
        context: body.context
        actions: body.actions
    }
}
