import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One fact on a details page: a small caption above its value. Read out as "caption: value".
// Both may come from outside (a sub-system's data field and its name, a directory's value): both
// are shown as OutsideText.
ColumnLayout {
    id: row

    property string label: ""
    property string value: ""
    // Long unbroken values (ids) may break anywhere.
    property bool breakAnywhere: false

    spacing: Theme.spacingXXS
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("%1: %2").arg(label).arg(value)

    OutsideText {
        Layout.fillWidth: true
        text: Outside.text(row.label)
        font.pixelSize: Theme.fontCaption
        color: row.Material.secondaryTextColor
        wrapMode: Text.NoWrap
        elide: Text.ElideRight
        Accessible.ignored: true
    }

    OutsideText {
        objectName: "value"
        Layout.fillWidth: true
        text: Outside.text(row.value)
        maximumLineCount: 12
        wrapMode: row.breakAnywhere ? Text.WrapAnywhere : Text.WrapAtWordBoundaryOrAnywhere
        Accessible.ignored: true
    }
}
