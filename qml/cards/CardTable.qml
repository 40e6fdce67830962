import QtQuick
import Tessera

// A Table: its rows of cells in columns as wide as the columns say (a weight, pixels; auto and
// stretch count as a weight of 1), the first row as a header (emphasised, said as column headers)
// unless firstRowAsHeader is false, and grid lines (in the gridStyle's colour) unless
// showGridLines is false. Each cell is a container of elements.
Column {
    id: table

    required property var element
    required property CardContext context

    readonly property var rows: element.items || []
    readonly property int columnCount: {
        let count = (element.columns || []).length
        for (let i = 0; i < rows.length; ++i)
            count = Math.max(count, (rows[i].items || []).length)
        return count
    }
    readonly property var layout: {
        const widths = []
        const columns = element.columns || []
        for (let i = 0; i < columnCount; ++i) {
            const w = i < columns.length ? columns[i].width : "1"
            widths.push(w === "auto" || w === "stretch" || !w ? "1" : w)
        }
        return context.columnLayout(widths, [], width, 0)
    }
    readonly property color lineColor: element.gridStyle && element.gridStyle !== "default"
                                       ? Theme.tint(context.containerColor(element.gridStyle), 1)
                                       : context.colors.outline

    Repeater {
        model: table.rows

        delegate: Item {
            id: row

            required property var modelData
            required property int index

            readonly property bool header: index === 0 && table.element.firstRowAsHeader !== false
            readonly property var cells: modelData.items || []
            property real tallest: 0

            objectName: "cardTableRow"
            width: table.width
            height: tallest
            visible: table.context.isShown(modelData)

            function measure() {
                let height = 0
                for (let i = 0; i < cellRepeater.count; ++i) {
                    const cell = cellRepeater.itemAt(i)
                    if (cell)
                        height = Math.max(height, cell.implicitHeight)
                }
                tallest = height
            }

            Repeater {
                id: cellRepeater

                model: row.cells

                delegate: CardContainer {
                    required property var modelData
                    required property int index

                    element: Object.assign({}, modelData, {
                        "style": modelData.style || row.modelData.style || (row.header ? "emphasis" : "")
                    })
                    context: table.context
                    basePadding: Theme.spacingS
                    radius: 0
                    x: table.layout.x[index] || 0
                    width: table.layout.width[index] || 0
                    height: row.height
                    border.width: table.element.showGridLines !== false ? 1 : 0
                    border.color: table.lineColor
                    Accessible.role: row.header ? Accessible.ColumnHeader : Accessible.Cell
                    onImplicitHeightChanged: row.measure()
                    Component.onCompleted: row.measure()
                }
            }
        }
    }
}
