import QtQuick
import Qt.labs.platform as Platform

// The app's icon in the system tray (Qt.labs.platform: a StatusNotifierItem on Linux, which needs
// a StatusNotifierWatcher on the session bus; `available` is false without one, and closing the
// window then quits as before). Main.qml loads it after the window's first frame (DESIGN.md,
// second round, decisions 12 and 13). An invisible Item around it, because a Loader loads items.
Item {
    id: root

    // The window to bring back (set by Main.qml).
    property Window window: null
    readonly property bool available: icon.available

    function restore() {
        if (!window)
            return
        window.showNormal()
        window.raise()
        window.requestActivate()
    }

    visible: false
    width: 0
    height: 0

    Platform.SystemTrayIcon {
        id: icon

        visible: available
        icon.source: "qrc:/icons/tessera.png"
        tooltip: qsTr("Tessera")
        onActivated: reason => {
            if (reason === Platform.SystemTrayIcon.Trigger || reason === Platform.SystemTrayIcon.DoubleClick)
                root.restore()
        }

        menu: Platform.Menu {
            Platform.MenuItem {
                text: qsTr("Open Tessera")
                onTriggered: root.restore()
            }

            Platform.MenuItem {
                text: qsTr("Quit Tessera")
                onTriggered: Qt.quit()
            }
        }
    }
}
