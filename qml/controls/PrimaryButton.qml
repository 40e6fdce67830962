import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// The page's main action: a filled accent button without the Material drop shadow. The stock
// highlighted Button draws itself through a ShaderEffect layer (its elevation shadow), which the
// software scene graph (QT_QPA_PLATFORM=offscreen screenshots) cannot draw: it vanished there.
// A flat fill looks the same on every backend and shows keyboard focus with a ring.
// busy: a small spinner before the text while the action is under way.
Button {
    id: control

    property bool busy: false

    highlighted: true

    // Material's light accent shades (used in the dark theme) need dark text to stay readable.
    contentItem: Item {
        implicitWidth: row.implicitWidth
        implicitHeight: row.implicitHeight

        Row {
            id: row

            anchors.centerIn: parent
            width: Math.min(implicitWidth, parent.width)
            spacing: 10

            BusyIndicator {
                objectName: "busyIndicator"
                width: 20
                height: 20
                padding: 0
                anchors.verticalCenter: parent.verticalCenter
                running: control.busy
                visible: control.busy
                Material.accent: label.color
                Accessible.ignored: true
            }

            OutsideText {
                id: label

                width: Math.min(implicitWidth, row.parent.width - (control.busy ? 30 : 0))
                anchors.verticalCenter: parent.verticalCenter
                text: Outside.text(control.text)
                font: control.font
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                wrapMode: Text.NoWrap
                elide: Text.ElideRight
                color: !control.enabled && !control.busy
                       ? control.Material.hintTextColor
                       : Theme.palette(control.Material.theme === Material.Dark).accentText
            }
        }
    }

    background: Rectangle {
        implicitWidth: 64
        implicitHeight: control.Material.buttonHeight
        radius: Theme.radiusS
        // While busy the button is disabled but keeps its colour: the action is under way.
        color: !control.enabled && !control.busy ? control.Material.buttonDisabledColor
                                                 : control.Material.highlightedButtonColor
        border.width: control.visualFocus ? 2 : 0
        border.color: control.Material.foreground

        // Pressed/hovered feedback (the Material Ripple draws in the wrong place under the
        // software scene graph).
        Rectangle {
            anchors.fill: parent
            radius: parent.radius
            color: control.Material.primaryHighlightedTextColor
            opacity: !control.enabled ? 0 : control.down ? 0.24 : control.hovered ? 0.08 : 0
        }
    }
}
