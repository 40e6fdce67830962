import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// A calm "nothing here yet" for a page without content: an icon, a title and one sentence,
// centred in whatever space the page gives it.
Item {
    id: state

    property string icon: ""
    property string title: ""
    property string text: ""

    implicitWidth: column.implicitWidth
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column

        anchors.centerIn: parent
        width: Math.min(state.width - 48, 360)
        spacing: Theme.spacingM

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: Theme.spacingXS
            implicitWidth: 88
            implicitHeight: 88
            radius: 44
            color: Theme.tint(state.Material.accentColor,
                              Theme.palette(state.Material.theme === Material.Dark).iconTint)
            Accessible.ignored: true

            NavIcon {
                anchors.centerIn: parent
                kind: state.icon
                size: 44
                color: state.Material.accentColor
            }
        }

        OutsideText {
            objectName: "emptyStateTitle"
            Layout.fillWidth: true
            text: Outside.text(state.title)
            horizontalAlignment: Text.AlignHCenter
            maximumLineCount: 4
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        // Maybe the server's words (why the inbox could not be loaded).
        OutsideText {
            objectName: "emptyStateText"
            Layout.fillWidth: true
            text: Outside.text(state.text, Outside.textLimit)
            horizontalAlignment: Text.AlignHCenter
            maximumLineCount: 8
            color: state.Material.secondaryTextColor
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
    }
}
