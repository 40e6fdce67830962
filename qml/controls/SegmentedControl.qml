import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// A two-or-more-way switch drawn as one pill of segments (one of them selected). Each segment is
// a radio button for assistive technology; Tab reaches each segment, Space/Enter selects it, and
// Left/Right move the selection.
Control {
    id: control

    // The segments' labels, in order.
    property var labels: []
    property int currentIndex: 0
    // The name of the whole group, read out before the segments.
    property string accessibleName: ""

    // Emitted when the user picks a segment (not when currentIndex is set in code).
    signal activated(int index)

    function select(index) {
        if (index < 0 || index >= labels.length || index === currentIndex)
            return
        currentIndex = index
        activated(index)
    }

    implicitHeight: 44
    padding: 3

    Accessible.role: Accessible.Grouping
    Accessible.name: accessibleName

    background: Rectangle {
        radius: height / 2
        color: "transparent"
        border.width: 1
        border.color: Theme.palette(control.Material.theme === Material.Dark).outline
    }

    contentItem: RowLayout {
        spacing: Theme.spacingXXS

        Repeater {
            model: control.labels

            delegate: AbstractButton {
                id: segment

                required property int index
                required property string modelData
                readonly property bool selected: segment.index === control.currentIndex

                objectName: "segment" + segment.index
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1 // equal widths
                text: segment.modelData
                focusPolicy: Qt.StrongFocus
                Accessible.role: Accessible.RadioButton
                Accessible.name: segment.text
                Accessible.checkable: true
                Accessible.checked: segment.selected

                onClicked: control.select(segment.index)
                Keys.onLeftPressed: control.select(segment.index - 1)
                Keys.onRightPressed: control.select(segment.index + 1)
                Keys.onReturnPressed: control.select(segment.index)
                Keys.onEnterPressed: control.select(segment.index)

                contentItem: Label {
                    text: Outside.text(segment.text)
                    textFormat: Text.PlainText
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                    font.weight: segment.selected ? Font.DemiBold : Font.Normal
                    color: segment.selected ? control.Material.accentColor
                                            : control.Material.foreground
                }

                background: Rectangle {
                    radius: segment.height / 2
                    color: {
                        const c = control.Material.accentColor
                        if (segment.selected)
                            return Theme.tint(c, Theme.palette(control.Material.theme === Material.Dark).selectedTint)
                        if (segment.hovered || segment.pressed)
                            return Theme.tint(c, Theme.hoverTint)
                        return "transparent"
                    }
                    border.width: segment.visualFocus ? 2 : 0
                    border.color: control.Material.accentColor
                }
            }
        }
    }
}
