import QtQuick
import QtTest
import Tessera
import TesseraTest

// My requests: the submissions of the real store (SelfServiceFixture fills it as
// GET /v1/submissions would), newest first, each with its status in words, the sub-system's
// message as plain text and its result card drawn by CardView; the empty state.
Item {
    id: root

    width: 390
    height: 844

    function submission(id, status, minute, message, resultCard) {
        return { id: id, serviceId: "svc_incident", serviceTitle: "Report an incident",
                 inputs: { summary: "Printer" }, status: status, message: message,
                 resultCard: resultCard, submittedAt: "2026-12-06T09:0" + minute + ":00Z",
                 updatedAt: "2026-12-06T09:0" + minute + ":00Z" }
    }

    readonly property var ticketCard: ({ type: "AdaptiveCard", version: "1.5",
                                         body: [{ type: "TextBlock", text: "Ticket INC-42", wrap: true }] })

    Component {
        id: pageComponent

        RequestsPage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "RequestsPage"
        when: windowShown

        function make() {
            const page = createTemporaryObject(pageComponent, root)
            verify(page !== null)
            return page
        }

        function child(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function test_emptyState() {
            verify(SelfServiceFixture.seed([], []))
            const page = make()
            verify(child(page, "requestsEmptyState").visible)
            compare(child(child(page, "requestsEmptyState"), "emptyStateTitle").text, "No requests yet")
            verify(!child(page, "requestsList").visible)
        }

        // The row's delegate, brought into view.
        function row(page, list, submissionId, index) {
            list.positionViewAtIndex(index, ListView.Contain)
            tryVerify(() => findChild(page, "request_" + submissionId) !== null, 5000, submissionId)
            return child(page, "request_" + submissionId)
        }

        function test_statusesMessagesAndResultCards() {
            verify(SelfServiceFixture.seed([], [
                root.submission("sub_old", "done", 1, "Fixed: new toner", root.ticketCard),
                root.submission("sub_new", "in_progress", 5, null, null),
                root.submission("sub_mid", "rejected", 3, "<b>Not ours</b> & <img src=x>", null)]))
            const page = make()
            const list = child(page, "requestsList")
            tryCompare(list, "count", 3)
            const order = []
            for (let i = 0; i < list.count; ++i) {
                list.currentIndex = i
                order.push(list.currentItem.submissionId)
            }
            compare(order, ["sub_new", "sub_mid", "sub_old"])
            const done = row(page, list, "sub_old", 2)
            compare(child(done, "requestStatus").text, "Done")
            compare(child(done, "requestMessage").text, "Fixed: new toner")
            const result = child(done, "requestResultCard")
            verify(result.implicitHeight > 0)
            tryVerify(() => HostileProbe.shownTexts(result).indexOf("Ticket INC-42") >= 0, 5000,
                      "the result card's text")
            compare(done.Accessible.name, "\u2068Report an incident\u2069: Done")

            const rejected = row(page, list, "sub_mid", 1)
            compare(child(rejected, "requestStatus").text, "Rejected")
            const message = child(rejected, "requestMessage")
            compare(message.textFormat, Text.PlainText)
            compare(message.text, "<b>Not ours</b> & <img src=x>")
            verify(!child(rejected, "requestResultLoader").active)

            const open = row(page, list, "sub_new", 0)
            compare(child(open, "requestStatus").text, "In progress")
            verify(!child(open, "requestMessage").visible)
        }
    }
}
