import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Profile's analytics switch: on while usage statistics are shared (the person's choice, or the
// organisation's default until they choose); turning it off stops them, empties what waits and
// asks the server to drop this device's statistics.
ItemDelegate {
    id: control

    // The recorder (the `Analytics` singleton; tests give their own).
    property var recorder: Analytics

    objectName: "analyticsConsentSwitch"
    enabled: control.recorder !== null
    // Aligned with the page's text (Profile's rows have no inset of their own).
    horizontalPadding: 0
    verticalPadding: Theme.spacingS
    Accessible.role: Accessible.CheckBox
    Accessible.checkable: true
    Accessible.checked: toggle.checked
    Accessible.name: qsTr("Share usage statistics")
    Accessible.description: detail.text
    // The row itself (a click or Space anywhere on it) flips the choice, as the switch does.
    onClicked: control.recorder.setConsent(!toggle.checked)

    contentItem: RowLayout {
        spacing: Theme.spacingM

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXXS

            Label {
                Layout.fillWidth: true
                text: qsTr("Share usage statistics")
                wrapMode: Text.WordWrap
                Accessible.ignored: true
            }

            Label {
                id: detail

                Layout.fillWidth: true
                text: qsTr("Screens, features and errors, counted per day; never who you are.")
                font.pixelSize: Theme.fontCaption
                opacity: 0.7
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
                Accessible.ignored: true
            }
        }

        Switch {
            id: toggle

            objectName: "analyticsConsentToggle"
            checked: control.recorder !== null && control.recorder.enabled
            focusPolicy: Qt.NoFocus
            Accessible.ignored: true
            onToggled: control.recorder.setConsent(checked)
        }
    }
}
