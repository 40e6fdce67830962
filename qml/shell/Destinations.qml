import QtQuick
import Tessera

// The signed-in shell's destinations, in one place: ShellPage makes its bottom bar, its side rail
// and its pages from this list (one Destinations object of its own: not a singleton, because a QML
// singleton of this module that imports the module makes a cyclic dependency with the others, and
// this list needs the Inbox singleton). A feature with a page of its own adds one entry here:
//   name       the destination's key: "tab_" + name and "rail_" + name are its buttons,
//              name + "Loader" its page's loader; ShellPage.open(name), --page name
//   title      its name on the buttons and the header
//   icon       the NavIcon kind drawn on its buttons
//   page       the page's URL (the page is made from it, so its QML types and the modules they
//              import are loaded only when it is made)
//   order      where it stands in the bar and the rail (smaller first)
//   userTypes  the user types that have it (user.userType); [] for everyone
//   roles      the roles that give it (user.roles, any one of them); [] for everyone
//   lazy       true: the page is made when first opened (and kept); false: with the shell
//   takesUser  true: the page's `user` follows the shell's
//   badge      optional, () => the count shown on its icon (called only for a person who has it)
//   badgeText  optional, count => what the badge says to assistive technology
//   starts     optional, {start: page => ...}: ShellPage.initialDestination names that open this
//              destination and then do something on its page (QA and screenshots)
// A page may ask for another destination with a signal navigateRequested(name, start): the shell
// opens name (if this person has it) and calls start(page) on its page (Home's card opening a
// service's form).
// Hiding a destination is not security: the server checks every request itself.
QtObject {
    readonly property var all: byOrder([
        {
            // Employees open on Home (DESIGN.md, decision 12).
            name: "home",
            title: qsTr("Home"),
            icon: "home",
            page: Qt.resolvedUrl("../home/HomePage.qml"),
            order: 5,
            userTypes: ["employee"],
            roles: [],
            lazy: false,
            takesUser: false
        },
        {
            name: "inbox",
            title: qsTr("Inbox"),
            icon: "inbox",
            page: Qt.resolvedUrl("../inbox/InboxPage.qml"),
            order: 10,
            userTypes: ["employee"],
            roles: [],
            lazy: false,
            takesUser: false,
            badge: () => Inbox.unreadCount,
            badgeText: count => qsTr("%n unread", "", count),
            starts: {
                // The first inbox item's page.
                "inbox-detail": page => {
                    page.openFirstWhenLoaded = true
                }
            }
        },
        {
            // What the company tells its people: the feed, a post's page.
            name: "news",
            title: qsTr("News"),
            icon: "news",
            page: Qt.resolvedUrl("../news/NewsPage.qml"),
            order: 12,
            userTypes: ["employee"],
            roles: [],
            lazy: true,
            takesUser: false,
            badge: () => News.unreadCount,
            badgeText: count => qsTr("%n unread", "", count),
            starts: {
                // The first post's page; the events (the News | Events filter), the first
                // event's page.
                "news-post": page => page.openFirst(),
                "events": page => page.showEvents(),
                "event": page => page.openFirstEvent()
            }
        },
        {
            // Surveys sent to this person: the list, a survey's form and its done state.
            name: "surveys",
            title: qsTr("Surveys"),
            icon: "surveys",
            page: Qt.resolvedUrl("../surveys/SurveysPage.qml"),
            order: 13,
            userTypes: ["employee"],
            roles: [],
            lazy: true,
            takesUser: false,
            badge: () => Surveys.openCount,
            badgeText: count => qsTr("%n open", "", count),
            starts: {
                // The first survey's page.
                "survey": page => page.openFirst()
            }
        },
        {
            // Today's attestation: the admin's form, answered once a day.
            name: "attest",
            title: qsTr("Attest"),
            icon: "surveys",
            page: Qt.resolvedUrl("../attest/AttestPage.qml"),
            order: 14,
            userTypes: ["employee"],
            roles: [],
            lazy: true,
            takesUser: false
        },
        {
            // The catalogue of services, a service's form, My requests.
            name: "services",
            title: qsTr("Services"),
            icon: "services",
            page: Qt.resolvedUrl("../selfservice/ServicesPage.qml"),
            order: 15,
            userTypes: ["employee"],
            roles: [],
            lazy: true,
            takesUser: false,
            starts: {
                // My requests.
                "requests": page => page.openRequests()
            }
        },
        {
            name: "pass",
            title: qsTr("Pass"),
            icon: "pass",
            page: Qt.resolvedUrl("../pass/PassPage.qml"),
            order: 20,
            userTypes: [],
            roles: [],
            lazy: true,
            takesUser: false
        },
        {
            name: "scanner",
            title: qsTr("Scanner"),
            icon: "scanner",
            page: Qt.resolvedUrl("../scanner/ScannerPage.qml"),
            order: 30,
            userTypes: [],
            roles: ["scanner"],
            lazy: false,
            takesUser: false
        },
        {
            name: "profile",
            title: qsTr("Profile"),
            icon: "profile",
            page: Qt.resolvedUrl("../identity/ProfilePage.qml"),
            order: 40,
            userTypes: [],
            roles: [],
            lazy: true,
            takesUser: true,
            starts: {
                // The profile with its "Sign out?" question open.
                "sign-out": page => page.confirmSignOut(),
                // Profile's My data (export, privacy requests) and My devices.
                "my-data": page => page.openMyData(),
                "my-devices": page => page.openMyDevices(),
                // Profile's Health records (vaccination doses, certificates).
                "health": page => page.openHealth()
            }
        }
    ])

    function byOrder(entries) {
        return entries.sort((a, b) => a.order - b.order)
    }

    // The entry named name, or null.
    function find(name) {
        for (const entry of all) {
            if (entry.name === name)
                return entry
        }
        return null
    }

    // Whether user (as Session.user gives it; may be null) has the destination entry.
    function allows(entry, user) {
        if (entry.userTypes.length > 0 && !(!!user && entry.userTypes.indexOf(user.userType) >= 0))
            return false
        if (entry.roles.length > 0
                && !(!!user && !!user.roles && entry.roles.some(role => user.roles.indexOf(role) >= 0)))
            return false
        return true
    }

    // The names of the destinations user has, in order.
    function namesFor(user) {
        return all.filter(entry => allows(entry, user)).map(entry => entry.name)
    }

    // The destination an initial destination opens with something to do on its page:
    // {name, start(page)}, or null when none of the entries knows it.
    function startOf(initial) {
        for (const entry of all) {
            if (entry.starts && Object.prototype.hasOwnProperty.call(entry.starts, initial))
                return { name: entry.name, start: entry.starts[initial] }
        }
        return null
    }
}
