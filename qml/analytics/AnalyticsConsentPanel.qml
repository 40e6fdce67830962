import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The analytics question, on the first screen after sign-in until the person answers it (once:
// their choice is kept in the encrypted database). "Share" or "Don't share" answers; the close
// button only hides it until the next start (the organisation's default applies meanwhile).
// A screen reader hears it as a region with its question; Tab reaches both answers and the close.
Pane {
    id: panel

    // The recorder (the `Analytics` singleton; tests give their own).
    property var recorder: Analytics
    property bool dismissed: false
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    signal answered(bool share)

    function answer(share) {
        panel.recorder.setConsent(share)
        panel.answered(share)
    }

    objectName: "analyticsConsentPanel"
    visible: panel.recorder !== null && panel.recorder.needsAnswer && !panel.dismissed
    padding: Theme.spacingL
    Material.background: panel.colors.navBackground
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Usage statistics")
    Accessible.description: questionLabel.text

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            Label {
                objectName: "analyticsConsentTitle"
                Layout.fillWidth: true
                text: qsTr("Help improve Tessera?")
                font.pixelSize: Theme.fontTitle
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            ToolButton {
                objectName: "analyticsConsentClose"
                text: "\u2715"
                Accessible.name: qsTr("Ask me later")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name
                onClicked: panel.dismissed = true
            }
        }

        Label {
            id: questionLabel

            objectName: "analyticsConsentText"
            Layout.fillWidth: true
            text: qsTr("Share which screens and features you use and which errors you see, "
                       + "counted per day. Never your name, your ID or what you type. You can "
                       + "change this under Profile at any time.")
            wrapMode: Text.WordWrap
            textFormat: Text.PlainText
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacingXS
            spacing: Theme.spacingS

            Item {
                Layout.fillWidth: true
            }

            Button {
                objectName: "analyticsConsentDecline"
                text: qsTr("Don't share")
                flat: true
                font.capitalization: Font.MixedCase
                Accessible.name: text
                onClicked: panel.answer(false)
            }

            PrimaryButton {
                objectName: "analyticsConsentAccept"
                text: qsTr("Share")
                Accessible.name: text
                onClicked: panel.answer(true)
            }
        }
    }
}
