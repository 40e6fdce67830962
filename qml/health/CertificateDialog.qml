import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera
import Tessera.QrCodes

// "Attach certificate" to one record: a file (a photo or a PDF, at most 5 MiB: its path typed or
// pasted; not QtQuick.Dialogs' FileDialog, which crashes offscreen in Qt 6.4, see
// privacy/SaveExportDialog.qml) or an EU Digital COVID Certificate code (HC1: pasted, or read from
// a photo of its QR code). An HC1 code is decoded here first and its fields shown, with
// "Signature not checked": the person sees what they send. Checked by core before sending; the
// dialog closes once the server has the certificate. The photo's code is read by QrImageReader,
// from the plugin Tessera.QrCodes (qml/qrcodes), loaded with the health page (opened by URL).
Dialog {
    id: dialog

    property string recordId: ""
    property string recordTitle: ""
    property string problem: ""
    readonly property QrImageReader qrReader: QrImageReader {}
    readonly property bool hc1Mode: modeSwitch.currentIndex === 1
    readonly property var preview: hc1Mode && hc1Area.text.trim().length > 0
                                   ? HealthRecords.previewHc1(hc1Area.text) : ({ ok: false })
    readonly property bool sending: HealthRecords.sending

    function ask(id, title) {
        recordId = id
        recordTitle = title
        pathField.text = ""
        hc1Area.text = ""
        problem = ""
        modeSwitch.currentIndex = 0
        open()
    }

    function readPhoto() {
        problem = ""
        const text = HealthRecords.hc1FromImage(pathField.text, qrReader)
        if (text.length > 0) {
            hc1Area.text = text
            modeSwitch.currentIndex = 1
        } else {
            problem = HealthRecords.problem
        }
    }

    function send() {
        problem = ""
        const started = hc1Mode ? HealthRecords.attachHc1(recordId, hc1Area.text)
                                : HealthRecords.attachFile(recordId, pathField.text)
        if (!started)
            problem = HealthRecords.problem
    }

    objectName: "certificateDialog"
    header: Label {
        text: qsTr("Attach a certificate")
        padding: Theme.spacingXXL
        bottomPadding: 0
        font.bold: true
        font.pixelSize: Theme.fontSubtitle
        Accessible.role: Accessible.Heading
        Accessible.name: text
        background: Rectangle {
            radius: 2
            color: dialog.Material.dialogColor
        }
    }
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: 320
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 560, 560)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: modeSwitch.forceActiveFocus()

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacingS

        OutsideText {
            objectName: "certificateRecord"
            Layout.fillWidth: true
            text: Outside.text(dialog.recordTitle, 300)
            color: dialog.Material.secondaryTextColor
            maximumLineCount: 2
        }

        SegmentedControl {
            id: modeSwitch

            objectName: "certificateMode"
            Layout.fillWidth: true
            labels: [qsTr("Photo or PDF"), qsTr("HC1 code")]
            accessibleName: qsTr("What to attach")
            onCurrentIndexChanged: dialog.problem = ""
        }

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
            text: dialog.hc1Mode
                  ? qsTr("Paste the text of the EU Digital COVID Certificate's QR code (it starts with HC1:), or read it from a photo of the code.")
                  : qsTr("The file's full path: a PNG or JPEG photo, or a PDF, at most 5 MiB. It is stored encrypted and shown only to you and medical staff.")
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS

            TextField {
                id: pathField

                objectName: "certificatePath"
                Layout.fillWidth: true
                placeholderText: qsTr("/home/me/certificate.pdf")
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhUrlCharactersOnly
                onTextChanged: dialog.problem = ""
                Accessible.name: dialog.hc1Mode ? qsTr("Path of a photo of the QR code") : qsTr("Path of the certificate file")
            }

            Button {
                objectName: "certificateReadPhoto"
                visible: dialog.hc1Mode
                text: qsTr("Read code")
                flat: true
                font.capitalization: Font.MixedCase
                enabled: pathField.text.trim().length > 0
                Accessible.name: qsTr("Read the HC1 code from the photo")
                onClicked: dialog.readPhoto()
            }
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 96
            visible: dialog.hc1Mode

            TextArea {
                id: hc1Area

                objectName: "certificateHc1"
                placeholderText: qsTr("HC1:…")
                wrapMode: TextEdit.WrapAnywhere
                textFormat: TextEdit.PlainText
                font.family: "monospace"
                onTextChanged: dialog.problem = ""
                Accessible.name: qsTr("HC1 code")
            }
        }

        // What the app decoded from the code, before it is sent.
        Pane {
            objectName: "certificatePreview"
            Layout.fillWidth: true
            visible: dialog.hc1Mode && dialog.preview.ok === true
            padding: Theme.spacingS
            Accessible.role: Accessible.Grouping
            Accessible.name: qsTr("What the code says")
            background: Rectangle {
                radius: Theme.radiusM
                color: "transparent"
                border.width: 1
                border.color: Theme.palette(dialog.Material.theme === Material.Dark).outline
            }

            ColumnLayout {
                width: parent.width
                spacing: Theme.spacingXXS

                OutsideText {
                    objectName: "previewName"
                    Layout.fillWidth: true
                    text: dialog.preview.ok ? qsTr("Name: %1").arg(Outside.inline(dialog.preview.name, 300)) : ""
                    font.weight: Font.DemiBold
                    maximumLineCount: 2
                }
                OutsideText {
                    objectName: "previewBirth"
                    Layout.fillWidth: true
                    text: dialog.preview.ok
                          ? qsTr("Date of birth: %1").arg(dialog.preview.dateOfBirth.length > 0
                                                          ? Outside.inline(dialog.preview.dateOfBirth, 10)
                                                          : qsTr("not given in full"))
                          : ""
                    maximumLineCount: 1
                }
                Repeater {
                    model: dialog.preview.ok ? dialog.preview.doses : []

                    OutsideText {
                        required property string modelData

                        Layout.fillWidth: true
                        text: Outside.text(modelData, 300)
                        font.pixelSize: Theme.fontSmall
                        maximumLineCount: 2
                    }
                }
                StateChip {
                    objectName: "previewSignature"
                    text: dialog.preview.ok ? dialog.preview.signature : ""
                    tone: "warn"
                }
            }
        }

        Label {
            objectName: "certificateProblem"
            Layout.fillWidth: true
            readonly property string shown: dialog.problem.length > 0
                                            ? dialog.problem
                                            : (dialog.hc1Mode && hc1Area.text.trim().length > 0 && !dialog.preview.ok
                                               ? (dialog.preview.problem || "") : "")
            visible: shown.length > 0
            text: shown
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.palette(dialog.Material.theme === Material.Dark).bad
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "certificateCancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }

        Button {
            objectName: "certificateAttach"
            text: dialog.sending ? qsTr("Sending…") : qsTr("Attach")
            enabled: !dialog.sending && (dialog.hc1Mode ? dialog.preview.ok === true : pathField.text.trim().length > 0)
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: dialog.Material.accentColor
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            Accessible.name: qsTr("Attach the certificate")
            onClicked: dialog.send()
            Keys.onReturnPressed: dialog.send()
            Keys.onEnterPressed: dialog.send()
        }
    }

    Connections {
        target: HealthRecords

        function onAttached(id) {
            if (dialog.visible && id === dialog.recordId)
                dialog.close()
        }

        function onFailed(message) {
            if (dialog.visible)
                dialog.problem = message
        }
    }
}
