import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import QtMultimedia
import Tessera
import Tessera.Scanner

// The Scanner page's content, in the QML plugin `Tessera.Scanner` (qml/scanner/plugin) loaded with
// the page (qml/scanner/ScannerPage.qml, opened by URL), so that the app's start does not load
// QtMultimedia or the QR decoder.
// Scanning other people's passes (the scanner role): the camera's view with a square to aim
// with (on desktop, or without a camera, an image or video file instead), the check process to
// apply, the trust sync's state, a full-screen verdict for each pass and the recent scans with
// their upload state. The checking itself is ScannerControl's (C++), offline against the synced
// pass keys. ScannerControl.feedback(verdict) goes to the platform's ScanFeedback (sound, vibration).
Page {
    id: page

    readonly property bool hasCamera: devicesLoader.item ? devicesLoader.item.videoInputs.length > 0 : false
    readonly property bool isDesktop: ["linux", "windows", "osx"].indexOf(Qt.platform.os) >= 0
    readonly property bool dark: Material.theme === Material.Dark
    // What ScannerControl has; tests may give others. Process titles, a deny's reason, an action
    // and the initials come from outside (the server, the pass): shown as OutsideText.
    property var processes: ScannerControl.processes
    property var recentScans: ScannerControl.recentScans

    function verdictWords(verdict) {
        switch (verdict) {
        case "allow":
            return qsTr("Allowed")
        case "action":
            return qsTr("Action needed")
        default:
            return qsTr("Not allowed")
        }
    }

    function verdictTone(verdict) {
        return verdict === "allow" ? "good" : verdict === "action" ? "warn" : "bad"
    }

    function uploadWords(upload) {
        switch (upload) {
        case "queued":
            return qsTr("Waiting to upload")
        case "uploaded":
            return qsTr("Uploaded")
        default:
            return qsTr("Not recorded")
        }
    }

    function timeText(time) {
        return time ? InboxFormat.timeText(time) : ""
    }

    objectName: "scannerPage"
    title: qsTr("Scanner")
    padding: 0

    // The cameras. Not asked for offscreen (tests, screenshots): there is none, and the query
    // also opens the audio service, which warns where none runs.
    Loader {
        id: devicesLoader

        active: Qt.platform.pluginName !== "offscreen"
        sourceComponent: MediaDevices {}
    }

    // The frame work (QtMultimedia, ZXing-cpp) of this plugin, driven by ScannerControl.
    ScanEngine {
        id: engine

        videoSink: viewfinder.videoSink
    }

    Component.onCompleted: ScannerControl.engine = engine
    Component.onDestruction: {
        if (ScannerControl.engine === engine)
            ScannerControl.engine = null
    }

    Connections {
        target: ScannerControl
        function onLastResultChanged() {
            if (ScannerControl.lastResult.verdict === undefined)
                verdict.close() // cleared elsewhere (signed out): nothing left to show
            else if (page.visible)
                verdict.open()
        }
    }
    // A verdict that came while the page was still coming in (a file opened at start) is shown
    // once the page is.
    onVisibleChanged: {
        if (visible && ScannerControl.lastResult.verdict !== undefined)
            verdict.open()
    }

    VerdictOverlay {
        id: verdict

        result: ScannerControl.lastResult
        onDismissed: ScannerControl.clearResult()
    }

    FileDialog {
        id: fileDialog

        title: qsTr("Open an image or video of a pass")
        nameFilters: [qsTr("Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.mkv *.webm *.mov *.avi)"), qsTr("All files (*)")]
        onAccepted: ScannerControl.openFile(selectedFile)
    }

    // The camera, on devices that have one, while the page is shown.
    Loader {
        id: cameraLoader

        active: page.hasCamera
        sourceComponent: CaptureSession {
            videoOutput: viewfinder
            camera: Camera {
                active: page.visible && !ScannerControl.playingFile
            }
        }
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 32
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: (flick.width - width) / 2
            y: 16
            width: Math.min(flick.width - 32, 640)
            spacing: Theme.spacingM

            Banner {
                objectName: "scannerSyncBanner"
                Layout.fillWidth: true
                visible: ScannerControl.syncState === "stale" || ScannerControl.syncState === "error"
                tone: ScannerControl.syncState === "error" ? "bad" : "warn"
                errorKind: ScannerControl.syncState === "error" ? "scanner.sync" : ""
                text: ScannerControl.syncWords
                actionText: ScannerControl.syncing ? "" : qsTr("Retry")
                onActionTriggered: ScannerControl.sync()
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingM

                ComboBox {
                    id: processBox

                    objectName: "processChooser"
                    Layout.fillWidth: true
                    model: page.processes
                    textRole: "title"
                    valueRole: "name"
                    enabled: count > 0
                    displayText: count > 0 ? Outside.text(currentText) : qsTr("No check processes yet")
                    Accessible.name: qsTr("Check process: %1").arg(displayText)
                    // The style's MenuItem would show a title as rich text.
                    delegate: MenuItem {
                        id: processItem

                        required property var modelData
                        required property int index

                        objectName: "processItem" + index
                        width: ListView.view ? ListView.view.width : implicitWidth
                        text: Outside.text(processItem.modelData.title)
                        highlighted: processBox.highlightedIndex === processItem.index
                        hoverEnabled: processBox.hoverEnabled
                        contentItem: OutsideText {
                            text: processItem.text
                            font: processItem.font
                            wrapMode: Text.NoWrap
                            verticalAlignment: Text.AlignVCenter
                            color: processBox.currentIndex === processItem.index ? processBox.Material.accentColor
                                                                                 : processBox.Material.foreground
                        }
                    }
                    Component.onCompleted: currentIndex = Math.max(0, indexOfValue(ScannerControl.process))
                    onActivated: ScannerControl.process = currentValue
                    Connections {
                        target: ScannerControl
                        function onProcessChanged() {
                            processBox.currentIndex = Math.max(0, processBox.indexOfValue(ScannerControl.process))
                        }
                        function onProcessesChanged() {
                            processBox.currentIndex = Math.max(0, processBox.indexOfValue(ScannerControl.process))
                        }
                    }
                }

                BusyIndicator {
                    objectName: "scannerSyncBusy"
                    visible: ScannerControl.syncing
                    running: visible
                    implicitWidth: 36
                    implicitHeight: 36
                    Accessible.name: qsTr("Syncing the pass keys")
                }
            }

            OutsideText {
                objectName: "scannerSyncWords"
                Layout.fillWidth: true
                visible: ScannerControl.syncState === "ready" || ScannerControl.syncState === "syncing" || ScannerControl.syncState === "notSynced"
                text: ScannerControl.syncState === "ready" && ScannerControl.lastSyncedAt && !isNaN(ScannerControl.lastSyncedAt.getTime()) ? qsTr("Ready to check passes. Pass keys from %1.").arg(InboxFormat.timeText(ScannerControl.lastSyncedAt)) : Outside.text(ScannerControl.syncWords)
                color: Material.secondaryTextColor
            }

            // The viewfinder: the camera's (or the file's) frames and a square to aim with.
            Rectangle {
                id: finderFrame

                objectName: "viewfinder"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(width * 3 / 4, Math.max(220, flick.height * 0.5))
                radius: Theme.radiusL
                color: Theme.viewfinder
                clip: true
                Accessible.role: Accessible.Graphic
                Accessible.name: ScannerControl.playingFile ? qsTr("Viewfinder showing %1").arg(ScannerControl.fileName) : page.hasCamera ? qsTr("Camera viewfinder") : qsTr("Viewfinder, no camera")

                VideoOutput {
                    id: viewfinder

                    objectName: "viewfinderVideo"
                    anchors.fill: parent
                    fillMode: VideoOutput.PreserveAspectFit
                }

                Label {
                    anchors.centerIn: parent
                    width: parent.width - 48
                    visible: !page.hasCamera && !ScannerControl.playingFile
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("No camera on this device. Open an image or video of a pass.")
                    color: Theme.viewfinderText
                    Accessible.ignored: true
                }

                // The square to hold the code in.
                Rectangle {
                    objectName: "viewfinderSquare"
                    visible: page.hasCamera || ScannerControl.playingFile
                    anchors.centerIn: parent
                    width: Math.min(parent.width, parent.height) * 0.7
                    height: width
                    radius: Theme.radiusM
                    color: "transparent"
                    border.width: 3
                    border.color: ScannerControl.ready ? Theme.viewfinderReady : Theme.viewfinderWaiting
                    opacity: 0.85
                    Accessible.ignored: true
                }

                RoundButton {
                    objectName: "torchButton"
                    readonly property var camera: cameraLoader.item ? cameraLoader.item.camera : null
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: Theme.spacingS
                    visible: !!camera && camera.isTorchModeSupported(Camera.TorchOn)
                    checkable: true
                    checked: !!camera && camera.torchMode === Camera.TorchOn
                    text: checked ? qsTr("Torch on") : qsTr("Torch")
                    Accessible.name: checked ? qsTr("Turn the torch off") : qsTr("Turn the torch on")
                    onClicked: {
                        if (camera)
                            camera.torchMode = checked ? Camera.TorchOn : Camera.TorchOff
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                visible: page.isDesktop || !page.hasCamera
                spacing: Theme.spacingS

                Button {
                    objectName: "openFileButton"
                    text: qsTr("Open image or video…")
                    enabled: ScannerControl.ready
                    Accessible.name: qsTr("Open an image or video of a pass")
                    onClicked: fileDialog.open()
                }
                Button {
                    objectName: "stopFileButton"
                    visible: ScannerControl.playingFile
                    flat: true
                    text: qsTr("Stop")
                    Accessible.name: qsTr("Stop playing %1").arg(ScannerControl.fileName)
                    onClicked: ScannerControl.stopFile()
                }
                Item {
                    Layout.fillWidth: true
                }
            }

            OutsideText {
                objectName: "scannerError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: Outside.text(ScannerControl.errorMessage)
                color: Theme.palette(page.dark).bad
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Recent scans")
                    font.bold: true
                    font.pixelSize: 18
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Label {
                    objectName: "pendingUploads"
                    visible: ScannerControl.pendingUploads > 0
                    text: qsTr("%n waiting to upload", "", ScannerControl.pendingUploads)
                    color: Material.secondaryTextColor
                }
            }

            Label {
                objectName: "noScans"
                Layout.fillWidth: true
                visible: page.recentScans.length === 0
                text: qsTr("Passes you scan are listed here.")
                wrapMode: Text.Wrap
                color: Material.secondaryTextColor
            }

            Repeater {
                objectName: "recentScans"
                model: page.recentScans

                delegate: Pane {
                    id: scanRow

                    required property var modelData
                    required property int index

                    objectName: "recentScan" + index
                    Layout.fillWidth: true
                    padding: Theme.spacingM
                    Material.elevation: 1
                    Accessible.role: Accessible.ListItem
                    Accessible.name: [page.verdictWords(modelData.verdict), Outside.text(modelData.initials), Outside.text(modelData.processTitle), page.timeText(modelData.time), page.uploadWords(modelData.upload)].filter(s => !!s).join(", ")

                    RowLayout {
                        anchors.fill: parent
                        spacing: Theme.spacingM

                        Rectangle {
                            implicitWidth: 12
                            implicitHeight: 12
                            radius: scanRow.modelData.verdict === "allow" ? 6 : 2
                            rotation: scanRow.modelData.verdict === "action" ? 45 : 0
                            color: scanRow.modelData.verdict === "allow" ? Theme.scanAllow : scanRow.modelData.verdict === "action" ? Theme.scanAction : Theme.scanDeny
                            Accessible.ignored: true
                        }

                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingXXS

                            OutsideText {
                                objectName: "recentScanTitle"
                                Layout.fillWidth: true
                                text: [page.verdictWords(scanRow.modelData.verdict), scanRow.modelData.initials ? Outside.inline(scanRow.modelData.initials, 16) : ""].filter(s => !!s).join(" · ")
                                font.bold: true
                                wrapMode: Text.NoWrap
                                elide: Text.ElideRight
                                Accessible.ignored: true
                            }
                            OutsideText {
                                objectName: "recentScanDetail"
                                Layout.fillWidth: true
                                text: [scanRow.modelData.verdict === "action" ? scanRow.modelData.action : scanRow.modelData.verdict === "deny" ? scanRow.modelData.message : "", scanRow.modelData.processTitle].filter(s => !!s).map(s => Outside.inline(s)).concat([page.timeText(scanRow.modelData.time)]).filter(s => !!s).join(" · ")
                                maximumLineCount: 3
                                color: Material.secondaryTextColor
                                Accessible.ignored: true
                            }
                        }

                        StateChip {
                            objectName: "scanUpload" + scanRow.index
                            text: page.uploadWords(scanRow.modelData.upload)
                            tone: scanRow.modelData.upload === "uploaded" ? "good" : scanRow.modelData.upload === "queued" ? "warn" : "muted"
                        }
                    }
                }
            }
        }
    }
}
