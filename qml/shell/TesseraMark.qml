import QtQuick
import QtQuick.Controls.Material
import Tessera

// The Tessera mark: four mosaic tiles, drawn rather than loaded so that it is crisp at any size
// and follows the theme. Decorative: hidden from assistive technology.
Item {
    id: mark

    property real size: 56
    readonly property real gap: size * 0.08
    readonly property real tile: (size - gap) / 2
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    implicitWidth: size
    implicitHeight: size
    Accessible.ignored: true

    Repeater {
        model: [mark.colors.markTile1, mark.colors.markTile2, mark.colors.markTile3,
            mark.colors.markTile4]

        delegate: Rectangle {
            id: tile

            required property int index
            required property color modelData

            x: (tile.index % 2) * (mark.tile + mark.gap)
            y: Math.floor(tile.index / 2) * (mark.tile + mark.gap)
            width: mark.tile
            height: mark.tile
            radius: mark.tile * 0.22
            color: tile.modelData
        }
    }
}
