import QtQuick
import QtQuick.Controls
import Tessera
import TesseraTest

// Hostile outside text (tst_qml_hostile_inbox_pass) in the pages whose text comes from the server,
// a sub-system or another person: Home's cards (their source and text), inbox items (title, body,
// category, action labels, who decided,
// data fields and their names, history and its comments), the pass (initials, statuses), the
// scanner (process titles, verdict reasons and actions, initials, recent scans) and the profile
// (name, e-mail, department, ...). The same checks as hostile_pages.qml (HostileCase).
HostileRoot {
    id: root

    HostileCase {
        id: test

        name: "HostileInboxPass"

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

        // Home's cards: the sub-system's name (the card's own text meets every hostile string in
        // hostile_cards.qml; the parser refuses HTML in it before it is stored).
        function test_homePage() {
            const cards = []
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                cards.push({ id: "crd_" + i, order: i, version: 1, expiresAt: null,
                             updatedAt: "2026-12-06T09:00:00Z", source: { name: v.slice(0, 200) },
                             card: { type: "AdaptiveCard", version: "1.5",
                                     body: [{ type: "TextBlock", text: "Card " + i, wrap: true }] } })
            }
            verify(HomeFixture.seed(cards))
            tryCompare(Home, "count", root.variants.length)
            const page = createTemporaryObject(homePageComponent, root)
            verify(page !== null)
            const list = findChild(page, "homeList")
            verify(list !== null)
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("Home's card with hostile string " + i)
            }
            shoot("home")
            verify(HomeFixture.seed([]))
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
    }
}
