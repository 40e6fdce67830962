import QtQuick
import QtTest
import Tessera
import TesseraTest

// News: the posts of the real News store (NewsFixture fills it as GET /v1/news would), pinned
// first with a pin mark, then newest first; unread dots and the unread count; opening a post
// shows its page (title, summary, the body's markdown through the card engine, the card) and
// marks it read in the store (queued for the server); "Mark all read"; the offline banner; the
// empty state; outside text shown as plain text.
Item {
    id: root

    width: 390
    height: 844

    function post(id, publishedAt, pinned, read, extra) {
        const wire = { id: id, title: "Title " + id, summary: "Summary " + id,
                       body: "**Bold** body with a [link](https://example.com/more)",
                       card: null, image: null, category: "Company", pinned: pinned,
                       publishedAt: publishedAt, expiresAt: null, version: 1, read: read,
                       source: { name: "Communications" } }
        return Object.assign(wire, extra || {})
    }

    Component {
        id: pageComponent

        NewsPage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "NewsPage"
        when: windowShown

        function init() {
            NewsFixture.setOffline(false)
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

        function seedFeed() {
            verify(NewsFixture.seed([
                post("news_old", "2026-11-20T09:00:00Z", false, false),
                post("news_new", "2026-12-05T09:00:00Z", false, false),
                post("news_pin", "2026-11-01T09:00:00Z", true, false),
                post("news_read", "2026-12-01T09:00:00Z", false, true),
            ]))
        }

        function test_emptyState() {
            verify(NewsFixture.seed([]))
            const page = make()
            compare(News.count, 0)
            verify(child(page, "newsEmptyState").visible)
            compare(child(page, "emptyStateTitle").text, "No news yet")
            verify(!child(page, "newsList").visible)
            verify(!child(page, "newsMarkAllRead").visible)
        }

        function test_pinnedFirstThenNewest() {
            seedFeed()
            const page = make()
            compare(News.count, 4)
            const list = child(page, "newsList")
            verify(list.visible)
            tryCompare(list, "count", 4)
            const expected = ["news_pin", "news_new", "news_read", "news_old"]
            for (let i = 0; i < expected.length; ++i) {
                list.currentIndex = i
                compare(list.currentItem.postId, expected[i])
            }
            tryVerify(() => findChild(page, "newsPost_news_pin") !== null, 5000, "the pinned row")
            const pinned = child(page, "newsPost_news_pin")
            verify(child(pinned, "newsPinMark").visible)
            compare(child(pinned, "newsTitle").text, "Title news_pin")
            compare(child(pinned, "newsSummary").text, "Summary news_pin")
            compare(child(pinned, "newsCategory").text, "Company")
            verify(child(pinned, "newsTime").text.length > 0)
            verify(pinned.Accessible.name.indexOf("pinned") >= 0)
            verify(pinned.Accessible.name.indexOf("unread") >= 0)
            tryVerify(() => findChild(page, "newsPost_news_new") !== null, 5000, "row news_new; list height " + list.height + " content " + list.contentHeight)
            const other = child(page, "newsPost_news_new")
            verify(!child(other, "newsPinMark").visible)
        }

        function test_unreadDotsAndCount() {
            seedFeed()
            const page = make()
            compare(News.unreadCount, 3)
            compare(child(page, "newsUnreadSummary").text, "3 unread")
            tryVerify(() => findChild(page, "newsPost_news_read") !== null)
            const read = child(page, "newsPost_news_read")
            const unread = child(page, "newsPost_news_new")
            compare(child(read, "newsUnreadDot").color, Qt.rgba(0, 0, 0, 0))
            verify(child(unread, "newsUnreadDot").color !== Qt.rgba(0, 0, 0, 0))
            verify(read.Accessible.name.indexOf("unread") < 0)
        }

        function test_openingAPostShowsItAndMarksItRead() {
            seedFeed()
            const page = make()
            compare(NewsFixture.pendingReads(), 0)
            tryVerify(() => findChild(page, "newsPost_news_new") !== null)
            mouseClick(child(page, "newsPost_news_new"))
            const stack = child(page, "newsStack")
            tryCompare(stack, "depth", 2)
            tryCompare(stack, "busy", false)
            const postPage = stack.currentItem
            compare(postPage.objectName, "newsPostPage")
            compare(child(postPage, "newsPostTitle").text, "Title news_new")
            compare(child(postPage, "newsPostSummary").text, "Summary news_new")
            compare(child(postPage, "newsPostCategory").text, "Company")
            // The body through the card engine's markdown runs: the link is a link of the card,
            // never markup in the text.
            const body = child(postPage, "newsPostBody")
            verify(body.visible)
            compare(body.document.links, ["https://example.com/more"])
            verify(!child(postPage, "newsPostPlainBody").visible)
            verify(!child(postPage, "newsPostCard").visible)
            // Read at once in the store, and queued for the server.
            verify(NewsFixture.isRead("news_new"))
            compare(NewsFixture.pendingReads(), 1)
            compare(News.unreadCount, 2)
            // Back to the feed (keyboard: the back button by Space).
            const back = child(postPage, "newsPostBack")
            back.forceActiveFocus()
            keyClick(Qt.Key_Space)
            tryCompare(stack, "depth", 1)
        }

        function test_postWithCardAndTaglikeBody() {
            const card = { type: "AdaptiveCard", version: "1.5",
                           body: [{ type: "TextBlock", text: "On the card", wrap: true }] }
            verify(NewsFixture.seed([post("news_card", "2026-12-05T09:00:00Z", false, false,
                                          { card: card, body: "<b>not bold</b>" })]))
            const page = make()
            verify(page.openPost("news_card"))
            const stack = child(page, "newsStack")
            tryCompare(stack, "busy", false)
            const postPage = stack.currentItem
            verify(child(postPage, "newsPostCard").visible)
            const plain = child(postPage, "newsPostPlainBody")
            verify(plain.visible)
            compare(plain.textFormat, Text.PlainText)
            compare(plain.text, "<b>not bold</b>")
            verify(!child(postPage, "newsPostBody").visible)
            verify(!page.openPost("news_unknown"))
        }

        // The hero image comes from the encrypted media cache, and only the server's own media:
        // the fixture's server is 127.0.0.1.
        function test_heroImageFromTheMediaCache() {
            verify(NewsFixture.seed([
                post("news_own", "2026-12-05T09:00:00Z", false, false,
                     { image: "https://127.0.0.1/v1/media/med_abcdef0123456789" }),
                post("news_other", "2026-12-04T09:00:00Z", false, false,
                     { image: "https://tracker.example/v1/media/pixel" })]))
            const page = make()
            const stack = child(page, "newsStack")
            verify(page.openPost("news_own"))
            tryCompare(stack, "busy", false)
            const own = child(stack.currentItem, "newsPostImage")
            verify(own.source.toString().startsWith("image://tessera-media/"), own.source)
            verify(page.openPost("news_other"))
            tryCompare(stack, "busy", false)
            const other = child(stack.currentItem, "newsPostImage")
            compare(other.source.toString(), "")
            verify(!other.visible)
        }

        function test_markAllRead() {
            seedFeed()
            const page = make()
            const button = child(page, "newsMarkAllRead")
            verify(button.enabled)
            mouseClick(button)
            compare(News.unreadCount, 0)
            compare(NewsFixture.pendingReads(), 3)
            verify(NewsFixture.isRead("news_old") && NewsFixture.isRead("news_pin"))
            compare(child(page, "newsUnreadSummary").text, "All read")
            verify(!button.enabled)
        }

        function test_offlineBanner() {
            seedFeed()
            const page = make()
            const banner = child(page, "newsOfflineBanner")
            verify(!banner.visible)
            NewsFixture.setOffline(true)
            compare(News.offline, true)
            verify(banner.visible)
            // The cache is still shown.
            verify(child(page, "newsList").visible)
            NewsFixture.setOffline(false)
            verify(!banner.visible)
        }

        function test_outsideTextIsPlain() {
            verify(NewsFixture.seed([post("news_html", "2026-12-05T09:00:00Z", false, false,
                                          { title: "<b>Big</b> & <i>bold</i>",
                                            summary: "<img src=x>", category: "<u>HR</u>" })]))
            const page = make()
            tryVerify(() => findChild(page, "newsPost_news_html") !== null)
            const row = child(page, "newsPost_news_html")
            for (const name of ["newsTitle", "newsSummary", "newsCategory"])
                compare(child(row, name).textFormat, Text.PlainText)
            compare(child(row, "newsTitle").text, "<b>Big</b> & <i>bold</i>")
            compare(child(row, "newsSummary").text, "<img src=x>")
        }
    }
}
