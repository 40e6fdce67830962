import QtQuick
import QtQuick.Controls
import QtTest
import Tessera
import TesseraTest

// An inbox item with a card on the real Inbox model, its SQLCipher cache and the real
// decision outbox (the session is signed out: a decision waits, pending): the detail page shows
// the card in place of the body, its submit actions in place of the plain buttons; pressing
// Approve with wrong inputs shows the errors beside the fields and queues nothing; with good
// inputs it queues the decision with exactly those inputs; the server's 422 invalid_inputs shows
// beside the field; a decided item shows the card read-only, filled with the decider's values (also
// when the decision arrives from another device); from the list, an action whose card sends inputs
// opens the form instead of deciding.
Item {
    id: root

    width: 390
    height: 844

    readonly property var overtimeCard: ({
            "type": "AdaptiveCard",
            "version": "1.5",
            "body": [
                { "type": "TextBlock", "text": "Overtime for the release", "wrap": true },
                { "type": "Input.Number", "id": "hours", "label": "Hours", "min": 1, "max": 12,
                  "isRequired": true, "errorMessage": "Give 1 to 12 hours" },
                { "type": "Input.ChoiceSet", "id": "reason", "label": "Reason", "isRequired": true,
                  "style": "expanded", "errorMessage": "Choose a reason",
                  "choices": [{ "title": "Release deadline", "value": "deadline" },
                              { "title": "Incident", "value": "incident" }] }
            ],
            "actions": [
                { "type": "Action.Submit", "id": "approve", "title": "Approve" },
                { "type": "Action.Submit", "id": "reject", "title": "Reject", "associatedInputs": "none" }
            ]
        })

    function wire(id, extra) {
        const item = {
            id: id, subsystem: "demo-hr", title: "Overtime: Ben Okafor", body: "Plain body for banners.",
            category: "overtime", priority: "normal",
            createdAt: new Date(Date.now() - 60000).toISOString().slice(0, 19) + "Z", expiresAt: null,
            actionable: true,
            actions: [{ id: "approve", label: "Approve", requiresComment: false },
                      { id: "reject", label: "Reject", requiresComment: false }],
            data: null, state: "unread",
            decidedBy: null, decidedByName: null, decidedAt: null, decidedVia: null,
            decidedAction: null, version: 1, card: root.overtimeCard
        }
        for (const key in extra)
            item[key] = extra[key]
        return item
    }

    InboxPage {
        id: page

        anchors.fill: parent
    }

    TestCase {
        name: "InboxCard"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function openDetail(id) {
            const stack = child(page, "inboxStack")
            while (stack.depth > 1)
                stack.pop(null, StackView.Immediate)
            page.openItem(id)
            tryCompare(stack, "depth", 2)
            tryCompare(stack, "busy", false)
            const detail = stack.currentItem
            tryCompare(detail, "itemId", id)
            return detail
        }

        function errorBeside(card, type, id) {
            const slot = child(card, "card-" + type + ":" + id)
            const error = child(slot, "inputError")
            return error.visible ? error.text : ""
        }

        // The list's live delegate of an item (rows of an earlier cache may still await their
        // deletion under the same name).
        function itemRow(id) {
            const list = child(page, "inboxList")
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

        function init() {
            HostileProbe.clearWarnings()
            verify(InboxFixture.seed([
                root.wire("ntf_card"),
                root.wire("ntf_done", { state: "approved", version: 2, decidedBy: "E1001",
                                        decidedByName: "Asha Rao",
                                        decidedAt: new Date().toISOString().slice(0, 19) + "Z",
                                        decidedVia: "web", decidedAction: "approve",
                                        decidedInputs: { "hours": "4", "reason": "incident" } }),
                root.wire("ntf_broken", { card: { "type": "NotACard" } })
            ]))
            tryCompare(Inbox, "count", 3)
        }

        function cleanup() {
            wait(20)
            compare(HostileProbe.warnings(), [], "warnings")
        }

        function test_cardReplacesBodyAndButtons() {
            const detail = openDetail("ntf_card")
            const card = child(detail, "detailCard")
            verify(card.visible)
            verify(card.enabled)
            verify(!child(detail, "detailBody").visible)
            verify(!child(detail, "detailActions").visible)
            verify(child(card, "cardAction-approve").visible)
            verify(child(card, "cardAction-reject").visible)
            waitForRendering(card)
        }

        function test_approveChecksTheInputsThenQueuesThem() {
            const detail = openDetail("ntf_card")
            const card = child(detail, "detailCard")
            waitForRendering(card)
            // Nothing filled in: the errors show beside the fields, nothing is queued.
            mouseClick(child(card, "cardAction-approve"))
            tryCompare(detail.cardForm, "errors", { "hours": "Give 1 to 12 hours", "reason": "Choose a reason" })
            compare(errorBeside(card, "Input.Number", "hours"), "Give 1 to 12 hours")
            compare(errorBeside(card, "Input.ChoiceSet", "reason"), "Choose a reason")
            compare(Inbox.pendingDecisions, 0)
            // Out of range: still refused beside the field.
            detail.cardForm.setValue("hours", "40")
            detail.cardForm.setValue("reason", "deadline")
            mouseClick(child(card, "cardAction-approve"))
            tryCompare(detail.cardForm, "errors", { "hours": "Give 1 to 12 hours" })
            compare(Inbox.pendingDecisions, 0)
            // Good inputs: the decision waits in the outbox with exactly them.
            detail.cardForm.setValue("hours", "3")
            mouseClick(child(card, "cardAction-approve"))
            tryCompare(Inbox, "pendingDecisions", 1)
            compare(InboxFixture.pendingInputs("ntf_card"), { "hours": "3", "reason": "deadline" })
            tryCompare(child(detail, "detailState"), "text", "Sending…")
            // On its way: read-only.
            tryCompare(card, "enabled", false)

            // The server refuses the inputs (422 invalid_inputs): the error shows beside the field.
            verify(InboxFixture.refuseInputs("ntf_card", [{ "input": "hours", "message": "Hours must be at most 2 today" }]))
            tryCompare(Inbox, "pendingDecisions", 0)
            tryCompare(card, "enabled", true)
            tryCompare(detail.cardForm, "errors", { "hours": "Hours must be at most 2 today" })
            compare(errorBeside(card, "Input.Number", "hours"), "Hours must be at most 2 today")
            // Fixed and sent again.
            detail.cardForm.setValue("hours", "2")
            compare(detail.cardForm.errors, ({}))
            mouseClick(child(card, "cardAction-approve"))
            tryCompare(Inbox, "pendingDecisions", 1)
            compare(InboxFixture.pendingInputs("ntf_card"), { "hours": "2", "reason": "deadline" })
        }

        function test_rejectSendsNoInputs() {
            const detail = openDetail("ntf_card")
            const card = child(detail, "detailCard")
            waitForRendering(card)
            mouseClick(child(card, "cardAction-reject"))
            tryCompare(Inbox, "pendingDecisions", 1)
            compare(InboxFixture.pendingInputs("ntf_card"), ({}))
        }

        function test_decidedItemShowsTheCardReadOnly() {
            const detail = openDetail("ntf_done")
            const card = child(detail, "detailCard")
            verify(card.visible)
            compare(card.enabled, false)
            verify(!child(detail, "detailActions").visible)
            verify(child(detail, "detailState").text.length > 0)
            // Filled with the values Asha decided with, on the fields themselves.
            waitForRendering(card)
            compare(detail.cardForm.value("hours"), "4")
            compare(detail.cardForm.value("reason"), "incident")
            const hours = child(child(card, "card-Input.Number:hours"), "cardNumberField")
            compare(hours.text, "4")
            const reason = child(card, "card-Input.ChoiceSet:reason")
            verify(child(reason, "choice-incident").checked)
            verify(!child(reason, "choice-deadline").checked)
            // With TESSERA_HOSTILE_SCREENSHOTS=<folder>: inboxcard-decided-THEME.png at 360x640
            // (QT_QUICK_CONTROLS_MATERIAL_THEME=Dark for the dark theme).
            const file = HostileProbe.screenshotFile("inboxcard-decided")
            if (file.length > 0) {
                root.width = 360
                root.height = 640
                waitForRendering(root, 500)
                grabImage(root).save(file)
                root.width = 390
                root.height = 844
            }
        }

        // Decided on another device while the page is open (the delta brings it): the card
        // turns read-only and shows the decider's values, not what was typed here.
        function test_decidedElsewhereShowsTheDecidersValues() {
            const detail = openDetail("ntf_card")
            const card = child(detail, "detailCard")
            waitForRendering(card)
            detail.cardForm.setValue("hours", "9")
            verify(InboxFixture.seed([root.wire("ntf_card", {
                state: "approved", version: 2, decidedBy: "E1007", decidedByName: "R. Singh",
                decidedAt: new Date().toISOString().slice(0, 19) + "Z", decidedVia: "app · Pixel 8",
                decidedAction: "approve", decidedInputs: { "hours": "2", "reason": "deadline" } })]))
            tryCompare(card, "enabled", false)
            tryCompare(detail.cardForm, "errors", ({}))
            tryVerify(() => detail.cardForm.value("hours") === "2")
            compare(child(child(card, "card-Input.Number:hours"), "cardNumberField").text, "2")
            verify(child(child(card, "card-Input.ChoiceSet:reason"), "choice-deadline").checked)
        }

        // From the list, Approve on a card whose approval sends inputs opens the detail page
        // (the form) and queues nothing; Reject (it sends none) is decided from the list.
        function test_quickApproveOpensTheForm() {
            const stack = child(page, "inboxStack")
            while (stack.depth > 1)
                stack.pop(null, StackView.Immediate)
            tryCompare(stack, "busy", false)
            const row = itemRow("ntf_card")
            compare(row.formActions, ["approve"])
            mouseClick(child(row, "approveButton"))
            tryCompare(stack, "depth", 2)
            tryCompare(stack, "busy", false)
            tryCompare(stack.currentItem, "itemId", "ntf_card")
            compare(Inbox.pendingDecisions, 0)
            stack.pop(null, StackView.Immediate)
            tryCompare(stack, "busy", false)
            mouseClick(child(itemRow("ntf_card"), "rejectButton"))
            tryCompare(Inbox, "pendingDecisions", 1)
            compare(InboxFixture.pendingInputs("ntf_card"), ({}))
            compare(stack.depth, 1)
        }

        function test_anInvalidCardFallsBackToTheBody() {
            const detail = openDetail("ntf_broken")
            verify(!child(detail, "detailCard").visible)
            const body = child(detail, "detailBody")
            verify(body.visible)
            compare(body.text, "Plain body for banners.")
            verify(child(detail, "detailActions").visible)
        }
    }
}
