import QtQuick
import QtQuick.Controls
import QtTest
import Tessera
import TesseraTest

// Hostile outside text (tst_qml_hostile): every page and component of the Tessera module
// with markup, <img> and <a> tags, bidi overrides (U+202E), 10,000-character words and 100 KB
// strings in every field that comes from the server, a sub-system or another person: inbox items
// (title, body, category, action labels, who decided, data fields and their names, history and
// its comments), the profile (name, e-mail, department, ...), the pass (initials, statuses), the
// scanner (process titles, verdict reasons and actions, initials, recent scans), and each
// component's text properties. Each test fails on a crash, on any warning, on any network request
// from QML (the engine's refusing network access manager counts them), and on any Text that shows
// such a string other than as plain text, with a bidi override, or drawn wider than itself or the
// window (HostileProbe.textProblems). A page or component not covered here fails
// test_everyFileIsCovered.
Item {
    id: root

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

    Component { id: inboxPageComponent; InboxPage { anchors.fill: parent } }
    Component { id: passPageComponent; PassPage { anchors.fill: parent } }
    Component { id: scannerPageComponent; ScannerPage { anchors.fill: parent } }
    Component { id: profilePageComponent; ProfilePage { anchors.fill: parent } }
    Component { id: shellPageComponent; ShellPage { anchors.fill: parent } }
    Component { id: signInPageComponent; SignInPage { anchors.fill: parent } }
    Component { id: passwordChangePageComponent; PasswordChangePage { anchors.fill: parent } }

    TestCase {
        id: test

        name: "HostilePages"
        when: windowShown

        // How each page and component of the module meets the hostile strings.
        readonly property var coverage: ({
                "inbox/InboxPage.qml": "test_inboxList",
                "inbox/InboxDetailPage.qml": "test_inboxDetail",
                "pass/PassPage.qml": "test_passPage",
                "scanner/ScannerPage.qml": "test_scannerPage",
                "identity/ProfilePage.qml": "test_profilePage",
                "shell/ShellPage.qml": "test_shellPage",
                "shell/Destinations.qml": "test_shellPage (the shell's destinations, no text of their own from outside)",
                "identity/SignInPage.qml": "test_signInPages",
                "identity/PasswordChangePage.qml": "test_signInPages",
                "inbox/InboxDelegate.qml": "test_inboxList (needs the Inbox model's rows)",
                "inbox/InboxFormat.qml": "test_inboxList, test_inboxDetail (a singleton)",
                "controls/Outside.qml": "every test (a singleton)",
                "controls/Theme.qml": "every test (a singleton: colours and sizes, no text)",
                "controls/ThemePalette.qml": "every test (Theme's colours, no text)"
            })
        // Components made by test_components with every text property hostile.
        readonly property var generic: ["Banner", "CommentDialog", "CountdownRing", "DetailRow",
            "EmptyState", "FilterChip", "NavButton", "NavIcon", "OutsideButton", "OutsideText",
            "PasswordField", "PrimaryButton", "SegmentedControl", "ServerStatusLine",
            "SignOutDialog", "StateChip", "TesseraMark", "Toast", "VerdictOverlay"]

        // The engine's refusals before the test function (a refusal is counted when it happens).
        property int requestsBefore: 0

        function init() {
            HostileProbe.clearWarnings()
            requestsBefore = HostileProbe.networkRequests
        }

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
        }

        // Lets layouts, loaders and image requests (if any were made) happen.
        function settle() {
            wait(50)
        }

        function check(what) {
            settle()
            const problems = HostileProbe.textProblems(root, root.markers)
            compare(problems, [], what)
            compare(HostileProbe.warnings(), [], what + ": warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, what + ": network requests from QML")
        }

        // A picture of the window, when TESSERA_HOSTILE_SCREENSHOTS asks for them.
        function shoot(name) {
            const file = HostileProbe.screenshotFile(name)
            if (file.length > 0) {
                waitForRendering(root)
                grabImage(root).save(file)
            }
        }

        // Whether a visible Text shows exactly this text.
        function shows(text) {
            return HostileProbe.shownTexts(root).indexOf(text) >= 0
        }

        function test_everyFileIsCovered() {
            const files = HostileProbe.moduleFiles()
            verify(files.length > 20, "the module's files are listed: " + files)
            for (let i = 0; i < files.length; ++i) {
                const name = files[i].replace(/^.*\//, "").replace(/\.qml$/, "")
                verify(coverage[files[i]] !== undefined || generic.indexOf(name) >= 0,
                       files[i] + " meets no hostile text here: add it to hostile_pages.qml")
            }
        }

        // The engine's network access refuses and counts every request (what the checks here
        // rely on to see one): an Image and a rich-text <img> naming an http URL get nothing.
        function test_theEngineFetchesNothing() {
            const before = HostileProbe.networkRequests
            const image = Qt.createQmlObject('import QtQuick; Image { source: "http://127.0.0.1:9/probe.png" }', root)
            tryCompare(image, "status", Image.Error)
            compare(HostileProbe.networkRequests - before, 1)
            const rich = Qt.createQmlObject('import QtQuick; Text { textFormat: Text.RichText; text: "<img src=\\"http://127.0.0.1:9/rich.png\\">" }', root)
            tryVerify(() => HostileProbe.networkRequests - before === 2)
            // The Text says why its image is missing (the refusal's words).
            tryVerify(() => HostileProbe.warnings().some(w => w.indexOf("does not fetch anything") >= 0))
            const logged = HostileProbe.warnings()
            compare(logged.filter(w => w.indexOf("refused a network request from QML to http://127.0.0.1") >= 0).length, 2)
            verify(!logged.some(w => w.indexOf(".png") >= 0), "no path is logged")
            // Gone before the warnings are cleared: the Text may say it again while it lives.
            image.destroy()
            rich.destroy()
            wait(50)
            HostileProbe.clearWarnings()
            requestsBefore = HostileProbe.networkRequests
        }

        // No page or component asks for rich text, or names a URL for QML to fetch.
        function test_noRichTextInTheSources() {
            const files = HostileProbe.moduleFiles()
            for (let i = 0; i < files.length; ++i) {
                const source = HostileProbe.moduleSource(files[i])
                verify(source.length > 0, files[i])
                const found = source.match(/Text\.(RichText|StyledText|MarkdownText|AutoText)|https?:\/\//)
                verify(found === null, files[i] + " has " + (found ? found[0] : ""))
                // A Dialog's title is shown by the style's own Label, as rich text.
                if (/^Dialog \{/m.test(source))
                    verify(!/^    title:/m.test(source), files[i] + " sets a Dialog's title: use a plain header")
            }
        }

        function test_outsideTextIsPlainAndTamed() {
            compare(Outside.text("<b>x</b>"), "<b>x</b>")
            compare(Outside.text("a\u202Eb\u202Cc\u2066d\u2069\u200Fe"), "abcde")
            compare(Outside.text("x".repeat(5000)).length, Outside.lineLimit + 1)
            compare(Outside.text(variant(6), Outside.textLimit).length, Outside.textLimit + 1)
            compare(Outside.inline("\u202Eab"), "\u2068ab\u2069")
            compare(Outside.text(null), "")
            compare(Outside.text(undefined), "")
        }

        function test_components() {
            for (let c = 0; c < generic.length; ++c) {
                const name = generic[c]
                const object = Qt.createQmlObject("import Tessera\n" + name + " {}", root, "hostile-" + name)
                verify(object !== null, name)
                try {
                    showHostile(name, object)
                } finally {
                    if (typeof object.close === "function")
                        object.close()
                    object.destroy()
                    wait(0)
                }
            }
        }

        function showHostile(name, object) {
            const isPopup = typeof object.open === "function"
            if (!isPopup)
                object.width = root.width
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variants[i]
                const props = ["text", "title", "label", "value", "actionText", "badgeText", "accessibleName"]
                for (let p = 0; p < props.length; ++p) {
                    // A Dialog's title is the style's rich-text Label, which is made even
                    // when the header is replaced: our dialogs never set it (see
                    // test_noRichTextInTheSources) and show a plain `heading` instead.
                    if (props[p] === "title" && object.heading !== undefined)
                        object.heading = v
                    else if (typeof object[props[p]] === "string")
                        object[props[p]] = v
                }
                if (name === "OutsideText")
                    object.text = Outside.text(v) // how it is to be used: the primitive itself
                if (name === "SegmentedControl")
                    object.labels = [v, v]
                if (name === "CommentDialog") {
                    object.ask(v, v, true)
                } else if (name === "Toast") {
                    object.show(v)
                } else if (name === "VerdictOverlay") {
                    object.result = { verdict: i % 2 === 0 ? "deny" : "action", message: v, action: v,
                                      initials: v, subjectType: "employee", processTitle: v }
                    object.open()
                } else if (isPopup) {
                    object.open()
                }
                if (isPopup)
                    tryCompare(object, "opened", true)
                check(name + " with hostile string " + i)
                if (name === "CommentDialog" || name === "Toast")
                    verify(shows(Outside.text(v, Outside.textLimit))
                           || HostileProbe.shownTexts(root).some(t => t.indexOf(Outside.text(v)) >= 0),
                           name + " shows the string as it is")
            }
        }

        function seedHostileInbox() {
            const items = []
            for (let i = 0; i < root.variants.length; ++i)
                items.push(root.wireItem(i))
            verify(InboxFixture.seed(items))
            tryCompare(Inbox, "count", root.variants.length)
            // A conflict's words name who decided first (another person, as the server says).
            for (let i = 1; i < root.variants.length; i += 2)
                verify(InboxFixture.setStatusText("hostile_" + i, "Already approved by " + root.variant(i)))
            tryVerify(() => Inbox.get("hostile_1").statusText === "Already approved by " + root.variant(1))
        }

        function test_inboxList() {
            Inbox.filter = Inbox.All
            seedHostileInbox()
            const page = createTemporaryObject(inboxPageComponent, root)
            verify(page !== null)
            const list = findChild(page, "inboxList")
            verify(list !== null)
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("inbox list at row " + i)
                if (i === 0 || i === 4)
                    shoot("inbox-row" + i)
            }
            // The markup shows as the characters it is.
            list.positionViewAtIndex(0, ListView.Beginning)
            settle()
            let titles = 0
            for (let i = 0; i < list.contentItem.children.length; ++i) {
                const row = list.contentItem.children[i]
                const title = findChild(row, "inboxItemTitle")
                if (title && title.visible && row.model && row.model.title === root.variant(0)) {
                    compare(title.text, "<b>x</b>")
                    compare(title.textFormat, Text.PlainText)
                    ++titles
                }
            }
            compare(titles, 1, "the first item's title is shown")

            // The filter chips (one per category).
            const filters = findChild(page, "inboxFilters")
            for (let i = 0; i < filters.count; ++i) {
                filters.positionViewAtIndex(i, ListView.Contain)
                check("filter chip " + i)
            }
            shoot("inbox-filters")

            // The swipe's labels: open each side of a row that needs a decision.
            list.positionViewAtIndex(1, ListView.Beginning)
            settle()
            let row = null
            for (let i = 0; i < list.contentItem.children.length; ++i) {
                const each = list.contentItem.children[i]
                if (each.model && each.model.id === "hostile_1")
                    row = each
            }
            verify(row !== null)
            row.swipe.open(SwipeDelegate.Left)
            tryVerify(() => row.swipe.leftItem !== null)
            check("the swipe's approve label")
            tryVerify(() => row.swipe.position === 0) // completing the swipe decides and closes it
            tryCompare(Inbox, "pendingDecisions", 1)

            // The comment dialog for a decision that needs one, and a toast.
            page.requestDecision("hostile_2", "reject")
            const dialog = findChild(page, "commentDialog")
            verify(dialog !== null)
            tryCompare(dialog, "opened", true)
            check("the comment dialog")
            shoot("comment-dialog")
            compare(findChild(dialog.contentItem, "commentQuestion").text,
                    "\u2068" + root.imgTag + "\u2069: “\u2068" + root.imgTag + "\u2069”")
            dialog.reject()
            tryCompare(dialog, "visible", false)
            for (let i = 0; i < root.variants.length; ++i) {
                page.report(root.variants[i])
                const toast = findChild(page, "toast")
                tryCompare(toast, "opened", true)
                check("a toast with hostile string " + i)
                if (i === 5)
                    shoot("toast-longword")
                toast.close()
                tryCompare(toast, "visible", false)
            }
        }

        function test_inboxDetail() {
            Inbox.filter = Inbox.All
            seedHostileInbox()
            const page = createTemporaryObject(inboxPageComponent, root)
            const stack = findChild(page, "inboxStack")
            for (let i = 0; i < root.variants.length; ++i) {
                page.openItem("hostile_" + i)
                tryCompare(stack, "depth", 2)
                tryCompare(stack, "busy", false)
                const detail = stack.currentItem
                compare(detail.itemId, "hostile_" + i)
                detail.history = root.historyEvents(i)
                check("the detail page of item " + i)
                shoot("detail-" + i)
                compare(findChild(detail, "detailTitle").text, Outside.text(root.variant(i)))
                compare(findChild(detail, "detailBody").text, Outside.text(root.variant(i), Outside.textLimit))
                if (i % 2 === 1)
                    compare(findChild(detail, "detailStatus").text, Outside.text("Already approved by " + root.variant(i)))
                if (i % 3 !== 0) {
                    const approve = findChild(detail, "detailAction_approve")
                    verify(approve !== null && approve.visible)
                    compare(approve.contentItem.text, Outside.text(root.variant(i)))
                    compare(approve.contentItem.textFormat, Text.PlainText)
                }
                verify(shows("“\u2068<h1>Approved by CEO</h1>\u2069”"), "a comment's heading shows as text")
                stack.pop(null, StackView.Immediate)
                tryCompare(stack, "busy", false)
            }
        }

        function test_passPage() {
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                const until = new Date(Date.now() + 3600000)
                const page = createTemporaryObject(passPageComponent, root, {
                    ready: true, initials: v,
                    statuses: [{ process: v, status: v, until: until },
                               { process: "office-entry", status: v },
                               { process: v, status: "allowed" }]
                })
                verify(page !== null)
                check("the pass page with hostile string " + i)
                if (i === 1 || i === 5)
                    shoot("pass-" + i)
                page.destroy()
                wait(0)
            }
        }

        function test_scannerPage() {
            const processes = []
            const scans = []
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                processes.push({ name: "process-" + i, title: v })
                scans.push({ serial: i, verdict: ["deny", "action", "allow"][i % 3], reason: "revoked",
                             message: v, action: v, initials: v, subjectType: "employee",
                             process: "process-" + i, processTitle: v, time: new Date(),
                             isPass: true, upload: i % 2 === 0 ? "queued" : "uploaded" })
            }
            const page = createTemporaryObject(scannerPageComponent, root,
                                               { processes: processes, recentScans: scans })
            verify(page !== null)
            check("the scanner page")
            shoot("scanner")
            const chooser = findChild(page, "processChooser")
            for (let i = 0; i < processes.length; ++i) {
                chooser.currentIndex = i
                check("the process chooser showing process " + i)
            }
            chooser.popup.open()
            tryCompare(chooser.popup, "opened", true)
            check("the process chooser's list")
            shoot("scanner-processes")
            chooser.popup.close()
            tryCompare(chooser.popup, "visible", false)
            const verdict = findChild(page, "scanVerdict")
            verify(verdict !== null)
            for (let i = 0; i < scans.length; ++i) {
                verdict.result = scans[i]
                verdict.open()
                tryCompare(verdict, "opened", true)
                check("the verdict of scan " + i)
                if (i === 1 || i === 3)
                    shoot("verdict-" + i)
                verdict.close()
                tryCompare(verdict, "visible", false)
            }
        }

        function test_profilePage() {
            for (let i = 0; i < root.variants.length; ++i) {
                const page = createTemporaryObject(profilePageComponent, root, { user: root.hostileUser(i) })
                verify(page !== null)
                check("the profile page with hostile string " + i)
                if (i === 4 || i === 5)
                    shoot("profile-" + i)
                compare(findChild(page, "nameLabel").text, Outside.text(root.variant(i)))
                page.destroy()
                wait(0)
            }
        }

        function test_shellPage() {
            verify(InboxFixture.seed([]))
            const window = root.Window.window
            const width = window.width
            window.width = 1000 // wide: the rail with the person's name
            root.width = 1000
            try {
                for (let i = 0; i < root.variants.length; ++i) {
                    const page = createTemporaryObject(shellPageComponent, root, { user: root.hostileUser(i) })
                    verify(page !== null)
                    const rail = findChild(page, "railUserLabel")
                    tryVerify(() => rail.visible)
                    check("the shell with hostile string " + i)
                    if (i === 3)
                        shoot("shell-wide-" + i)
                    page.destroy()
                    wait(0)
                }
            } finally {
                window.width = width
                root.width = 390
            }
        }

        function test_signInPages() {
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                const signIn = createTemporaryObject(signInPageComponent, root)
                signIn.message = v
                check("the sign-in page's message " + i)
                signIn.destroy()
                const change = createTemporaryObject(passwordChangePageComponent, root, { username: v })
                change.message = v
                check("the password change page " + i)
                change.destroy()
                wait(0)
            }
        }
    }
}
