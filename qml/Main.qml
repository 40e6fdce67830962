import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// The app window: Material style, theme from AppSettings, one StackView of pages.
ApplicationWindow {
    id: window

    width: 390
    height: 844
    minimumWidth: 320
    minimumHeight: 480
    visible: true
    title: qsTr("Tessera")

    Material.theme: {
        switch (AppSettings.effectiveTheme) {
        case AppSettings.Dark:
            return Material.Dark
        case AppSettings.System:
            return Material.System
        default:
            return Material.Light
        }
    }
    Material.primary: Material.Indigo
    Material.accent: Material.Indigo

    StackView {
        id: stack

        objectName: "pageStack"
        anchors.fill: parent
        initialItem: SignInPage {}
    }
}
