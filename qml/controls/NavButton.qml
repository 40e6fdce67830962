import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One destination of the app's navigation: an icon with its name, either stacked (the phone's
// bottom bar) or side by side (the desktop's side rail). A page tab for assistive technology;
// Tab reaches it, Enter or Space opens it.
AbstractButton {
    id: button

    property string kind: ""
    property bool selected: false
    // true: icon above a small label (bottom bar); false: icon beside the label (side rail).
    property bool stacked: true
    // A count shown on the icon (the inbox's unread items); 0 shows none.
    property int badge: 0
    // What the badge counts, for assistive technology ("3 unread").
    property string badgeText: ""

    readonly property color tint: selected ? Material.accentColor : Material.foreground
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    focusPolicy: Qt.StrongFocus
    implicitHeight: stacked ? 64 : 48
    implicitWidth: stacked ? 72 : 200
    Accessible.role: Accessible.PageTab
    Accessible.name: badge > 0 && badgeText.length > 0 ? text + ", " + badgeText : text
    Accessible.checkable: true
    Accessible.checked: selected

    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    contentItem: Item {
        GridLayout {
            anchors.centerIn: button.stacked ? parent : undefined
            anchors.verticalCenter: button.stacked ? undefined : parent.verticalCenter
            anchors.left: button.stacked ? undefined : parent.left
            anchors.leftMargin: button.stacked ? 0 : 16
            width: button.stacked ? parent.width : parent.width - 32
            columns: button.stacked ? 1 : 2
            rowSpacing: Theme.spacingXS
            columnSpacing: Theme.spacingL

            Rectangle {
                // Material 3's "active indicator" pill behind the selected icon.
                Layout.alignment: Qt.AlignHCenter
                implicitWidth: button.stacked ? 56 : 24
                implicitHeight: button.stacked ? 28 : 24
                radius: 14
                color: {
                    if (!button.stacked || !button.selected)
                        return "transparent"
                    const c = button.Material.accentColor
                    return Theme.tint(c, button.colors.selectedTint)
                }

                NavIcon {
                    id: navIcon

                    anchors.centerIn: parent
                    kind: button.kind
                    size: 22
                    color: button.tint
                }

                Rectangle {
                    objectName: "navBadge"
                    visible: button.badge > 0
                    anchors.left: navIcon.horizontalCenter
                    anchors.leftMargin: Theme.spacingXXS
                    anchors.bottom: navIcon.verticalCenter
                    anchors.bottomMargin: Theme.spacingXXS
                    implicitWidth: Math.max(18, badgeLabel.implicitWidth + 8)
                    implicitHeight: 18
                    radius: 9
                    color: button.colors.badge
                    Accessible.ignored: true

                    Label {
                        id: badgeLabel

                        anchors.centerIn: parent
                        text: button.badge > 99 ? "99+" : String(button.badge)
                        font.pixelSize: 11
                        font.weight: Font.DemiBold
                        color: button.colors.badgeNumber
                        Accessible.ignored: true
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                text: Outside.text(button.text)
                textFormat: Text.PlainText
                horizontalAlignment: button.stacked ? Text.AlignHCenter : Text.AlignLeft
                elide: Text.ElideRight
                font.pixelSize: button.stacked ? 12 : 14
                font.weight: button.selected ? Font.DemiBold : Font.Normal
                color: button.tint
                Accessible.ignored: true
            }
        }
    }

    background: Rectangle {
        color: {
            const c = button.Material.accentColor
            if (!button.stacked && button.selected)
                return Theme.tint(c, button.colors.railSelectedTint)
            if (button.down)
                return Theme.tint(c, Theme.pressedTint)
            if (button.hovered)
                return Theme.tint(c, Theme.hoverTint)
            return "transparent"
        }
        radius: button.stacked ? 0 : 24
        border.width: button.visualFocus ? 2 : 0
        border.color: button.Material.accentColor
    }
}
