import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Profile → My devices: every device this person has signed in on (the Devices singleton, asked
// for when the page opens and on Refresh), most recently seen first, this device marked. "Sign
// out" on another device asks first, then ends its session remotely (its tokens, passes and pass
// key) and the list refreshes; on this device it is the normal sign-out (SignOutDialog).
Page {
    id: page

    signal backRequested

    // The device the confirmation is about.
    property string pendingDeviceId: ""

    // Asks before signing out the device in row index (this device: the normal sign-out).
    function askSignOut(index) {
        const item = devicesList.itemAtIndex(index)
        if (!item || !item.signedIn)
            return
        if (item.current) {
            signOutThisDialog.open()
            return
        }
        pendingDeviceId = item.deviceId
        confirmDialog.ask(qsTr("Sign out %1?").arg(Outside.inline(item.modelName, 64)),
                          qsTr("That device must sign in again: its passes end and its local data can no longer reach the server."),
                          qsTr("Sign out"))
    }

    objectName: "myDevicesPage"
    title: qsTr("My devices")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()
    Component.onCompleted: Devices.refresh()

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "myDevicesBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to profile")
                onClicked: page.backRequested()
            }

            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            ToolButton {
                objectName: "myDevicesRefresh"
                text: "⟳"
                font.pixelSize: Theme.fontTitle
                enabled: !Devices.loading
                Accessible.name: qsTr("Refresh the list")
                onClicked: Devices.refresh()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "devicesError"
            errorKind: "devices.request"
            Layout.fillWidth: true
            visible: Devices.error.length > 0
            tone: "bad"
            text: Devices.error
            actionText: qsTr("Retry")
            onActionTriggered: Devices.refresh()
        }

        ProgressBar {
            objectName: "devicesLoading"
            Layout.fillWidth: true
            visible: Devices.loading
            indeterminate: true
            Accessible.name: qsTr("Loading your devices")
        }

        ListView {
            id: devicesList

            objectName: "devicesList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Devices.count > 0
            clip: true
            model: Devices
            spacing: Theme.spacingS
            topMargin: Theme.spacingM
            bottomMargin: Theme.spacingL
            keyNavigationEnabled: true
            activeFocusOnTab: true
            focus: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("My devices")
            ScrollBar.vertical: ScrollBar {}
            // Enter on the focused row: its sign-out.
            Keys.onReturnPressed: page.askSignOut(devicesList.currentIndex)
            Keys.onEnterPressed: page.askSignOut(devicesList.currentIndex)

            delegate: DeviceDelegate {
                id: deviceRow

                width: Math.min(ListView.view.width - 2 * Theme.spacingL, 720)
                x: (ListView.view.width - width) / 2
                busy: Devices.signingOut === deviceRow.deviceId
                onSignOutRequested: page.askSignOut(deviceRow.index)
            }

            highlight: Rectangle {
                color: "transparent"
                radius: Theme.radiusL
                border.width: devicesList.activeFocus ? 2 : 0
                border.color: devicesList.Material.accentColor
                z: 2
            }
            highlightFollowsCurrentItem: true
        }

        EmptyState {
            objectName: "devicesEmpty"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: Devices.count === 0
            icon: "profile"
            title: Devices.loading ? qsTr("Loading…") : qsTr("No devices to show")
            text: Devices.loading ? "" : qsTr("The devices you sign in on appear here.")
        }
    }

    ConfirmDialog {
        id: confirmDialog

        objectName: "deviceSignOutDialog"
        onConfirmed: Devices.signOut(page.pendingDeviceId)
        onClosed: devicesList.forceActiveFocus()
    }

    SignOutDialog {
        id: signOutThisDialog

        objectName: "signOutThisDeviceDialog"
        onConfirmed: Session.signOut()
        onClosed: devicesList.forceActiveFocus()
    }

    Toast {
        id: toast

        objectName: "myDevicesToast"
    }

    Connections {
        target: Devices

        function onSignedOut(deviceId, model) {
            toast.show(qsTr("%1 is signed out").arg(Outside.inline(model, 64)))
        }
    }
}
