import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on the Services pages (tst_qml_hostile_selfservice): the catalogue's
// titles, categories, descriptions and sub-systems' names, a service's title over its form, My
// requests' service titles and the sub-systems' messages, and a refusal's words, each with every
// hostile string (cut to what the client's checks let in: 2,000 characters). Each test fails on a
// crash, a warning, a network request from QML, or a Text showing such a string other than as
// plain text (HostileProbe.textProblems). The cards' own text meets them in hostile_cards.qml.
HostileRoot {
    id: root

    function form(i) {
        return { type: "AdaptiveCard", version: "1.5",
                 body: [{ type: "Input.Text", id: "summary", label: "Summary " + i, isRequired: true }],
                 actions: [{ type: "Action.Submit", id: "send", title: "Send" }] }
    }

    function service(i) {
        const v = root.variant(i).slice(0, 2000)
        return { id: "svc_" + i, title: v, category: v, icon: null, description: v, order: i,
                 form: form(i), version: 1, updatedAt: "2026-12-06T09:00:00Z", source: { name: v } }
    }

    function submission(i) {
        const v = root.variant(i).slice(0, 2000)
        const statuses = ["submitted", "received", "in_progress", "done", "rejected"]
        return { id: "sub_" + i, serviceId: "svc_" + i, serviceTitle: v, inputs: { summary: v },
                 status: statuses[i % statuses.length], message: v, resultCard: null,
                 submittedAt: "2026-12-06T09:00:00Z", updatedAt: "2026-12-06T09:00:00Z" }
    }

    readonly property Component servicesPageComponent: Component { ServicesPage { anchors.fill: parent } }
    readonly property Component requestsPageComponent: Component { RequestsPage { anchors.fill: parent } }

    HostileCase {
        name: "HostileSelfService"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            SelfServiceFixture.setOffline(false)
            verify(SelfServiceFixture.seed([], []))
        }

        function seedAll() {
            const services = []
            for (let i = 0; i < root.variants.length; ++i)
                services.push(root.service(i))
            const requests = []
            for (let i = 0; i < root.variants.length; ++i)
                requests.push(root.submission(i))
            verify(SelfServiceFixture.seed(services, requests))
        }

        function test_servicesPage() {
            seedAll()
            SelfServiceFixture.setOffline(true)
            const page = createTemporaryObject(root.servicesPageComponent, root)
            verify(page !== null)
            const list = findChild(page, "servicesList")
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("a service with hostile string " + i)
            }
            shoot("services")
        }

        // A service's form with its title over it, and the server's words when it refuses.
        function test_serviceFormPage() {
            seedAll()
            const page = createTemporaryObject(root.servicesPageComponent, root)
            verify(page !== null)
            for (let i = 0; i < root.variants.length; ++i) {
                verify(page.openService("svc_" + i))
                const form = findChild(page, "serviceFormPage")
                verify(form !== null)
                tryVerify(() => findChild(form, "cardAction-send") !== null)
                form.notice = "refused"
                form.message = root.variant(i)
                check("a service's form with hostile string " + i)
            }
            shoot("service-form")
        }

        function test_requestsPage() {
            seedAll()
            const page = createTemporaryObject(root.requestsPageComponent, root)
            verify(page !== null)
            const list = findChild(page, "requestsList")
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("a request with hostile string " + i)
            }
            shoot("requests")
        }
    }
}
