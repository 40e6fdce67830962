import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Profile's analytics switch: on while usage statistics are shared (the person's choice, or the
// organisation's default until they choose); turning it off stops them, empties what waits and
// asks the server to drop this device's statistics. The whole row is one check box for the
// keyboard (Tab, then Space) and screen readers; a click anywhere on it flips the choice.
Item {
    id: control

    // The recorder (the `Analytics` singleton; tests give their own).
    property var recorder: Analytics

    function flip() {
        if (control.recorder)
            control.recorder.setConsent(!toggle.checked)
    }

    objectName: "analyticsConsentSwitch"
    implicitWidth: row.implicitWidth
    implicitHeight: row.implicitHeight + 2 * Theme.spacingS
    activeFocusOnTab: true
    Accessible.role: Accessible.CheckBox
    Accessible.checkable: true
    Accessible.checked: toggle.checked
    Accessible.name: qsTr("Share usage statistics")
    Accessible.description: detail.text
    Accessible.onToggleAction: control.flip()
    Accessible.onPressAction: control.flip()
    Keys.onSpacePressed: control.flip()

    TapHandler {
        onTapped: control.flip()
    }

    // The keyboard focus ring.
    Rectangle {
        anchors.fill: parent
        anchors.margins: -Theme.spacingXS
        visible: control.activeFocus
        color: "transparent"
        radius: Theme.radiusS
        border.width: 2
        border.color: control.Material.accent
    }

    RowLayout {
        id: row

        anchors.fill: parent
        anchors.topMargin: Theme.spacingS
        anchors.bottomMargin: Theme.spacingS
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
            enabled: control.recorder !== null
            focusPolicy: Qt.NoFocus
            Accessible.ignored: true
            onToggled: control.recorder.setConsent(checked)
        }
    }
}
