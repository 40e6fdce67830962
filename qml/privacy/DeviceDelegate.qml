import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One of the person's devices: its name (the model, as that device reported it: plain text), the
// platform and app version, when it was last seen, and "This device" or "Signed out". A signed-in
// device offers "Sign out": signOutRequested() (the page asks first; for this device it is the
// normal sign-out).
Pane {
    id: item

    required property int index
    required property string deviceId
    required property string platform
    required property string osVersion
    required property string modelName
    required property string appVersion
    required property string lastSeenText
    required property bool current
    required property bool signedIn
    property bool busy: false

    signal signOutRequested

    readonly property string platformText: osVersion.length > 0 ? Outside.inline(platform, 64) + " " + Outside.inline(osVersion, 64)
                                                               : Outside.inline(platform, 64)

    objectName: "device_" + index
    padding: Theme.spacingM
    Material.elevation: 0
    Accessible.role: Accessible.Grouping
    Accessible.name: Outside.inline(modelName, 64) + (current ? ", " + qsTr("this device") : "")
                     + ", " + qsTr("last seen %1").arg(lastSeenText)

    background: Rectangle {
        radius: Theme.radiusL
        color: item.Material.dialogColor
        border.width: 1
        border.color: Theme.palette(item.Material.theme === Material.Dark).outline
    }

    contentItem: RowLayout {
        spacing: Theme.spacingM

        ColumnLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingXXS

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingS

                OutsideText {
                    objectName: "deviceModel"
                    Layout.fillWidth: true
                    text: Outside.text(item.modelName, 64)
                    wrapMode: Text.NoWrap
                    font.weight: Font.DemiBold
                    Accessible.ignored: true
                }

                StateChip {
                    objectName: "deviceChip"
                    visible: item.current || !item.signedIn
                    text: item.current ? qsTr("This device") : qsTr("Signed out")
                    tone: item.current ? "accent" : "muted"
                    maximumWidth: 140
                }
            }

            OutsideText {
                objectName: "devicePlatform"
                Layout.fillWidth: true
                text: qsTr("%1 · app %2").arg(item.platformText).arg(Outside.inline(item.appVersion, 32))
                wrapMode: Text.NoWrap
                color: item.Material.secondaryTextColor
                font.pixelSize: Theme.fontSmall
            }

            Label {
                objectName: "deviceLastSeen"
                Layout.fillWidth: true
                text: item.current ? qsTr("Active now") : qsTr("Last seen %1").arg(item.lastSeenText)
                font.pixelSize: Theme.fontCaption
                color: item.Material.hintTextColor
                elide: Text.ElideRight
            }
        }

        Button {
            objectName: "deviceSignOut"
            visible: item.signedIn
            enabled: !item.busy
            text: item.busy ? qsTr("Signing out…") : qsTr("Sign out")
            flat: true
            font.capitalization: Font.MixedCase
            Material.foreground: Theme.palette(item.Material.theme === Material.Dark).danger
            Accessible.name: item.current ? qsTr("Sign out this device")
                                          : qsTr("Sign out %1").arg(Outside.inline(item.modelName, 64))
            onClicked: item.signOutRequested()
            Keys.onReturnPressed: item.signOutRequested()
            Keys.onEnterPressed: item.signOutRequested()
        }
    }
}
