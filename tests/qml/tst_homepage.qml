import QtQuick
import QtTest
import Tessera
import TesseraTest

// Home: the cards of the real Home store (HomeFixture fills it as GET /v1/cards would) in the
// server's order, each drawn by CardView; the sub-system's name as plain text; the empty state.
// A card's Action.Submit with {"tessera": {"service": …}} opens that service's form (when the
// person's catalogue has it) or says it is not available.
Item {
    id: root

    width: 390
    height: 844

    function card(id, order, text, source) {
        const body = { type: "AdaptiveCard", version: "1.5",
                       body: [{ type: "TextBlock", text: text, wrap: true }] }
        return { id: id, order: order, version: 1, expiresAt: null,
                 updatedAt: "2026-12-06T09:00:00Z", source: { name: source }, card: body }
    }

    // A balance card whose action opens the leave service's form (docs/CARDS.md).
    function applyCard(serviceId) {
        const body = { type: "AdaptiveCard", version: "1.5",
                       body: [{ type: "TextBlock", text: "Annual leave: 12 days", wrap: true }],
                       actions: [{ type: "Action.Submit", id: "apply", title: "Apply for leave",
                                   data: { tessera: { service: serviceId } } }] }
        return { id: "crd_balance", order: 1, version: 1, expiresAt: null,
                 updatedAt: "2026-12-06T09:00:00Z", source: { name: "HR" }, card: body }
    }

    function leaveService() {
        const form = { type: "AdaptiveCard", version: "1.5",
                       body: [{ type: "Input.Text", id: "reason", label: "Reason", isRequired: true }],
                       actions: [{ type: "Action.Submit", id: "send", title: "Send" }] }
        return { id: "svc_leave", title: "Apply for leave", category: "HR", icon: null,
                 description: null, order: 1, form: form, version: 1,
                 updatedAt: "2026-12-06T09:00:00Z", source: { name: "HR" } }
    }

    Component {
        id: pageComponent

        HomePage {
            anchors.fill: parent
        }
    }

    Component {
        id: servicesComponent

        ServicesPage {
            anchors.fill: parent
        }
    }

    SignalSpy {
        id: navigate

        signalName: "navigateRequested"
    }

    TestCase {
        name: "HomePage"
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
            verify(HomeFixture.seed([]))
            const page = make()
            compare(Home.count, 0)
            verify(child(page, "homeEmptyState").visible)
            compare(child(page, "emptyStateTitle").text, "Nothing here yet")
            verify(!child(page, "homeList").visible)
        }

        function test_cardsInTheServersOrder() {
            verify(HomeFixture.seed([
                card("crd_b", 20, "Office Wi-Fi: Tessera-Guest", "Facilities"),
                card("crd_a", 10, "Annual leave: **12** days", "HR"),
            ]))
            const page = make()
            compare(Home.count, 2)
            const list = child(page, "homeList")
            verify(list.visible)
            verify(!child(page, "homeEmptyState").visible)
            tryCompare(list, "count", 2)
            // order 10 before order 20
            list.currentIndex = 0
            compare(list.currentItem.cardId, "crd_a")
            list.currentIndex = 1
            compare(list.currentItem.cardId, "crd_b")
            tryVerify(() => findChild(page, "homeCard_crd_a") !== null, 5000, "the first card's delegate")
            const first = child(page, "homeCard_crd_a")
            compare(child(first, "homeCardSource").text, "HR")
            verify(child(first, "homeCardView").implicitHeight > 0)
            compare(first.Accessible.name, "Annual leave: 12 days")
        }

        function test_sourceIsPlainText() {
            verify(HomeFixture.seed([card("crd_x", 0, "Hello", "<b>HR</b> & co")]))
            const page = make()
            const source = child(child(page, "homeCard_crd_x"), "homeCardSource")
            compare(source.textFormat, Text.PlainText)
            compare(source.text, "<b>HR</b> & co")
        }

        // Images come from the encrypted media cache, and only the server's own media: the
        // fixture's server is 127.0.0.1 (its image provider fetches through the session).
        function test_imagesComeFromTheMediaCache() {
            const body = { type: "AdaptiveCard", version: "1.5", body: [
                { type: "Image", id: "own", url: "https://127.0.0.1/v1/media/med_abcdef0123456789" },
                { type: "Image", id: "other", url: "https://tracker.example/pixel.png" }] }
            verify(HomeFixture.seed([{ id: "crd_img", order: 0, version: 1, expiresAt: null,
                                       updatedAt: "2026-12-06T09:00:00Z", source: { name: "HR" },
                                       card: body }]))
            const page = make()
            tryVerify(() => findChild(page, "homeCard_crd_img") !== null, 5000, "the card's delegate")
            const card = child(page, "homeCard_crd_img")
            tryVerify(() => child(card, "card-Image:own").view !== null)
            verify(child(card, "card-Image:own").view.source.startsWith("image://tessera-media/"),
                   child(card, "card-Image:own").view.source)
            compare(child(card, "card-Image:other").view.source, "")
        }

        function clickApply(page) {
            tryVerify(() => findChild(page, "cardAction-apply") !== null, 5000, "the card's action")
            const button = child(page, "cardAction-apply")
            waitForRendering(button)
            mouseClick(button)
        }

        function test_serviceActionOpensTheServicesForm() {
            verify(HomeFixture.seed([root.applyCard("svc_leave")]))
            verify(SelfServiceFixture.seed([root.leaveService()]))
            const page = make()
            navigate.clear()
            navigate.target = page
            clickApply(page)
            compare(navigate.count, 1)
            compare(navigate.signalArguments[0][0], "services")
            // What the shell does with it: the Services page opens the service's form.
            const services = createTemporaryObject(servicesComponent, root)
            navigate.signalArguments[0][1](services)
            tryVerify(() => findChild(services, "serviceFormPage") !== null, 5000, "the form page")
            compare(child(services, "serviceFormPage").serviceId, "svc_leave")
        }

        function test_serviceNotInTheCatalogueIsNotAvailable() {
            verify(HomeFixture.seed([root.applyCard("svc_elsewhere")]))
            verify(SelfServiceFixture.seed([root.leaveService()]))
            const page = make()
            navigate.clear()
            navigate.target = page
            clickApply(page)
            compare(navigate.count, 0)
            const toast = child(page, "homeToast")
            tryVerify(() => toast.opened)
            compare(toast.text, "This service is not available to you")
        }
    }
}
