import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// A strip above a page's content that says something about the whole page (offline, a sync
// that failed), with an optional button. tone: "warn" or "bad".
Pane {
    id: banner

    property string text: ""
    property string tone: "warn"
    property string actionText: ""
    signal actionTriggered

    readonly property bool dark: Material.theme === Material.Dark

    padding: 12
    leftPadding: 16
    Material.background: tone === "bad" ? (dark ? "#5c1b17" : "#fde7e4")
                                        : (dark ? "#4a3b12" : "#fff2cc")
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    RowLayout {
        anchors.fill: parent
        spacing: 12

        OutsideText {
            objectName: "bannerText"
            Layout.fillWidth: true
            text: Outside.text(banner.text, Outside.textLimit)
            maximumLineCount: 4
            color: banner.dark ? "#f4efe4" : "#2b2212"
            Accessible.ignored: true
        }

        OutsideButton {
            objectName: "bannerAction"
            visible: banner.actionText.length > 0
            text: Outside.text(banner.actionText)
            maximumWidth: 160
            flat: true
            Accessible.name: text
            onClicked: banner.actionTriggered()
        }
    }
}
