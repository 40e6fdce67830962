import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material

// bench_startup's second reference: the same window as an ApplicationWindow in the Material
// style of Qt Quick Controls (what the app is built on), with a Label.
ApplicationWindow {
    width: 390
    height: 844
    visible: true
    title: "Peer"
    Material.primary: Material.Indigo

    Label {
        anchors.centerIn: parent
        text: "Hello"
        font.pixelSize: 20
    }
}
