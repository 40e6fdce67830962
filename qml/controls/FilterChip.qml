import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// A Material filter chip: an outlined pill, filled with the accent's tint when chosen. A radio
// button for assistive technology (one filter at a time); Tab reaches it, Space or Enter picks.
// Its text may come from outside (a category): one line, at most maximumWidth wide.
AbstractButton {
    id: chip

    property bool chosen: false
    property real maximumWidth: 240
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    focusPolicy: Qt.StrongFocus
    implicitHeight: 36
    leftPadding: 14
    rightPadding: 14
    implicitWidth: Math.min(label.implicitWidth + 28, maximumWidth)
    Accessible.role: Accessible.RadioButton
    Accessible.name: text
    Accessible.checkable: true
    Accessible.checked: chosen
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    contentItem: OutsideText {
        id: label

        text: Outside.text(chip.text)
        wrapMode: Text.NoWrap
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        font.pixelSize: Theme.fontBody
        font.weight: chip.chosen ? Font.DemiBold : Font.Normal
        color: chip.chosen ? chip.colors.chosenText : chip.Material.foreground
        Accessible.ignored: true
    }

    background: Rectangle {
        radius: height / 2
        color: {
            const c = chip.Material.accentColor
            if (chip.chosen)
                return Theme.tint(c, chip.colors.chosenTint)
            if (chip.down || chip.hovered)
                return Theme.tint(c, Theme.chipHoverTint)
            return "transparent"
        }
        border.width: chip.visualFocus ? 2 : 1
        border.color: chip.visualFocus ? chip.Material.accentColor
                                       : chip.chosen ? "transparent" : chip.Material.dividerColor
    }
}
