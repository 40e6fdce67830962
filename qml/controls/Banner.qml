import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// A strip above a page's content that says something about the whole page (offline, a sync
// that failed), with an optional button. tone: "warn" or "bad". A banner that shows an error
// names its kind (errorKind, a fixed code from core's AnalyticsErrorKinds, never the text); each
// time it appears with one, it reports that kind to ShownErrors (analytics, with consent).
Pane {
    id: banner

    property string text: ""
    property string tone: "warn"
    property string actionText: ""
    property string errorKind: ""
    // The kind while the person can see the banner (visible is the effective visibility: a page
    // that is not shown hides its banners too); empty otherwise.
    readonly property string shownErrorKind: banner.visible ? banner.errorKind : ""
    signal actionTriggered

    onShownErrorKindChanged: ShownErrors.report(banner.shownErrorKind)
    Component.onCompleted: ShownErrors.report(banner.shownErrorKind)

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
