import QtQuick
import Tessera

// A Container (also a Column of a ColumnSet and a cell of a Table): its items, on the background
// of its style (emphasis, good, attention, warning, accent: the app's theme, light or dark) with
// padding; its content at the top, centre or bottom when it is taller than its items; a
// selectAction makes it a button.
Rectangle {
    id: container

    required property var element
    required property CardContext context
    // Padding without a style of its own (a table cell has some).
    property int basePadding: 0

    readonly property bool styled: !!element.style && element.style !== "default"
    readonly property int padding: styled ? Theme.spacingS : basePadding

    implicitWidth: body.naturalWidth + 2 * padding
    implicitHeight: body.implicitHeight + 2 * padding
    color: styled ? context.containerColor(element.style) : "transparent"
    radius: styled ? Theme.radiusS : 0

    CardActionArea {
        context: container.context
        action: container.element.selectAction || ({})
    }

    CardBody {
        id: body

        x: container.padding
        y: {
            const free = container.height - container.implicitHeight
            if (free <= 0)
                return container.padding
            if (container.element.verticalContentAlignment === "center")
                return container.padding + free / 2
            if (container.element.verticalContentAlignment === "bottom")
                return container.padding + free
            return container.padding
        }
        width: container.width - 2 * container.padding
        context: container.context
        elements: container.element.items || []
    }
}
