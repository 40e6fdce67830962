import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Where "Export my data" saves the file on the desktop: a path, suggested by the platform (the
// Documents folder), that the person may change. Not QtQuick.Dialogs' FileDialog: Qt 6.4's
// non-native FileDialog (used wherever no platform theme brings a native one: minimal desktops,
// offscreen) crashes when opened (a null pointer in QQuickFileDialogImpl::selectedFile()) and
// ignores SaveFile. Go back to FileDialog once the oldest Qt built with is 6.5 or later (re-test).
// saveRequested(path) when the person saves.
Dialog {
    id: dialog

    signal saveRequested(string path)

    function ask(suggested) {
        pathField.text = suggested
        open()
    }

    objectName: "exportSaveDialog"
    header: Label {
        text: qsTr("Save your data")
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
    onAboutToShow: width = Math.min(parent ? parent.width - 48 : 520, 520)
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    onOpened: {
        pathField.forceActiveFocus()
        pathField.selectAll()
    }

    ColumnLayout {
        width: dialog.availableWidth
        spacing: Theme.spacingM

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("The file holds your personal data: keep it where only you can read it.")
        }

        TextField {
            id: pathField

            objectName: "exportPathField"
            Layout.fillWidth: true
            placeholderText: qsTr("File to save to")
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
            Accessible.name: qsTr("File to save your data to")
            Keys.onReturnPressed: if (text.trim().length > 0) dialog.accept()
            Keys.onEnterPressed: if (text.trim().length > 0) dialog.accept()
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "exportSaveCancel"
            text: qsTr("Cancel")
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            Accessible.name: text
        }

        Button {
            objectName: "exportSaveConfirm"
            text: qsTr("Save")
            enabled: pathField.text.trim().length > 0
            flat: true
            font.capitalization: Font.MixedCase
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            Accessible.name: qsTr("Save my data to this file")
        }
    }

    onAccepted: {
        const path = pathField.text.trim()
        if (path.length > 0)
            saveRequested(path)
    }
}
