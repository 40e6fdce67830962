import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on the Events pages (tst_qml_hostile_events): the events' titles,
// descriptions, sites, rooms, sources' names and a refusal's reason, in the list (News | Events),
// on each event's page and in Home's section, each with every hostile string (cut to what the
// client's checks let in: title 200, description 32,768, site and room 100 characters). Each test
// fails on a crash, a warning, a network request from QML, or a Text showing such a string other
// than as plain text (HostileProbe.textProblems).
HostileRoot {
    id: root

    function cut(value, limit) {
        const text = value.slice(0, limit)
        return text.length > 0 ? text : "x"
    }

    function wireEvent(i) {
        const v = root.variant(i)
        return { id: "evt_" + i, title: cut(v, 200), description: cut(v, 32768),
                 start: "2030-07-10T08:00:00Z", end: "2030-07-10T10:00:00Z",
                 timeZone: "Europe/Berlin", place: { site: cut(v, 100), room: cut(v, 100) },
                 onlineUrl: "https://meet.example.com/r/" + i, capacity: null,
                 rsvpClosesAt: "2030-07-10T08:00:00Z", cancelled: i % 3 === 0, version: 1,
                 sequence: 0, myAnswer: i % 2 === 0 ? "going" : null, waitingPlace: null,
                 source: { name: cut(v, 200) } }
    }

    readonly property Component newsPageComponent: Component { NewsPage { anchors.fill: parent } }
    readonly property Component homePageComponent: Component { HomePage { anchors.fill: parent } }

    HostileCase {
        name: "HostileEvents"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            EventsFixture.setOffline(false)
            verify(EventsFixture.seed([]))
        }

        function seedAll() {
            const events = []
            for (let i = 0; i < root.variants.length; ++i)
                events.push(root.wireEvent(i))
            verify(EventsFixture.seed(events))
        }

        function test_eventsList() {
            seedAll()
            EventsFixture.setOffline(true)
            const page = createTemporaryObject(root.newsPageComponent, root)
            verify(page !== null)
            page.showEvents()
            tryVerify(() => findChild(page, "eventsListView") !== null)
            const list = findChild(page, "eventsListView")
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("an event with hostile string " + i)
            }
            shoot("events")
        }

        function test_eventPage() {
            seedAll()
            EventsFixture.useCalendar(true)
            const page = createTemporaryObject(root.newsPageComponent, root)
            verify(page !== null)
            for (let i = 0; i < root.variants.length; ++i) {
                if (i % 3 !== 0) {
                    // A refusal whose reason is the hostile string.
                    verify(Events.rsvp("evt_" + i, "maybe") === "")
                    verify(EventsFixture.serverAnswers("evt_" + i, 409,
                        { error: { code: "rsvp_closed", message: root.cut(root.variant(i), 2000) } }))
                }
                verify(page.openEvent("evt_" + i))
                const stack = findChild(page, "newsStack")
                tryVerify(() => !stack.busy && stack.currentItem.objectName === "eventPage")
                check("an event's page with hostile string " + i)
            }
            shoot("event")
        }

        function test_homeEvents() {
            seedAll()
            const home = createTemporaryObject(root.homePageComponent, root)
            verify(home !== null)
            tryVerify(() => findChild(home, "homeEvents").visible)
            check("Home's events with hostile strings")
        }
    }
}
