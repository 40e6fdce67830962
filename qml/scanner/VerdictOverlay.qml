import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The verdict of one scan over the whole window, readable from an arm's length: green "Allowed",
// red "Not allowed" with the reason, amber with the action to take. A tap or 3 seconds dismiss
// it (dismissed()). result: ScannerControl.lastResult ({verdict, message, action, initials,
// subjectType, processTitle, time}); its reason, action and initials come from outside (the
// server's process settings, the pass): shown as OutsideText.
Popup {
    id: overlay

    property var result: ({})
    readonly property string verdict: result && result.verdict ? result.verdict : ""
    readonly property color tint: verdict === "allow" ? Theme.verdictAllow : verdict === "action" ? Theme.verdictAction : Theme.verdictDeny
    readonly property color ink: verdict === "action" ? Theme.verdictActionText : Theme.verdictText
    readonly property string headline: verdict === "allow" ? qsTr("Allowed") : verdict === "action" ? qsTr("Action needed") : qsTr("Not allowed")
    readonly property string detail: {
        if (verdict === "action")
            return Outside.text(result.action)
        if (verdict === "deny")
            return Outside.text(result.message)
        return ""
    }
    readonly property string subject: {
        if (!result || !result.initials)
            return ""
        const initials = Outside.text(result.initials, 16)
        if (result.subjectType === "non_employee")
            return qsTr("%1 · Non-employee").arg(initials)
        if (result.subjectType === "employee")
            return qsTr("%1 · Employee").arg(initials)
        return initials
    }

    signal dismissed

    objectName: "scanVerdict"
    parent: Overlay.overlay
    x: 0
    y: 0
    width: parent ? parent.width : 0
    height: parent ? parent.height : 0
    modal: true
    focus: true
    padding: Theme.spacingXXL
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    // At once, without the style's zoom and fade: the person at the door reads it from the first
    // frame (and a screenshot never catches it half drawn).
    enter: Transition {}
    exit: Transition {}
    onClosed: overlay.dismissed()

    background: Rectangle {
        color: overlay.tint
    }

    Timer {
        interval: 3000
        running: overlay.opened
        onTriggered: overlay.close()
    }

    contentItem: Item {
        Accessible.role: Accessible.AlertMessage
        // One sentence per part, without doubling a reason's own full stop.
        Accessible.name: [overlay.headline, overlay.detail, overlay.subject].filter(s => s.length > 0).map(s => s.replace(/\.$/, "")).join(". ")

        MouseArea {
            objectName: "scanVerdictDismiss"
            anchors.fill: parent
            onClicked: overlay.close()
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("Dismiss the verdict")
            Accessible.onPressAction: overlay.close()
        }

        ColumnLayout {
            anchors.centerIn: parent
            width: Math.min(parent.width, 560)
            spacing: Theme.spacingXL

            // The shape says it without colour: a tick, a cross, an exclamation mark.
            Item {
                id: mark

                readonly property real size: Math.min(160, overlay.height / 4)

                Layout.alignment: Qt.AlignHCenter
                implicitWidth: size
                implicitHeight: size
                Accessible.ignored: true

                Rectangle {
                    anchors.fill: parent
                    radius: width / 2
                    color: "transparent"
                    border.color: overlay.ink
                    border.width: mark.size / 16
                }
                // Tick
                Rectangle {
                    visible: overlay.verdict === "allow"
                    width: mark.size * 0.22
                    height: mark.size * 0.08
                    radius: height / 2
                    color: overlay.ink
                    x: mark.size * 0.27
                    y: mark.size * 0.52
                    rotation: 45
                }
                Rectangle {
                    visible: overlay.verdict === "allow"
                    width: mark.size * 0.42
                    height: mark.size * 0.08
                    radius: height / 2
                    color: overlay.ink
                    x: mark.size * 0.36
                    y: mark.size * 0.45
                    rotation: -50
                }
                // Cross
                Repeater {
                    model: overlay.verdict === "deny" ? [45, -45] : []
                    delegate: Rectangle {
                        required property int modelData
                        anchors.centerIn: parent
                        width: mark.size * 0.5
                        height: mark.size * 0.08
                        radius: height / 2
                        color: overlay.ink
                        rotation: modelData
                    }
                }
                // Exclamation mark
                Rectangle {
                    visible: overlay.verdict === "action"
                    anchors.horizontalCenter: parent.horizontalCenter
                    y: mark.size * 0.22
                    width: mark.size * 0.09
                    height: mark.size * 0.38
                    radius: width / 2
                    color: overlay.ink
                }
                Rectangle {
                    visible: overlay.verdict === "action"
                    anchors.horizontalCenter: parent.horizontalCenter
                    y: mark.size * 0.68
                    width: mark.size * 0.1
                    height: width
                    radius: width / 2
                    color: overlay.ink
                }
            }

            Label {
                objectName: "scanVerdictHeadline"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: overlay.headline
                color: overlay.ink
                font.pixelSize: 40
                font.bold: true
                Accessible.ignored: true
            }

            OutsideText {
                objectName: "scanVerdictDetail"
                Layout.fillWidth: true
                visible: text.length > 0
                horizontalAlignment: Text.AlignHCenter
                maximumLineCount: 6
                text: overlay.detail
                color: overlay.ink
                font.pixelSize: Theme.fontDisplay
                font.bold: overlay.verdict === "action"
                Accessible.ignored: true
            }

            OutsideText {
                objectName: "scanVerdictSubject"
                Layout.fillWidth: true
                visible: text.length > 0
                horizontalAlignment: Text.AlignHCenter
                maximumLineCount: 2
                text: overlay.subject
                color: overlay.ink
                font.pixelSize: Theme.fontHeadline
                Accessible.ignored: true
            }

            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Tap to go on")
                color: overlay.ink
                opacity: 0.8
                font.pixelSize: Theme.fontSubtitle
                Accessible.ignored: true
            }
        }
    }
}
