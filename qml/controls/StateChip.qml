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
    readonly property bool dark: Material.theme === Material.Dark
    readonly property color ink: {
        switch (tone) {
        case "good":
            return dark ? "#8fd9a0" : "#1d6b34"
        case "bad":
            return dark ? "#ffb4ab" : "#a8201a"
        case "warn":
            return dark ? "#f5c26b" : "#7a5200"
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
    color: Qt.rgba(ink.r, ink.g, ink.b, dark ? 0.18 : 0.12)
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
        font.pixelSize: 12
        font.weight: Font.DemiBold
        Accessible.ignored: true
    }
}
