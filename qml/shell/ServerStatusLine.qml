import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Whether the server can be reached: a coloured dot (a spinner while checking), the status in
// words, the server's address, and a Retry button when it could not be reached.
RowLayout {
    id: line

    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)
    readonly property bool checking: Server.status === Server.Checking

    spacing: 10

    Item {
        Layout.preferredWidth: 24
        Layout.preferredHeight: 24
        Layout.alignment: Qt.AlignTop

        BusyIndicator {
            objectName: "serverBusyIndicator"
            anchors.fill: parent
            padding: 0
            running: line.checking
            visible: running
            Accessible.name: qsTr("Checking the server")
        }

        Rectangle {
            objectName: "serverStatusDot"
            anchors.centerIn: parent
            width: 12
            height: 12
            radius: 6
            visible: !line.checking
            Accessible.ignored: true
            color: {
                switch (Server.status) {
                case Server.Online:
                    return line.colors.online
                case Server.Unreachable:
                case Server.Misconfigured:
                    return line.colors.offline
                default:
                    return line.Material.secondaryTextColor
                }
            }
        }
    }

    ColumnLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXXS

        OutsideText {
            objectName: "serverStatusText"
            Layout.fillWidth: true
            text: Server.statusText.length > 0 ? Outside.text(Server.statusText)
                                               : qsTr("The server has not been checked yet.")
            maximumLineCount: 4
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Server status: %1").arg(text)
        }

        Label {
            Layout.fillWidth: true
            visible: Server.serverUrl.length > 0
            text: Server.serverUrl
            textFormat: Text.PlainText
            color: line.Material.secondaryTextColor
            font.pixelSize: Theme.fontCaption
            elide: Text.ElideMiddle
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Server address: %1").arg(Server.serverUrl)
        }
    }

    Button {
        objectName: "retryButton"
        Layout.alignment: Qt.AlignTop
        visible: Server.status === Server.Unreachable
        text: qsTr("Retry")
        flat: true
        font.capitalization: Font.MixedCase
        Accessible.name: qsTr("Retry connecting to the server")
        onClicked: Server.check()
    }
}
