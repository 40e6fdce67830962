import QtQuick
import QtTest
import Tessera
import TesseraTest

// Home: the cards of the real Home store (HomeFixture fills it as GET /v1/cards would) in the
// server's order, each drawn by CardView; the sub-system's name as plain text; the empty state.
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

    Component {
        id: pageComponent

        HomePage {
            anchors.fill: parent
        }
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
    }
}
