import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

// One fact on a details page: a small caption above its value. Read out as "caption: value".
ColumnLayout {
    id: row

    property string label: ""
    property string value: ""
    // Long unbroken values (ids) may break anywhere.
    property bool breakAnywhere: false

    spacing: 2
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("%1: %2").arg(label).arg(value)

    Label {
        Layout.fillWidth: true
        text: row.label
        font.pixelSize: 12
        color: row.Material.secondaryTextColor
        elide: Text.ElideRight
        Accessible.ignored: true
    }

    Label {
        objectName: "value"
        Layout.fillWidth: true
        text: row.value
        wrapMode: row.breakAnywhere ? Text.WrapAnywhere : Text.Wrap
        Accessible.ignored: true
    }
}
