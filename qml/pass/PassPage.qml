import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera
import Tessera.QrCodes

// The person's QR pass, shown at the office entrance and at medical checks: a large code that
// changes every 30 seconds (a ring counts the step down, so a screenshot goes stale), the
// initials, how long the pass is valid and its statuses. Works offline for the pass's life.
// While shown it turns the screen guard on (screen kept bright, no screenshots; a no-op on
// desktop). Opened by URL (shell/Destinations.qml): importing Tessera.QrCodes loads the plugin
// that draws the code (ZXing-cpp, qml/qrcodes) when the page first opens, not at start.
Page {
    id: page

    property real secondsLeft: 0
    // The pass as the Pass singleton has it; tests may give others. The initials and the
    // statuses' names come from the server: shown as OutsideText.
    property bool ready: Pass.state === Pass.Ready
    property string initials: Pass.initials
    property var statuses: Pass.statuses

    function updateSeconds() {
        const end = Pass.stepEndsAt
        secondsLeft = end && !isNaN(end.getTime()) ? Math.max(0, (end.getTime() - Date.now()) / 1000) : 0
    }

    function statusName(process) {
        switch (process) {
        case "office-entry":
            return qsTr("Office entry")
        case "medical-check":
            return qsTr("Medical check")
        default:
            return InboxFormat.fieldName(process)
        }
    }

    function statusValue(status) {
        switch (status) {
        case "allowed":
            return qsTr("Allowed")
        case "denied":
            return qsTr("Not allowed")
        case "cleared":
            return qsTr("Cleared")
        case "required":
            return qsTr("Check required")
        default:
            return InboxFormat.fieldName(status)
        }
    }

    function statusTone(status) {
        if (status === "allowed" || status === "cleared")
            return "good"
        if (status === "required")
            return "warn"
        if (status === "denied")
            return "bad"
        return "muted"
    }

    objectName: "passPage"
    title: qsTr("Pass")
    padding: 0

    // Only while the page is on screen.
    Binding {
        target: ScreenGuard
        property: "active"
        value: page.visible && page.ready
        when: page.visible
        restoreMode: Binding.RestoreNone
    }
    onVisibleChanged: {
        if (!visible)
            ScreenGuard.active = false
    }
    Component.onDestruction: ScreenGuard.active = false

    Timer {
        interval: 250
        repeat: true
        running: page.visible && page.ready
        triggeredOnStart: true
        onTriggered: page.updateSeconds()
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 48
        clip: true
        visible: page.ready
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: 24
            width: Math.min(flick.width - 32, 420)
            spacing: Theme.spacingL

            // The code on white in both themes (scanners need the contrast), in its ring.
            Item {
                id: codeArea

                objectName: "passCode"
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: Math.min(column.width, flick.height - 200, 440)
                Layout.preferredHeight: Layout.preferredWidth
                Layout.minimumWidth: 220
                Layout.minimumHeight: 220
                Accessible.role: Accessible.Graphic
                Accessible.name: qsTr("Your pass code. It changes in %n second(s).", "", Math.ceil(page.secondsLeft))

                CountdownRing {
                    objectName: "passRing"
                    anchors.fill: parent
                    progress: page.secondsLeft / 30
                    lineWidth: 6
                }

                // The card fits inside the ring (a square inscribed in the circle).
                Rectangle {
                    anchors.centerIn: parent
                    width: Math.floor((codeArea.width - 16) * Math.SQRT1_2)
                    height: width
                    radius: Theme.radiusL
                    color: Theme.qrLight

                    QrCode {
                        objectName: "passQr"
                        anchors.fill: parent
                        anchors.margins: 10 // the quiet zone, light
                        text: Pass.qrText
                        color: Theme.qrDark
                    }
                }
            }

            Label {
                objectName: "passCountdown"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("New code in %n s", "", Math.ceil(page.secondsLeft))
                color: Material.secondaryTextColor
                Accessible.ignored: true
            }

            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                spacing: Theme.spacingL

                Rectangle {
                    implicitWidth: 56
                    implicitHeight: 56
                    radius: 28
                    color: Material.accentColor
                    Accessible.ignored: true

                    OutsideText {
                        objectName: "passInitials"
                        anchors.centerIn: parent
                        width: Math.min(implicitWidth, parent.width - 8)
                        wrapMode: Text.NoWrap
                        text: Outside.text(page.initials, 8)
                        color: Theme.palette(page.Material.theme === Material.Dark).initialsOnAccent
                        font.pixelSize: Theme.fontHeadline
                        font.weight: Font.DemiBold
                    }
                }

                ColumnLayout {
                    spacing: Theme.spacingXXS

                    Label {
                        text: Pass.userType === "employee" ? qsTr("Employee") : qsTr("Non-employee")
                        font.pixelSize: Theme.fontSubtitle
                        font.weight: Font.DemiBold
                    }
                    Label {
                        objectName: "passValidity"
                        text: qsTr("Valid until %1").arg(InboxFormat.fullTimeText(Pass.validUntil))
                        color: Material.secondaryTextColor
                    }
                }
            }

            Flow {
                objectName: "passStatuses"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingXS
                spacing: Theme.spacingS

                Repeater {
                    model: page.statuses

                    delegate: StateChip {
                        required property var modelData

                        text: {
                            let words = Outside.inline(page.statusName(modelData.process)) + ": " + Outside.inline(page.statusValue(modelData.status))
                            if (modelData.until && !isNaN(modelData.until.getTime()))
                                words += " " + qsTr("until %1").arg(InboxFormat.fullTimeText(modelData.until))
                            return words
                        }
                        tone: page.statusTone(modelData.status)
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: qsTr("Show this code at the entrance or the medical check. It works without a network; a screenshot of it stops working within a minute.")
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                color: Material.secondaryTextColor
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    // No code to show: loading, an error or an expired pass (with Retry), or nothing yet.
    ColumnLayout {
        anchors.fill: parent
        visible: !page.ready
        spacing: Theme.spacingS

        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: 48
            visible: Pass.busy
            running: visible
            Accessible.name: qsTr("Getting your pass")
        }

        EmptyState {
            objectName: "passEmptyState"
            Layout.fillWidth: true
            Layout.fillHeight: true
            icon: "pass"
            title: {
                switch (Pass.state) {
                case Pass.Loading:
                    return qsTr("Getting your pass…")
                case Pass.Expired:
                    return qsTr("Your pass has expired")
                case Pass.Error:
                    return qsTr("Your pass cannot be shown")
                default:
                    return qsTr("Your pass will appear here")
                }
            }
            text: Pass.errorMessage.length > 0 ? Pass.errorMessage
                                               : qsTr("Show it at the office entrance and at medical checks.")
        }

        Button {
            objectName: "passRetry"
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: Theme.spacingXXXL
            visible: (Pass.state === Pass.Error || Pass.state === Pass.Expired) && !Pass.busy
            text: qsTr("Try again")
            Accessible.name: text
            onClicked: Pass.refresh()
        }
    }
}
