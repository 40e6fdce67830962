import QtQuick
import QtQuick.Controls.Material

// The Tessera mark: four mosaic tiles, drawn rather than loaded so that it is crisp at any size
// and follows the theme. Decorative: hidden from assistive technology.
Item {
    id: mark

    property real size: 56
    readonly property real gap: size * 0.08
    readonly property real tile: (size - gap) / 2
    readonly property bool dark: Material.theme === Material.Dark

    implicitWidth: size
    implicitHeight: size
    Accessible.ignored: true

    Repeater {
        model: [
            Material.color(Material.Indigo, mark.dark ? Material.Shade300 : Material.Shade500),
            Material.color(Material.Teal, mark.dark ? Material.Shade300 : Material.Shade400),
            Material.color(Material.Amber, mark.dark ? Material.Shade300 : Material.Shade500),
            Material.color(Material.Indigo, mark.dark ? Material.Shade100 : Material.Shade200)
        ]

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
