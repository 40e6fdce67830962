import QtQuick
import Tessera

// The root of the hostile-text tests (hostile_pages.qml, hostile_inbox_pass.qml): a phone-sized
// item, the hostile strings every field gets in turn, the markers that show one, inbox items,
// history events and a user made of them, and the pages to create with them.
Item {
    width: 390
    height: 844

    readonly property string imgTag: '<img src="http://127.0.0.1:9/x">OK'
    // Each field gets each of these in turn.
    readonly property var variants: [
        "<b>x</b>",
        "<h1>Approved by CEO</h1>",
        imgTag,
        '<a href="http://127.0.0.1:9/l">link</a> <img src="http://127.0.0.1:9/y" width="5000">',
        "Invoice \u202Efdp.exe\u202C <b>paid</b>",
        "W".repeat(10000),
        ("<b>big</b> " + "x".repeat(1000) + " ").repeat(100) // about 101 KB
    ]
    // A Text that holds one of these shows a hostile string.
    readonly property var markers: ["<b>", "<h1>", "<img", "<a href", "W".repeat(40), "x".repeat(40)]

    // The hostile strings in turn.
    function variant(i) {
        return variants[i % variants.length]
    }

    function wireItem(i) {
        const v = variant(i)
        const created = new Date(Date.now() - (i + 1) * 60000).toISOString().slice(0, 19) + "Z"
        const decided = i % 3 === 0
        const data = {}
        data[v.slice(0, 300)] = v
        data["nested"] = { "list": [v], "text": v }
        return {
            id: "hostile_" + i, subsystem: v, title: v, body: v, category: v.slice(0, 2000) + i,
            priority: i % 2 === 0 ? "high" : "normal",
            createdAt: created, expiresAt: null,
            actionable: !decided,
            actions: [{ id: "approve", label: v, requiresComment: false },
                      { id: "reject", label: v, requiresComment: true },
                      { id: v.slice(0, 200), label: v, requiresComment: false }],
            data: data, state: decided ? "approved" : "unread",
            decidedBy: decided ? v : null, decidedByName: decided ? v : null,
            decidedAt: decided ? created : null, decidedVia: decided ? "app:" + v : null,
            decidedAction: decided ? "approve" : null, version: 1
        }
    }

    function historyEvents(i) {
        const v = variant(i)
        const at = new Date()
        return [{ event: "created", at: at, by: v, byName: v, via: v, action: "", comment: "", text: v },
                { event: "decided", at: at, by: v, byName: v, via: v, action: "reject", comment: v, text: v },
                { event: "decided", at: at, by: "x", byName: "x", via: "web", action: "approve",
                  comment: "<h1>Approved by CEO</h1>", text: "Approved by x" }]
    }

    function hostileUser(i) {
        const v = variant(i)
        return { id: v, kind: "local", username: v, displayName: v, email: v, department: v,
                 userType: i % 2 === 0 ? "employee" : v, geo: v, roles: ["scanner", v] }
    }

    readonly property Component homePageComponent: Component { HomePage { anchors.fill: parent } }
    readonly property Component inboxPageComponent: Component { InboxPage { anchors.fill: parent } }
    readonly property Component passPageComponent: Component { PassPage { anchors.fill: parent } }
    readonly property Component scannerPageComponent: Component { ScannerPage { anchors.fill: parent } }
    readonly property Component profilePageComponent: Component { ProfilePage { anchors.fill: parent } }
    readonly property Component shellPageComponent: Component { ShellPage { anchors.fill: parent } }
    readonly property Component signInPageComponent: Component { SignInPage { anchors.fill: parent } }
    readonly property Component passwordChangePageComponent: Component { PasswordChangePage { anchors.fill: parent } }
}
