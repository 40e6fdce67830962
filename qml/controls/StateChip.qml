import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// A small coloured label for an inbox item's state: needs action, sending, approved, rejected,
// conflicted, expired, withdrawn. tone: "accent", "good", "bad", "warn" or "muted". The text may
// come from outside (a category, a pass status): one line, elided within maximumWidth.
Rectangle {
    id: chip

    property string text: ""
    property string tone: "muted"
    property real maximumWidth: parent ? Math.max(parent.width, 48) : 320
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)
    readonly property color ink: {
        switch (tone) {
        case "good":
            return colors.good
        case "bad":
            return colors.bad
        case "warn":
            return colors.warn
        case "accent":
            return Material.accentColor
        default:
            return Material.secondaryTextColor
        }
    }

    visible: text.length > 0
    implicitWidth: label.width + 16
    implicitHeight: label.implicitHeight + 6
    radius: height / 2
    color: Theme.tint(ink, colors.chipTint)
    Accessible.role: Accessible.StaticText
    Accessible.name: text

    OutsideText {
        id: label

        anchors.centerIn: parent
        width: Math.min(implicitWidth, chip.maximumWidth - 16)
        wrapMode: Text.NoWrap
        horizontalAlignment: Text.AlignHCenter
        text: Outside.text(chip.text)
        color: chip.ink
        font.pixelSize: Theme.fontCaption
        font.weight: Font.DemiBold
        Accessible.ignored: true
    }
}
