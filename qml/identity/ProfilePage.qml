import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The signed-in person's details (from the directory: shown as OutsideText), this device, the
// entries to Health records, My data and My devices (pages shown over this one), and Sign out (asks first: it
// removes the local data on this device).
Page {
    id: page

    // The person, as Session.user gives it (id, kind, username, displayName, email, department,
    // userType, geo, roles); tests may give another.
    property var user: Session.user
    property string deviceId: Session.deviceId
    readonly property bool signingOut: Session.state === Session.SigningOut

    function str(value) {
        return value === undefined || value === null ? "" : String(value)
    }

    function initials(name) {
        const words = str(name).trim().split(/\s+/).filter(w => w.length > 0)
        if (words.length === 0)
            return "?"
        const first = words[0].charAt(0)
        const last = words.length > 1 ? words[words.length - 1].charAt(0) : ""
        return (first + last).toUpperCase()
    }

    function userTypeText(type) {
        if (type === "employee")
            return qsTr("Employee")
        if (type === "non_employee")
            return qsTr("Non-employee")
        return str(type)
    }

    function roleText(role) {
        switch (role) {
        case "manager":
            return qsTr("Manager")
        case "scanner":
            return qsTr("Pass scanner")
        case "publisher":
            return qsTr("Publisher")
        case "admin":
            return qsTr("Administrator")
        case "medical":
            return qsTr("Medical staff")
        case "privacy":
            return qsTr("Privacy officer")
        default:
            return str(role)
        }
    }

    function rolesText(roles) {
        if (!roles || roles.length === 0)
            return qsTr("None")
        const names = []
        for (let i = 0; i < roles.length; ++i)
            names.push(roleText(roles[i]))
        return names.join(", ")
    }

    function orDash(value) {
        const t = str(value)
        return t.length > 0 ? t : qsTr("Not set")
    }

    // Opens the "Sign out?" question (also from the keyboard and for screenshots).
    function confirmSignOut() {
        signOutDialog.open()
    }

    // Opens My data (export, privacy requests) or My devices over the profile.
    function openMyData() {
        return openSubPage("../privacy/MyDataPage.qml")
    }

    function openMyDevices() {
        return openSubPage("../privacy/MyDevicesPage.qml")
    }

    // Health records (vaccination doses, certificates) over the profile.
    function openHealth() {
        return openSubPage("../health/HealthPage.qml")
    }

    function openSubPage(url) {
        subPages.clear(StackView.Immediate)
        const sub = subPages.push(Qt.resolvedUrl(url), {}, StackView.Immediate)
        if (!sub)
            return false
        sub.backRequested.connect(() => page.closeSubPage())
        sub.forceActiveFocus()
        return true
    }

    function closeSubPage() {
        subPages.clear(StackView.Immediate)
        flick.forceActiveFocus()
    }

    objectName: "profilePage"
    title: qsTr("Profile")
    padding: 0

    Flickable {
        id: flick

        objectName: "profileFlick"
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * column.margin
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            readonly property real margin: flick.width < 480 ? 20 : 32

            width: Math.min(flick.width - 2 * margin, 560)
            x: (flick.width - width) / 2
            y: margin
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingL

                Rectangle {
                    objectName: "avatar"
                    implicitWidth: 64
                    implicitHeight: 64
                    radius: 32
                    color: page.Material.accentColor
                    Accessible.ignored: true

                    OutsideText {
                        objectName: "avatarInitials"
                        anchors.centerIn: parent
                        width: Math.min(implicitWidth, parent.width - 8)
                        wrapMode: Text.NoWrap
                        text: page.initials(page.user ? Outside.text(page.user.displayName) : "")
                        font.pixelSize: 24
                        font.weight: Font.DemiBold
                        color: Theme.palette(page.Material.theme === Material.Dark).accentText
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingXXS

                    OutsideText {
                        objectName: "nameLabel"
                        Layout.fillWidth: true
                        text: Outside.text(page.user ? page.user.displayName : "")
                        font.pixelSize: Theme.fontHeadline
                        font.weight: Font.DemiBold
                        maximumLineCount: 3
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }

                    OutsideText {
                        objectName: "userTypeLabel"
                        Layout.fillWidth: true
                        text: Outside.text(page.userTypeText(page.user ? page.user.userType : ""))
                        color: page.Material.secondaryTextColor
                        maximumLineCount: 2
                        Accessible.role: Accessible.StaticText
                        Accessible.name: text
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 28
                text: qsTr("Details")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            GridLayout {
                objectName: "details"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingM
                columns: column.width >= 480 ? 2 : 1
                columnSpacing: Theme.spacingXXL
                rowSpacing: 14

                DetailRow {
                    objectName: "idRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: page.user && page.user.userType === "employee" ? qsTr("Employee ID") : qsTr("Local ID")
                    value: page.orDash(page.user ? page.user.id : "")
                }
                DetailRow {
                    objectName: "emailRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Email")
                    value: page.orDash(page.user ? page.user.email : "")
                    breakAnywhere: true
                }
                DetailRow {
                    objectName: "departmentRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Department")
                    value: page.orDash(page.user ? page.user.department : "")
                }
                DetailRow {
                    objectName: "locationRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Location")
                    value: page.orDash(page.user ? page.user.geo : "")
                }
                DetailRow {
                    objectName: "typeRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Type")
                    value: page.orDash(page.userTypeText(page.user ? page.user.userType : ""))
                }
                DetailRow {
                    objectName: "rolesRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Roles")
                    value: page.rolesText(page.user ? page.user.roles : [])
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 28
                text: qsTr("This device")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            GridLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingM
                columns: column.width >= 480 ? 2 : 1
                columnSpacing: Theme.spacingXXL
                rowSpacing: 14

                DetailRow {
                    objectName: "deviceIdRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Device ID")
                    value: page.orDash(page.deviceId)
                    breakAnywhere: true
                }
                DetailRow {
                    objectName: "platformRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Platform")
                    value: page.orDash(Device.osVersion.length > 0 ? qsTr("%1 · %2").arg(Device.platform).arg(Device.osVersion)
                                                                   : Device.platform)
                }
                DetailRow {
                    objectName: "modelRow"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Device name")
                    value: page.orDash(Device.model)
                }
            }

            // Desktop: closing the window keeps the app (and its notifications) in the tray. Its
            // words on the left and the switch on the right, as the analytics switch below.
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                visible: Qt.platform.os === "linux" || Qt.platform.os === "windows" || Qt.platform.os === "osx"
                spacing: Theme.spacingM

                Label {
                    objectName: "keepInTrayLabel"
                    Layout.fillWidth: true
                    text: qsTr("Keep running in the tray when closed")
                    wrapMode: Text.WordWrap
                    Accessible.ignored: true

                    TapHandler {
                        onTapped: AppSettings.keepInTray = !AppSettings.keepInTray
                    }
                }

                Switch {
                    objectName: "keepInTraySwitch"
                    checked: AppSettings.keepInTray
                    Accessible.name: qsTr("Keep running in the tray when closed")
                    onToggled: AppSettings.keepInTray = checked
                }
            }

            Label {
                objectName: "healthHeading"
                Layout.fillWidth: true
                Layout.topMargin: 28
                text: qsTr("Health")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            ItemDelegate {
                objectName: "healthEntry"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: qsTr("Health records")
                font.capitalization: Font.MixedCase
                Accessible.name: qsTr("Health records")
                Accessible.description: qsTr("Your vaccination doses and certificates")
                onClicked: page.openHealth()
                Keys.onReturnPressed: page.openHealth()
                Keys.onEnterPressed: page.openHealth()

                contentItem: ColumnLayout {
                    spacing: Theme.spacingXXS

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Health records  ›")
                        font.weight: Font.DemiBold
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Your vaccination doses and certificates")
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: page.Material.secondaryTextColor
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: 28
                text: qsTr("Privacy")
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                font.capitalization: Font.AllUppercase
                color: page.Material.accentColor
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            ItemDelegate {
                objectName: "myDataEntry"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacingS
                text: qsTr("My data")
                font.capitalization: Font.MixedCase
                Accessible.name: qsTr("My data")
                Accessible.description: qsTr("Export your data, ask for a correction or a deletion")
                onClicked: page.openMyData()
                Keys.onReturnPressed: page.openMyData()
                Keys.onEnterPressed: page.openMyData()

                contentItem: ColumnLayout {
                    spacing: Theme.spacingXXS

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("My data  ›")
                        font.weight: Font.DemiBold
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Export your data, ask for a correction or a deletion")
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: page.Material.secondaryTextColor
                    }
                }
            }

            ItemDelegate {
                objectName: "myDevicesEntry"
                Layout.fillWidth: true
                text: qsTr("My devices")
                font.capitalization: Font.MixedCase
                Accessible.name: qsTr("My devices")
                Accessible.description: qsTr("Where you are signed in; sign out a device")
                onClicked: page.openMyDevices()
                Keys.onReturnPressed: page.openMyDevices()
                Keys.onEnterPressed: page.openMyDevices()

                contentItem: ColumnLayout {
                    spacing: Theme.spacingXXS

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("My devices  ›")
                        font.weight: Font.DemiBold
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Where you are signed in; sign out a device")
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: page.Material.secondaryTextColor
                    }
                }
            }

            AnalyticsConsentSwitch { Layout.fillWidth: true; Layout.topMargin: Theme.spacingM }

            Button {
                id: signOutButton

                objectName: "signOutButton"
                Layout.fillWidth: column.width < 480
                Layout.alignment: Qt.AlignLeft
                Layout.topMargin: Theme.spacingXXXL
                text: page.signingOut ? qsTr("Signing out…") : qsTr("Sign out")
                enabled: !page.signingOut
                flat: false
                highlighted: false
                font.capitalization: Font.MixedCase
                Material.foreground: Theme.palette(page.Material.theme === Material.Dark).danger
                Accessible.name: text
                Accessible.description: qsTr("Asks first; removes the local data on this device")
                onClicked: page.confirmSignOut()
                Keys.onReturnPressed: page.confirmSignOut()
                Keys.onEnterPressed: page.confirmSignOut()
            }
        }
    }

    // My data and My devices, over the profile while open (depth 0: the profile shows).
    StackView {
        id: subPages

        objectName: "profileSubPages"
        anchors.fill: parent
        visible: depth > 0
        z: 1
    }

    SignOutDialog {
        id: signOutDialog

        onConfirmed: Session.signOut()
    }
}
