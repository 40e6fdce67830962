import QtQuick
import QtTest
import Tessera
import TesseraTest

// Services: the catalogue of the real self-service store (SelfServiceFixture fills it as
// GET /v1/services would) by category, with My requests' count and the banners (offline, what
// waits to be sent); a service's form drawn by CardView whose submit checks the inputs (each
// error beside its field, nothing queued), queues through the real outbox (offline: "Saved"),
// shows a progress indicator while sending and the server's refusal beside the field; My requests
// with the waiting submission on top; a service this person has not got.
Item {
    id: root

    width: 390
    height: 844

    function form() {
        return { type: "AdaptiveCard", version: "1.5", body: [
                    { type: "Input.Text", id: "summary", label: "Summary", isRequired: true,
                      errorMessage: "Say what you need" },
                    { type: "Input.Number", id: "days", label: "Days", min: 1, max: 10 }],
                 actions: [{ type: "Action.Submit", id: "send", title: "Send" }] }
    }

    function service(id, title, category, order, description, source) {
        return { id: id, title: title, category: category, icon: null, description: description,
                 order: order, form: form(), version: 1, updatedAt: "2026-12-06T09:00:00Z",
                 source: { name: source } }
    }

    function catalogue() {
        return [service("svc_incident", "Report an incident", "IT", 1, "Something broken?", "IT service desk"),
                service("svc_leave", "Apply for leave", "HR", 1, "Annual, sick or unpaid leave", "HR"),
                service("svc_wifi", "Office Wi-Fi", "Facilities", 1, "", "Facilities")]
    }

    function submission(id, status, minute) {
        return { id: id, serviceId: "svc_leave", serviceTitle: "Apply for leave",
                 inputs: { summary: "Trip" }, status: status, message: null, resultCard: null,
                 submittedAt: "2026-12-06T09:0" + minute + ":00Z",
                 updatedAt: "2026-12-06T09:0" + minute + ":00Z" }
    }

    Component {
        id: pageComponent

        ServicesPage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "ServicesPage"
        when: windowShown

        function init() {
            SelfServiceFixture.setOffline(false)
        }

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

        function errorBeside(page, type, id) {
            const slot = child(page, "card-" + type + ":" + id)
            const error = child(slot, "inputError")
            return error.visible ? error.text : ""
        }

        function openForm(page, serviceId) {
            verify(page.openService(serviceId))
            tryCompare(child(page, "servicesStack"), "busy", false)
            tryVerify(() => findChild(page, "serviceFormPage") !== null, 5000, "the form page")
            const form = child(page, "serviceFormPage")
            tryVerify(() => findChild(form, "cardAction-send") !== null, 5000, "the form's submit")
            waitForRendering(form)
            return form
        }

        function typeSummary(form, text) {
            const field = findChild(child(form, "card-Input.Text:summary"), "cardTextField")
            verify(field !== null)
            mouseClick(field)
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function test_emptyState() {
            verify(SelfServiceFixture.seed([]))
            const page = make()
            compare(Services.catalogue.count, 0)
            verify(child(page, "servicesEmptyState").visible)
            compare(child(child(page, "servicesEmptyState"), "emptyStateTitle").text, "No services yet")
            verify(!child(page, "servicesWaitingBanner").visible)
        }

        function test_catalogueByCategory() {
            verify(SelfServiceFixture.seed(root.catalogue(),
                                           [root.submission("sub_1", "received", 1), root.submission("sub_2", "done", 2)]))
            const page = make()
            const list = child(page, "servicesList")
            tryCompare(list, "count", 3)
            verify(!child(page, "servicesEmptyState").visible)
            // The store's order: by category (Facilities, HR, IT).
            const ids = []
            for (let i = 0; i < list.count; ++i) {
                list.currentIndex = i
                ids.push(list.currentItem.serviceId)
            }
            compare(ids, ["svc_wifi", "svc_leave", "svc_incident"])
            tryVerify(() => findChild(page, "service_svc_leave") !== null)
            const leave = child(page, "service_svc_leave")
            compare(child(leave, "serviceTitle").text, "Apply for leave")
            compare(child(leave, "serviceDescription").text, "Annual, sick or unpaid leave")
            compare(child(leave, "serviceSource").text, "HR")
            compare(leave.Accessible.name, "Apply for leave")
            verify(!child(child(page, "service_svc_wifi"), "serviceDescription").visible)
            compare(child(page, "myRequestsCount").text, "2")
            compare(child(page, "myRequestsEntry").Accessible.name, "My requests, 2")
            verify(!child(page, "servicesOfflineBanner").visible)
        }

        function test_formErrorsBesideTheFieldsAndNothingQueued() {
            verify(SelfServiceFixture.seed(root.catalogue()))
            const page = make()
            const form = openForm(page, "svc_leave")
            compare(child(form, "serviceFormTitle").text, "Apply for leave")
            mouseClick(child(form, "cardAction-send"))
            compare(errorBeside(form, "Input.Text", "summary"), "Say what you need")
            compare(Services.pendingCount, 0)
            compare(Requests.waitingCount, 0)
            verify(!child(form, "serviceFormStatus").visible)
        }

        function test_offlineSubmissionWaitsAndIsShown() {
            verify(SelfServiceFixture.seed(root.catalogue(), [root.submission("sub_1", "in_progress", 1)]))
            SelfServiceFixture.setOffline(true)
            const page = make()
            verify(child(page, "servicesOfflineBanner").visible)
            const form = openForm(page, "svc_leave")
            verify(child(form, "serviceFormOfflineBanner").visible)
            typeSummary(form, "Trip")
            mouseClick(child(form, "cardAction-send"))
            compare(errorBeside(form, "Input.Text", "summary"), "")
            compare(Services.pendingCount, 1)
            const status = child(form, "serviceFormStatus")
            verify(status.visible)
            compare(child(status, "bannerText").text, "Saved — it will be sent when you are back online")
            verify(!child(form, "serviceFormSending").visible)
            // Not sent twice by accident: the form rests until it is opened again.
            verify(!child(form, "serviceFormCard").enabled)
            mouseClick(child(form, "cardAction-send"))
            compare(Services.pendingCount, 1)

            // Back on the catalogue: the banner says what waits.
            mouseClick(child(form, "serviceFormBack"))
            tryVerify(() => findChild(page, "serviceFormPage") === null, 5000, "the form page gone")
            const waiting = child(page, "servicesWaitingBanner")
            tryVerify(() => waiting.visible)
            compare(child(waiting, "bannerText").text, "1 waiting to send")
            compare(child(page, "myRequestsCount").text, "2")

            // My requests: the waiting one on top, in words.
            mouseClick(child(waiting, "bannerAction"))
            tryVerify(() => findChild(page, "requestsPage") !== null, 5000, "My requests")
            const requests = child(page, "requestsPage")
            const list = child(requests, "requestsList")
            tryCompare(list, "count", 2)
            tryCompare(child(page, "servicesStack"), "busy", false)
            list.positionViewAtBeginning()
            tryVerify(() => findChild(requests, "request_waiting0") !== null)
            compare(child(child(requests, "request_waiting0"), "requestStatus").text, "Waiting to send")
            list.positionViewAtIndex(1, ListView.Contain)
            tryVerify(() => findChild(requests, "request_sub_1") !== null)
            compare(child(child(requests, "request_sub_1"), "requestStatus").text, "In progress")
        }

        function test_serverRefusalShowsBesideTheField() {
            verify(SelfServiceFixture.seed(root.catalogue()))
            const page = make()
            const form = openForm(page, "svc_leave")
            typeSummary(form, "Trip")
            mouseClick(child(form, "cardAction-send"))
            compare(Services.pendingCount, 1)
            verify(form.seq > 0)
            // Online and not answered yet: sending.
            verify(child(form, "serviceFormSending").visible)
            verify(SelfServiceFixture.refuse(form.seq, "summary: Not a trip we know",
                                             [{ input: "summary", message: "Not a trip we know" }]))
            tryCompare(child(form, "serviceFormSending"), "visible", false)
            compare(errorBeside(form, "Input.Text", "summary"), "Not a trip we know")
            const status = child(form, "serviceFormStatus")
            verify(status.visible)
            compare(child(status, "bannerText").text, "summary: Not a trip we know")
            compare(Services.pendingCount, 0)
        }

        function test_serviceNotAvailable() {
            verify(SelfServiceFixture.seed(root.catalogue()))
            const page = make()
            verify(!page.openService("svc_elsewhere"))
            const toast = child(page, "servicesToast")
            tryVerify(() => toast.opened)
            compare(toast.text, "This service is not available to you")
            verify(findChild(page, "serviceFormPage") === null)
        }

        function test_categoryAndSourceArePlainText() {
            const hostile = root.service("svc_x", "<b>Bold</b>", "<i>Cat</i>", 1, "<img src=x>", "<u>HR</u>")
            verify(SelfServiceFixture.seed([hostile]))
            const page = make()
            tryVerify(() => findChild(page, "service_svc_x") !== null)
            const item = child(page, "service_svc_x")
            for (const name of ["serviceTitle", "serviceDescription", "serviceSource"])
                compare(child(item, name).textFormat, Text.PlainText)
            compare(child(item, "serviceTitle").text, "<b>Bold</b>")
            compare(child(page, "servicesCategory").text, "<i>Cat</i>")
            compare(child(page, "servicesCategory").textFormat, Text.PlainText)
        }
    }
}
