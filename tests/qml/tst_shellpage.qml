import QtQuick
import QtQuick.Controls
import QtTest
import Tessera

// The signed-in shell: destinations by user type and role, bottom bar on phones and side rail on
// wide windows, keyboard navigation, and the placeholder pages' empty states.
Item {
    id: root

    width: 390
    height: 844

    readonly property var employee: ({ id: "E1001", kind: "local", displayName: "Asha Rao",
                                       userType: "employee", roles: ["manager"] })
    readonly property var employeeScanner: ({ id: "E1003", kind: "ad", displayName: "Eve Scan",
                                              userType: "employee", roles: ["scanner"] })
    readonly property var nonEmployee: ({ id: "L1000001", kind: "local", displayName: "Mira Nurse",
                                          userType: "non_employee", roles: [] })
    readonly property var guard: ({ id: "L1000002", kind: "local", displayName: "Sam Guard",
                                    userType: "non_employee", roles: ["scanner"] })

    Component {
        id: shellComponent

        ShellPage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "ShellPage"
        when: windowShown

        property var shell: null

        function make(user, initial) {
            shell = createTemporaryObject(shellComponent, root, { user: user,
                                                                  initialDestination: initial || "" })
            verify(shell !== null)
            return shell
        }

        function child(name) {
            const found = findChild(shell, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function visibleButtons(prefix) {
            const names = []
            for (const d of ["home", "inbox", "news", "surveys", "attest", "services", "pass", "scanner", "profile"]) {
                const b = findChild(shell, prefix + d)
                if (b !== null && b.visible)
                    names.push(d)
            }
            return names
        }

        function init() {
            root.width = 390
            root.height = 844
        }

        function test_destinationsByRole_data() {
            return [
                { tag: "employee", user: root.employee,
                  expected: ["home", "inbox", "news", "surveys", "attest", "services", "pass", "profile"] },
                { tag: "employee with scanner role", user: root.employeeScanner,
                  expected: ["home", "inbox", "news", "surveys", "attest", "services", "pass", "scanner", "profile"] },
                { tag: "non-employee", user: root.nonEmployee, expected: ["pass", "profile"] },
                { tag: "non-employee with scanner role", user: root.guard,
                  expected: ["pass", "scanner", "profile"] },
            ]
        }

        function test_destinationsByRole(data) {
            make(data.user)
            compare(shell.destinations, data.expected)
            compare(visibleButtons("tab_"), data.expected)
            compare(shell.current, data.expected[0], "opens on the first destination")
            // The page shown is made with the shell; the other pages of the start in the frames
            // after; pages a person does not have are not even made.
            verify(child(data.expected[0] + "Loader").item !== null, "the page shown is made at once")
            for (const name of ["home", "inbox", "scanner"]) {
                if (data.expected.indexOf(name) >= 0)
                    tryVerify(() => child(name + "Loader").item !== null, 5000, name + "'s page made")
                else
                    compare(child(name + "Loader").item, null, name + "'s page not made")
            }
            verify(!shell.open("nowhere"))
            if (data.expected.indexOf("inbox") < 0)
                verify(!shell.open("inbox"), "no way to the inbox for a non-employee")
            if (data.expected.indexOf("home") < 0)
                verify(!shell.open("home"), "no Home for a non-employee")
            if (data.expected.indexOf("services") < 0)
                verify(!shell.open("services"), "no Services for a non-employee")
            if (data.expected.indexOf("news") < 0)
                verify(!shell.open("news"), "no News for a non-employee")
        }

        function test_pagesBesideTheShownOneMadeAfterIt() {
            make(root.employee)
            // Home is shown and made with the shell; the inbox's page is not made with it (the
            // first frame does not pay for it) but in the frames after, or at once when opened.
            verify(child("homeLoader").item !== null)
            compare(child("inboxLoader").item, null, "the inbox's page is not made with the shell")
            let started = null
            verify(shell.navigate("inbox", page => { started = page }), "opened before it was made")
            verify(started !== null)
            compare(started, child("inboxLoader").item)
            verify(started.visible)
            compare(child("shellTitle").text, "Inbox")
        }

        function test_bottomBarOnPhonesRailOnDesktop() {
            make(root.employee)
            verify(child("bottomBar").visible)
            verify(!child("navigationRail").visible)

            root.width = 1280
            root.height = 800
            verify(shell.wide)
            verify(!child("bottomBar").visible)
            verify(child("navigationRail").visible)
            compare(visibleButtons("rail_"), ["home", "inbox", "news", "surveys", "attest", "services", "pass", "profile"])
            compare(child("railUserLabel").text, "Asha Rao")
        }

        function test_clickingATabOpensItsPage() {
            make(root.employee)
            // Employees open on Home (DESIGN.md, decision 12).
            compare(child("shellTitle").text, "Home")
            const home = child("homeLoader").item
            verify(home.visible)
            compare(findChild(home, "emptyStateTitle").text, "Nothing here yet")

            mouseClick(child("tab_inbox"))
            compare(child("shellTitle").text, "Inbox")
            verify(!home.visible)
            const inbox = child("inboxLoader").item
            verify(inbox.visible)
            compare(findChild(inbox, "emptyStateTitle").text, "No notifications yet")

            mouseClick(child("tab_services"))
            compare(child("shellTitle").text, "Services")
            const services = child("servicesLoader").item
            verify(services.visible)
            verify(findChild(services, "servicesEmptyState").visible)
            compare(child("tab_services").Accessible.name.length > 0, true)

            mouseClick(child("tab_pass"))
            compare(shell.current, "pass")
            compare(child("shellTitle").text, "Pass")
            verify(!inbox.visible)
            const pass = child("passLoader").item
            verify(pass.visible)
            compare(findChild(pass, "emptyStateTitle").text, "Your pass will appear here")
            compare(child("tab_pass").Accessible.role, Accessible.PageTab)
            verify(child("tab_pass").Accessible.checked)
            verify(!child("tab_inbox").Accessible.checked)

            mouseClick(child("tab_profile"))
            compare(child("shellTitle").text, "Profile")
            verify(child("profileLoader").item.visible)
        }

        function test_scannerPageEmptyState() {
            make(root.guard, "scanner")
            compare(shell.current, "scanner")
            const scanner = child("scannerLoader").item
            verify(scanner.visible)
            compare(findChild(scanner, "noScans").text, "Passes you scan are listed here.")
            verify(findChild(scanner, "viewfinder").visible)
            // No trust list synced (no session here): nothing to check passes with yet.
            verify(!findChild(scanner, "openFileButton").enabled)
        }

        function test_keyboardMovesBetweenTabs() {
            make(root.employee)
            child("tab_home").forceActiveFocus()
            keyClick(Qt.Key_Right)
            compare(shell.current, "inbox")
            keyClick(Qt.Key_Right)
            compare(shell.current, "news")
            keyClick(Qt.Key_Right)
            compare(shell.current, "surveys")
            keyClick(Qt.Key_Right)
            compare(shell.current, "attest")
            keyClick(Qt.Key_Right)
            compare(shell.current, "services")
            keyClick(Qt.Key_Right)
            compare(shell.current, "pass")
            verify(child("tab_pass").activeFocus)
            keyClick(Qt.Key_Right)
            compare(shell.current, "profile")
            keyClick(Qt.Key_Right)
            compare(shell.current, "profile", "stops at the last one")
            keyClick(Qt.Key_Left)
            compare(shell.current, "pass")

            // Tab moves focus without opening; Enter opens.
            child("tab_services").forceActiveFocus()
            keyClick(Qt.Key_Tab)
            verify(child("tab_pass").activeFocus)
            keyClick(Qt.Key_Tab)
            verify(child("tab_profile").activeFocus)
            keyClick(Qt.Key_Return)
            compare(shell.current, "profile")
        }

        function test_railKeyboard() {
            root.width = 1280
            root.height = 800
            make(root.guard)
            child("rail_pass").forceActiveFocus()
            keyClick(Qt.Key_Down)
            compare(shell.current, "scanner")
            keyClick(Qt.Key_Down)
            compare(shell.current, "profile")
            keyClick(Qt.Key_Up)
            compare(shell.current, "scanner")
        }

        function test_initialSignOutOpensTheQuestion() {
            make(root.nonEmployee, "sign-out")
            compare(shell.current, "profile")
            const dialog = findChild(child("profileLoader").item, "signOutDialog")
            verify(dialog !== null)
            tryCompare(dialog, "opened", true)
            dialog.close()
            tryCompare(dialog, "visible", false)
        }

        function test_initialRequestsOpensMyRequests() {
            make(root.employee, "requests")
            compare(shell.current, "services")
            const services = child("servicesLoader").item
            tryVerify(() => findChild(services, "requestsPage") !== null, 5000, "My requests")
        }

        // A page asking for another destination (Home's card opening a service's form).
        function test_navigateOpensTheDestinationAndStartsOnIt() {
            make(root.employee)
            let started = null
            verify(shell.navigate("services", page => { started = page }))
            compare(shell.current, "services")
            compare(started, child("servicesLoader").item)
            verify(!shell.navigate("scanner", page => { started = null }), "not this person's")
            compare(shell.current, "services")
        }

        function test_everyControlHasAName() {
            make(root.employeeScanner)
            for (const d of ["home", "inbox", "news", "surveys", "attest", "services", "pass", "scanner", "profile"]) {
                verify(child("tab_" + d).Accessible.name.length > 0)
                verify(child("rail_" + d).Accessible.name.length > 0)
            }
        }
    }
}
