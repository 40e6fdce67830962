import QtQuick
import QtQuick.Controls
import QtTest
import Tessera
import TesseraTest

// The inbox page on the real Inbox model and its SQLCipher cache (filled by InboxFixture as the
// server's delta would): sections by day, filters, approve and reject from the list, the
// required-comment dialog, bulk approval, the states of decided / withdrawn / expired items and
// the detail page. The session is signed out, so decisions wait in the real outbox: pending.
Item {
    id: root

    width: 390
    height: 844

    function wire(id, minutesAgo, extra) {
        const created = new Date(Date.now() - minutesAgo * 60000)
        const item = {
            id: id, subsystem: "demo-hr", title: "Leave request " + id, body: "Three days in March.",
            category: "leave", priority: "normal",
            createdAt: created.toISOString().slice(0, 19) + "Z", expiresAt: null,
            actionable: true,
            actions: [{ id: "approve", label: "Approve", requiresComment: false },
                      { id: "reject", label: "Reject", requiresComment: true }],
            data: { days: 3, from: "2027-03-01" }, state: "unread",
            decidedBy: null, decidedByName: null, decidedAt: null, decidedVia: null,
            decidedAction: null, version: 1
        }
        for (const key in extra)
            item[key] = extra[key]
        return item
    }

    // Replaces the inbox cache with these wire items.
    function seed(items) {
        return InboxFixture.seed(items)
    }

    InboxPage {
        id: page

        anchors.fill: parent
    }

    TestCase {
        name: "InboxPage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        // The list's live delegate of an item (rows of an earlier cache may still await their
        // deletion under the same name).
        function itemRow(id) {
            const list = child("inboxList")
            let found = null
            tryVerify(() => {
                const rows = list.contentItem.children
                for (let i = 0; i < rows.length; ++i) {
                    if (rows[i].objectName === "inboxItem_" + id && rows[i].model && rows[i].model.id === id)
                        found = rows[i]
                }
                return found !== null
            })
            return found
        }

        // The row scrolled into the list's view first: which rows fit depends on the day's
        // sections (an item of 150 minutes ago is "Yesterday" between midnight and 02:30), so a
        // click must not count on a row being on screen.
        function shownRow(id) {
            const row = itemRow(id)
            const list = child("inboxList")
            list.positionViewAtIndex(row.index, ListView.Contain)
            tryVerify(() => row.y + row.height <= list.contentY + list.height
                      && row.y >= list.contentY)
            return row
        }

        function buttonIn(row, name) {
            const found = findChild(row, name)
            verify(found !== null, "no " + name + " in " + row.objectName)
            return found
        }

        function init() {
            page.endSelection()
            Inbox.filter = Inbox.All
            verify(root.seed([
                root.wire("ntf_new", 5),
                root.wire("ntf_read", 30, { state: "read", title: "Laptop refresh", category: "it",
                                            actions: [{ id: "approve", label: "Approve", requiresComment: true },
                                                      { id: "reject", label: "Reject", requiresComment: true }] }),
                root.wire("ntf_old", 60 * 24 * 3, { title: "Old request" }),
                root.wire("ntf_done", 90, { state: "approved", title: "Training budget", version: 2,
                                            decidedBy: "E1002", decidedByName: "Ben Okafor",
                                            decidedAt: new Date().toISOString().slice(0, 19) + "Z",
                                            decidedVia: "web", decidedAction: "approve" }),
                root.wire("ntf_gone", 120, { state: "withdrawn", title: "Withdrawn one" }),
                root.wire("ntf_late", 150, { state: "expired", title: "Expired one" }),
                root.wire("ntf_info", 10, { actionable: false, actions: [], title: "Canteen menu", category: "news" })
            ]))
            tryCompare(Inbox, "count", 7)
            const stack = child("inboxStack")
            while (stack.depth > 1)
                stack.pop(null, StackView.Immediate)
            tryCompare(stack, "busy", false)
        }

        function test_listShowsSectionsStatesAndUnread() {
            compare(Inbox.unreadCount, 3) // ntf_new, ntf_old, ntf_info
            const list = child("inboxList")
            tryVerify(() => list.contentHeight > 0)
            compare(findChild(itemRow("ntf_new"), "inboxItemTitle").text, "Leave request ntf_new")
            compare(findChild(itemRow("ntf_new"), "inboxItemState").text, "Needs action")
            compare(findChild(itemRow("ntf_done"), "inboxItemState").text, "Approved")
            verify(findChild(itemRow("ntf_done"), "inboxItemStatus").text.indexOf("By \u2068Ben Okafor\u2069, ") === 0)
            compare(findChild(itemRow("ntf_gone"), "inboxItemState").text, "Withdrawn")
            compare(findChild(itemRow("ntf_late"), "inboxItemState").text, "Expired")
            // Decided, withdrawn and expired items offer no decision.
            verify(!buttonIn(itemRow("ntf_done"), "approveButton").visible)
            verify(!buttonIn(itemRow("ntf_gone"), "approveButton").visible)
            verify(buttonIn(itemRow("ntf_new"), "approveButton").visible)
            // Sections by day: today's first, the three-day-old item under its date.
            compare(itemRow("ntf_new").ListView.section, "Today")
            verify(itemRow("ntf_new").ListView.section !== Inbox.get("ntf_old").section || false)
        }

        function test_ownApprovalWaitsForTheOthers() {
            // An "all" approval this person approved, the others still asked: the server shows
            // it "approved" with nobody as its decider yet.
            verify(root.seed([
                root.wire("ntf_waiting", 5, { state: "approved", title: "Team offsite",
                                              approval: { mode: "all", approvals: [] } })
            ]))
            tryCompare(Inbox, "count", 1)
            const list = child("inboxList")
            tryVerify(() => list.contentHeight > 0)
            tryVerify(() => itemRow("ntf_waiting") !== null)
            compare(findChild(itemRow("ntf_waiting"), "inboxItemState").text, "Approved by you")
            compare(findChild(itemRow("ntf_waiting"), "inboxItemStatus").text, "Waiting for the other approvers")
            verify(itemRow("ntf_waiting").Accessible.name.indexOf("Approved by you") > 0)
            verify(!buttonIn(itemRow("ntf_waiting"), "approveButton").visible)
        }

        function test_filters() {
            mouseClick(child("filter_needs-action"))
            tryCompare(Inbox, "count", 3) // ntf_new, ntf_read, ntf_old
            mouseClick(child("filter_unread"))
            tryCompare(Inbox, "count", 3) // ntf_new, ntf_old, ntf_info
            const category = child("filter_category:it")
            compare(category.text, "IT")
            mouseClick(category)
            tryCompare(Inbox, "count", 1)
            verify(itemRow("ntf_read") !== null)
            mouseClick(child("filter_all"))
            tryCompare(Inbox, "count", 7)
        }

        function test_approveFromTheListGoesPending() {
            const row = itemRow("ntf_new")
            mouseClick(buttonIn(row, "approveButton"))
            tryCompare(Inbox, "pendingDecisions", 1)
            tryCompare(findChild(itemRow("ntf_new"), "inboxItemState"), "text", "Sending…")
            compare(findChild(itemRow("ntf_new"), "inboxItemStatus").text, "Sending approval…")
            verify(!buttonIn(itemRow("ntf_new"), "approveButton").visible)
        }

        function test_rejectAsksForTheRequiredComment() {
            mouseClick(buttonIn(itemRow("ntf_new"), "rejectButton"))
            const dialog = findChild(page, "commentDialog")
            verify(dialog !== null)
            tryCompare(dialog, "opened", true)
            const confirm = findChild(dialog, "commentConfirm")
            verify(!confirm.enabled, "a required comment cannot be empty")
            compare(Inbox.pendingDecisions, 0)
            keyClick(Qt.Key_N)
            keyClick(Qt.Key_O)
            tryCompare(confirm, "enabled", true)
            mouseClick(confirm)
            tryCompare(dialog, "visible", false)
            tryCompare(Inbox, "pendingDecisions", 1)
            compare(findChild(itemRow("ntf_new"), "inboxItemStatus").text, "Sending rejection…")
        }

        function test_bulkApproveSkipsItemsThatNeedAComment() {
            mousePress(itemRow("ntf_new"))
            wait(1000) // press and hold
            mouseRelease(itemRow("ntf_new"))
            tryCompare(page, "selecting", true)
            compare(page.selectedIds, ["ntf_new"])
            mouseClick(buttonIn(shownRow("ntf_old"), "inboxItemCheck"))
            mouseClick(buttonIn(shownRow("ntf_read"), "inboxItemCheck"))
            compare(child("selectionCount").text, "3 selected")
            mouseClick(child("approveSelected"))
            tryCompare(Inbox, "pendingDecisions", 2)
            compare(page.selecting, false)
            const toast = findChild(page, "toast")
            tryCompare(toast, "opened", true)
            compare(toast.text, "1 item asks for a comment: approve it on its own.")
            verify(!Inbox.get("ntf_read").pending)
            verify(Inbox.get("ntf_old").pending)
            toast.close()
        }

        // Cards whose approval sends inputs need their form: bulk approval leaves them and says
        // how many are left to open; the others go.
        function test_bulkApproveSkipsItemsThatNeedTheirForm() {
            const card = {
                "type": "AdaptiveCard", "version": "1.5",
                "body": [{ "type": "Input.Text", "id": "note", "label": "Note for HR" }],
                "actions": [{ "type": "Action.Submit", "id": "approve", "title": "Approve" },
                            { "type": "Action.Submit", "id": "reject", "title": "Reject", "associatedInputs": "none" }]
            }
            verify(root.seed([
                root.wire("ntf_new", 5),
                root.wire("ntf_form1", 6, { card: card, title: "Overtime one" }),
                root.wire("ntf_form2", 7, { card: card, title: "Overtime two" })
            ]))
            tryCompare(Inbox, "count", 3)
            compare(itemRow("ntf_form1").formActions, ["approve"])
            compare(itemRow("ntf_new").formActions, [])
            mousePress(itemRow("ntf_new"))
            wait(1000) // press and hold
            mouseRelease(itemRow("ntf_new"))
            tryCompare(page, "selecting", true)
            mouseClick(buttonIn(shownRow("ntf_form1"), "inboxItemCheck"))
            mouseClick(buttonIn(shownRow("ntf_form2"), "inboxItemCheck"))
            compare(child("selectionCount").text, "3 selected")
            mouseClick(child("approveSelected"))
            tryCompare(Inbox, "pendingDecisions", 1)
            const toast = findChild(page, "toast")
            tryCompare(toast, "opened", true)
            compare(toast.text, "2 items need details: open them to decide.")
            verify(Inbox.get("ntf_new").pending)
            verify(!Inbox.get("ntf_form1").pending)
            verify(!Inbox.get("ntf_form2").pending)
            toast.close()
        }

        function test_keyboardMovesThroughTheListAndOpensAnItem() {
            const list = child("inboxList")
            list.forceActiveFocus()
            list.currentIndex = 0
            keyClick(Qt.Key_Down)
            compare(list.currentIndex, 1)
            verify(list.currentItem.activeFocus, "the current item has the keyboard focus")
            const id = list.currentItem.model.id
            keyClick(Qt.Key_Return)
            const stack = child("inboxStack")
            tryCompare(stack, "depth", 2)
            tryCompare(stack, "busy", false)
            compare(stack.currentItem.itemId, id)
            keyClick(Qt.Key_Escape)
            tryCompare(stack, "depth", 1)
            tryCompare(stack, "busy", false)
        }

        function test_detailPageShowsBodyDataAndActions() {
            mouseClick(itemRow("ntf_new"))
            const stack = child("inboxStack")
            tryCompare(stack, "depth", 2)
            tryCompare(stack, "busy", false) // the page has slid in
            const detail = stack.currentItem
            tryCompare(detail, "itemId", "ntf_new")
            compare(findChild(detail, "detailTitle").text, "Leave request ntf_new")
            compare(findChild(detail, "detailBody").text, "Three days in March.")
            // Opening marks it read.
            tryCompare(Inbox, "unreadCount", 2)
            // Signed out: the history cannot be fetched, and the page says so in words.
            tryVerify(() => findChild(detail, "historyError").visible, 10000)
            const approve = findChild(detail, "detailAction_approve")
            verify(approve !== null && approve.visible)
            mouseClick(approve)
            tryCompare(Inbox, "pendingDecisions", 1)
            tryCompare(findChild(detail, "detailState"), "text", "Sending…")
            mouseClick(findChild(detail, "detailBack"))
            tryCompare(stack, "depth", 1)
            tryCompare(stack, "busy", false)
        }
    }
}
