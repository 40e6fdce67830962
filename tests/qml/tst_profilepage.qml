import QtQuick
import QtQuick.Controls
import QtTest
import Tessera

// The profile: the person's details, this device, and Sign out behind a question.
Item {
    id: root

    width: 390
    height: 844

    ProfilePage {
        id: page

        anchors.fill: parent
        user: ({ id: "E1001", kind: "ad", username: "asha.rao", displayName: "Asha Rao",
                 email: "asha.rao@tessera.test", department: "Operations", userType: "employee",
                 geo: "Pune", roles: ["manager", "scanner"] })
    }

    TestCase {
        name: "ProfilePage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function valueOf(row) {
            return findChild(child(row), "value").text
        }

        function cleanup() {
            const dialog = child("signOutDialog")
            if (dialog.visible) {
                dialog.close()
                tryCompare(dialog, "visible", false)
            }
        }

        function test_details() {
            compare(child("nameLabel").text, "Asha Rao")
            compare(child("userTypeLabel").text, "Employee")
            compare(valueOf("idRow"), "E1001")
            compare(child("idRow").label, "Employee ID")
            compare(valueOf("emailRow"), "asha.rao@tessera.test")
            compare(valueOf("departmentRow"), "Operations")
            compare(valueOf("locationRow"), "Pune")
            compare(valueOf("typeRow"), "Employee")
            compare(valueOf("rolesRow"), "Manager, Pass scanner")
            compare(child("rolesRow").Accessible.name, "Roles: Manager, Pass scanner")
        }

        function test_thisDevice() {
            compare(valueOf("deviceIdRow"), Session.deviceId)
            compare(valueOf("deviceIdRow"), "qmltest-device-0001")
            compare(valueOf("platformRow"), "linux · Debian 12")
            compare(valueOf("modelRow"), "qml test")
        }

        function test_localIdWithoutRoles() {
            const saved = page.user
            page.user = { id: "L1234567", kind: "local", displayName: "Mira Nurse",
                          email: "", department: "Medical", userType: "non_employee", roles: [] }
            compare(child("idRow").label, "Local ID")
            compare(child("userTypeLabel").text, "Non-employee")
            compare(valueOf("rolesRow"), "None")
            compare(valueOf("emailRow"), "Not set")
            page.user = saved
            // The layouts place their items at the next polish: let it happen before later tests
            // click by position.
            waitForRendering(page)
        }

        function test_signOutAsksFirstAndCancelKeepsEverything() {
            const dialog = child("signOutDialog")
            verify(!dialog.visible)
            // Below My data, My devices and the analytics switch on a phone: scrolled to, as a
            // person does.
            const flick = child("profileFlick")
            flick.contentY = Math.max(0, flick.contentHeight - flick.height)
            waitForRendering(flick)
            mouseClick(child("signOutButton"))
            tryCompare(dialog, "opened", true)
            compare(dialog.heading, "Sign out?")
            compare(child("signOutText").text,
                    "Local data on this device is removed. You can sign in again at any time.")
            verify(findChild(dialog, "cancelSignOutButton").activeFocus, "Cancel has the focus")

            const stateBefore = Session.state
            mouseClick(findChild(dialog, "cancelSignOutButton"))
            tryCompare(dialog, "visible", false)
            compare(Session.state, stateBefore)
        }

        function test_escapeClosesTheQuestion() {
            const dialog = child("signOutDialog")
            child("signOutButton").forceActiveFocus()
            keyClick(Qt.Key_Return)
            tryCompare(dialog, "opened", true)
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "visible", false)
        }

        // Health records under a heading of their own, as Privacy's entries; the tray switch's
        // words on the left and the switch on the right, lined up with the analytics switch.
        function test_sectionsAndSwitchesLineUp() {
            waitForRendering(page)
            const heading = child("healthHeading")
            compare(heading.text, "Health")
            compare(heading.Accessible.role, Accessible.Heading)
            const entry = child("healthEntry")
            verify(heading.mapToItem(page, 0, 0).y + heading.height <= entry.mapToItem(page, 0, 0).y)
            const label = child("keepInTrayLabel")
            const traySwitch = child("keepInTraySwitch")
            const analytics = child("analyticsConsentToggle")
            const labelX = label.mapToItem(page, 0, 0).x
            const switchX = traySwitch.mapToItem(page, 0, 0).x
            verify(labelX + label.width <= switchX, "the tray switch is right of its words")
            compare(Math.round(switchX + traySwitch.width),
                    Math.round(analytics.mapToItem(page, 0, 0).x + analytics.width))
        }

        function test_buttonsHaveNames() {
            verify(child("signOutButton").Accessible.name.length > 0)
            child("signOutDialog").open()
            tryCompare(child("signOutDialog"), "opened", true)
            compare(findChild(child("signOutDialog"), "confirmSignOutButton").Accessible.name,
                    "Sign out and remove local data")
            compare(findChild(child("signOutDialog"), "cancelSignOutButton").Accessible.name,
                    "Cancel, stay signed in")
        }
    }
}
