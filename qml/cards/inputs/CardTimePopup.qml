import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The time picker behind an Input.Time: two Tumblers (hours 00-23, minutes 00-59) and Set.
// Keyboard: Tab between hours, minutes and the buttons, Up and Down turn a Tumbler, Enter sets,
// Escape closes. Times are "HH:MM" text (as the card and the validator have them).
Popup {
    id: popup

    // What the picker is for (its accessible name).
    property string accessibleName: ""
    readonly property string time: pad(hours.currentIndex) + ":" + pad(minutes.currentIndex)

    signal picked(string time)

    function pad(number) {
        return String(number).padStart(2, "0")
    }

    // Opens on this time ("" or not a time: the start of the current hour).
    function openOn(time) {
        const valid = /^([01]\d|2[0-3]):[0-5]\d$/.test(time)
        hours.currentIndex = valid ? Number(time.slice(0, 2)) : new Date().getHours()
        minutes.currentIndex = valid ? Number(time.slice(3, 5)) : 0
        open()
        // Shown at once where they are (setting currentIndex alone scrolls them there).
        hours.positionViewAtIndex(hours.currentIndex, Tumbler.Center)
        minutes.positionViewAtIndex(minutes.currentIndex, Tumbler.Center)
        hours.forceActiveFocus()
    }

    function set() {
        picked(time)
        close()
    }

    anchors.centerIn: Overlay.overlay
    modal: true
    focus: true

    // A plain box: the style's background is drawn through a shadow layer that the software
    // renderer (offscreen screenshots) does not draw at all.
    background: Rectangle {
        radius: Theme.radiusL
        color: popup.Material.dialogColor
        border.width: 1
        border.color: Theme.palette(popup.Material.theme === Material.Dark).outline
    }
    padding: Theme.spacingL

    FocusScope {
        implicitHeight: column.implicitHeight
        implicitWidth: column.implicitWidth
        Accessible.role: Accessible.Dialog
        Accessible.name: popup.accessibleName
        Keys.onReturnPressed: popup.set()
        Keys.onEnterPressed: popup.set()

        ColumnLayout {
            id: column

            anchors.fill: parent
            spacing: Theme.spacingM

            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                spacing: Theme.spacingS

                TimeTumbler {
                    id: hours

                    objectName: "hoursTumbler"
                    model: 24
                    focus: true
                    Accessible.name: qsTr("Hours")
                }

                Label {
                    text: ":"
                    textFormat: Text.PlainText
                    font.pixelSize: Theme.fontTitle
                }

                TimeTumbler {
                    id: minutes

                    objectName: "minutesTumbler"
                    model: 60
                    Accessible.name: qsTr("Minutes")
                }
            }

            RowLayout {
                Layout.alignment: Qt.AlignRight

                Button {
                    objectName: "cancelTimeButton"
                    text: qsTr("Cancel")
                    flat: true
                    onClicked: popup.close()
                }

                Button {
                    objectName: "setTimeButton"
                    text: qsTr("Set")
                    flat: true
                    highlighted: true
                    onClicked: popup.set()
                }
            }
        }
    }

    // A column of two-digit numbers; tinted while it has the keyboard.
    component TimeTumbler: Tumbler {
        id: tumbler

        visibleItemCount: 5
        activeFocusOnTab: true
        background: Rectangle {
            radius: Theme.radiusM
            color: tumbler.activeFocus
                   ? Theme.tint(tumbler.Material.accentColor,
                                Theme.palette(tumbler.Material.theme === Material.Dark).selectedTint)
                   : "transparent"
        }
        // Qt 6.4: inside an inline component, a delegate must be an explicit Component.
        delegate: Component {
            Label {
                required property int index

                text: String(index).padStart(2, "0")
                textFormat: Text.PlainText
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                font.pixelSize: Theme.fontTitle
                opacity: 1.0 - Math.abs(Tumbler.displacement) / (Tumbler.tumbler.visibleItemCount / 2)
            }
        }
    }
}
