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

    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    padding: Theme.spacingM
    leftPadding: Theme.spacingL
    Material.background: tone === "bad" ? colors.bannerBad : colors.bannerWarn
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacingM

        OutsideText {
            objectName: "bannerText"
            Layout.fillWidth: true
            text: Outside.text(banner.text, Outside.textLimit)
            maximumLineCount: 4
            color: banner.colors.bannerText
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
