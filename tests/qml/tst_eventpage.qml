import QtQuick
import QtTest
import Tessera
import TesseraTest

// Events under News (the News | Events filter) and an event's page, on the real Events store
// (EventsFixture fills it as GET /v1/events would and answers for the server): the list upcoming
// first with answers and the cancelled mark; the page's time in the event's zone, the RSVP
// buttons (an answer shows at once as pending, the server's waiting place is shown, a 409 puts the
// answer back and shows the reason), the cancelled state with the buttons off, "Add to calendar"
// through the calendar seam (a fake here), and Home's section of the events the person is going to.
Item {
    id: root

    width: 390
    height: 844

    // An event on July day (2030) from 08:00 to 10:00 UTC in Berlin (10:00 to 12:00 CEST).
    function wireEvent(id, day, extra) {
        const date = "2030-07-" + (day < 10 ? "0" + day : day)
        const wire = { id: id, title: "Title " + id,
                       description: "**Bring** a laptop, see [the plan](https://example.com/plan)",
                       start: date + "T08:00:00Z", end: date + "T10:00:00Z",
                       timeZone: "Europe/Berlin", place: { site: "Berlin HQ", room: "4.01" },
                       onlineUrl: null, capacity: 2, rsvpClosesAt: date + "T08:00:00Z",
                       cancelled: false, version: 1, sequence: 0, myAnswer: null,
                       waitingPlace: null, source: { name: "People team" } }
        return Object.assign(wire, extra || {})
    }

    Component {
        id: newsComponent

        NewsPage {
            anchors.fill: parent
        }
    }

    Component {
        id: homeComponent

        HomePage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "EventPage"
        when: windowShown

        function init() {
            EventsFixture.setOffline(false)
            EventsFixture.useCalendar(true)
        }

        // With TESSERA_HOSTILE_SCREENSHOTS set (to look at the pages): name-WxH-theme.png at the
        // three sizes; nothing otherwise.
        function shootSizes(name) {
            const sizes = [[360, 640], [800, 1000], [1280, 800]]
            for (const size of sizes) {
                const file = HostileProbe.screenshotFile(name + "-" + size[0] + "x" + size[1])
                if (file.length === 0)
                    return
                root.width = size[0]
                root.height = size[1]
                wait(50)
                waitForRendering(root)
                grabImage(root).save(file)
            }
            root.width = 390
            root.height = 844
        }

        // The RSVP switch's segment for answer (0 going, 1 maybe, 2 no).
        function answerSegment(eventPage, index) {
            return child(child(eventPage, "eventRsvp"), "segment" + index)
        }

        function child(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function openEvents() {
            const page = createTemporaryObject(newsComponent, root)
            verify(page !== null)
            page.showEvents()
            tryVerify(() => findChild(page, "eventsListView") !== null)
            return page
        }

        function openEvent(page, id) {
            verify(page.openEvent(id))
            const stack = child(page, "newsStack")
            tryCompare(stack, "busy", false)
            compare(stack.currentItem.objectName, "eventPage")
            return stack.currentItem
        }

        function test_filterShowsEventsUpcomingFirst() {
            verify(EventsFixture.seed([
                wireEvent("evt_late", 20),
                wireEvent("evt_soon", 3, { myAnswer: "going" }),
                wireEvent("evt_off", 10, { cancelled: true, version: 2, sequence: 1 }),
            ]))
            const page = createTemporaryObject(newsComponent, root)
            const filter = child(page, "newsFilter")
            compare(filter.currentIndex, 0)
            verify(child(page, "newsEmptyState") !== null)
            filter.select(1)
            verify(page.eventsShown)
            const list = child(page, "eventsListView")
            tryCompare(list, "count", 3)
            const expected = ["evt_soon", "evt_off", "evt_late"]
            for (let row = 0; row < expected.length; ++row)
                compare(Events.eventIdAt(row), expected[row])
            const soon = child(list, "event_evt_soon")
            verify(soon.Accessible.name.indexOf("Going") >= 0, soon.Accessible.name)
            verify(soon.Accessible.name.indexOf("(Europe/Berlin)") >= 0)
            tryVerify(() => findChild(list, "event_evt_off") !== null)
            const off = child(list, "event_evt_off")
            verify(child(off, "eventCancelledChip").visible)
            verify(off.Accessible.name.indexOf("cancelled") >= 0)
            shootSizes("events")
            // Back to the news.
            filter.select(0)
            verify(!page.eventsShown)
        }

        function test_rsvpPendingWaitingAndRefused() {
            verify(EventsFixture.seed([wireEvent("evt_full", 12, { myAnswer: "maybe" })]))
            const page = openEvents()
            const eventPage = openEvent(page, "evt_full")
            compare(child(eventPage, "eventTitle").text, "Title evt_full")
            verify(child(eventPage, "eventTime").text.indexOf("10:00 – 12:00 (Europe/Berlin)") >= 0)
            verify(child(eventPage, "eventPlace").text.indexOf("Berlin HQ, 4.01") >= 0)
            verify(child(eventPage, "eventDescription").visible)
            const going = answerSegment(eventPage, 0)
            const maybe = answerSegment(eventPage, 1)
            const no = answerSegment(eventPage, 2)
            verify(maybe.selected)
            verify(maybe.Accessible.checked)
            verify(!going.selected)

            // Going: at once here, pending.
            mouseClick(going)
            tryVerify(() => going.selected)
            verify(!maybe.selected)
            compare(EventsFixture.pendingAnswers(), 1)
            compare(child(eventPage, "eventAnswerLine").text, "Your answer is being sent.")

            // The server: full, waiting at place 2.
            verify(EventsFixture.serverAnswers("evt_full", 200,
                                               { id: "evt_full", answer: "waiting", waitingPlace: 2 }))
            compare(EventsFixture.pendingAnswers(), 0)
            tryVerify(() => child(eventPage, "eventAnswerLine").text.indexOf("place 2") >= 0)
            verify(going.selected)

            // No: refused for good (RSVPs closed): back to waiting, the reason shown.
            mouseClick(no)
            tryVerify(() => no.selected)
            verify(EventsFixture.serverAnswers("evt_full", 409,
                { error: { code: "rsvp_closed", message: "RSVPs for this event closed at 09:00." } }))
            tryVerify(() => going.selected)
            verify(!no.selected)
            const problem = child(eventPage, "eventRsvpProblem")
            verify(problem.visible)
            verify(problem.text.indexOf("RSVPs for this event closed at 09:00.") >= 0)
            verify(child(eventPage, "eventAnswerLine").text.indexOf("place 2") >= 0)
            shootSizes("event")
        }

        function test_keyboardAnswers() {
            verify(EventsFixture.seed([wireEvent("evt_keys", 14)]))
            const page = openEvents()
            const eventPage = openEvent(page, "evt_keys")
            const going = answerSegment(eventPage, 0)
            const maybe = answerSegment(eventPage, 1)
            verify(!going.selected && !maybe.selected)
            going.forceActiveFocus()
            keyClick(Qt.Key_Right)
            tryVerify(() => maybe.selected)
            compare(EventsFixture.pendingAnswers(), 1)
            compare(Events.details("evt_keys").myAnswer, "maybe")
            compare(maybe.Accessible.name, "Maybe")
            keyClick(Qt.Key_Space) // the same answer again: still one waiting
            compare(EventsFixture.pendingAnswers(), 1)
        }

        function test_cancelledEventAndCalendar() {
            verify(EventsFixture.seed([wireEvent("evt_off", 15,
                { cancelled: true, version: 3, sequence: 2, myAnswer: "going" })]))
            const page = openEvents()
            const eventPage = openEvent(page, "evt_off")
            verify(child(eventPage, "eventCancelledBanner").visible)
            verify(!child(eventPage, "eventRsvp").enabled)
            verify(!answerSegment(eventPage, 2).enabled)
            const before = EventsFixture.calendarFiles()
            const add = child(eventPage, "eventAddToCalendar")
            verify(add.visible)
            mouseClick(add)
            compare(EventsFixture.calendarFiles(), before + 1)
            const ics = EventsFixture.lastCalendarFile()
            verify(ics.indexOf("METHOD:CANCEL\r\n") >= 0)
            verify(ics.indexOf("STATUS:CANCELLED\r\n") >= 0)
            verify(ics.indexOf("SEQUENCE:2\r\n") >= 0)
            verify(ics.indexOf("UID:evt_off@tessera.example.com\r\n") >= 0)
            compare(child(eventPage, "eventNotice").visible, false)
            shootSizes("event-cancelled")

            // Without a calendar on this platform, the button is not offered.
            EventsFixture.useCalendar(false)
            verify(!add.visible)
        }

        function test_homeShowsEventsGoingTo() {
            verify(EventsFixture.seed([
                wireEvent("evt_going", 5, { myAnswer: "going" }),
                wireEvent("evt_maybe", 6, { myAnswer: "maybe" }),
                wireEvent("evt_gone", 7, { myAnswer: "going", cancelled: true }),
            ]))
            const home = createTemporaryObject(homeComponent, root)
            verify(home !== null)
            const section = child(home, "homeEvents")
            verify(section.visible)
            compare(HomeEvents.count, 1)
            const row = child(home, "homeEvent_evt_going")
            verify(row.Accessible.name.indexOf("Title evt_going") === 0)
            let asked = ""
            home.navigateRequested.connect((name, start) => asked = name)
            mouseClick(row)
            compare(asked, "news")
            verify(findChild(home, "homeEvent_evt_maybe") === null)
            shootSizes("home-events")
        }

        function test_offlineBannerAndEmpty() {
            verify(EventsFixture.seed([]))
            const page = openEvents()
            verify(child(page, "eventsEmptyState").visible)
            EventsFixture.setOffline(true)
            tryVerify(() => child(page, "eventsOfflineBanner").visible)
        }
    }
}
