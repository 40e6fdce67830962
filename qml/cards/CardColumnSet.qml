import QtQuick
import Tessera

// A ColumnSet: its columns side by side, each as wide as its width says (auto: its content,
// stretch: a share of the rest, a weight: a share in proportion, pixels), all as tall as the
// tallest; a hidden column (isVisible, ToggleVisibility) takes no room.
Item {
    id: set

    required property var element
    required property CardContext context

    readonly property var columns: element.items || []
    readonly property int gap: Theme.spacingS
    property var naturals: []
    readonly property var layout: context.columnLayout(columns.map(c => context.isShown(c) ? (c.width || "stretch") : null),
                                                       naturals, width, gap)

    property real tallest: 0

    implicitHeight: tallest
    implicitWidth: naturals.reduce((sum, w) => sum + w + gap, 0)

    // The columns' natural widths and the tallest shown column (they change as they lay out).
    function measure() {
        const widths = []
        let height = 0
        for (let i = 0; i < columns.length; ++i) {
            const column = repeater.itemAt(i)
            widths.push(column ? column.implicitWidth : 0)
            if (column && column.visible)
                height = Math.max(height, column.implicitHeight)
        }
        naturals = widths
        tallest = height
    }

    Repeater {
        id: repeater

        model: set.columns

        delegate: CardContainer {
            required property var modelData
            required property int index

            objectName: "card-Column" + (modelData.id ? ":" + modelData.id : "")
            element: modelData
            context: set.context
            visible: set.context.isShown(modelData)
            x: set.layout.x[index] || 0
            width: set.layout.width[index] || 0
            height: set.height
            onImplicitWidthChanged: set.measure()
            onImplicitHeightChanged: set.measure()
            onVisibleChanged: set.measure()
            Component.onCompleted: set.measure()
        }
    }
}
