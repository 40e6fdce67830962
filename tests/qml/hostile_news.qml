import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on the News pages (tst_qml_hostile_news): the posts' titles, summaries,
// categories, bodies and sources' names, in the feed and on each post's page, each with every
// hostile string (cut to what the client's checks let in: title 200, summary 500, category 64,
// body 32,768 characters). Each test fails on a crash, a warning, a network request from QML, or a
// Text showing such a string other than as plain text (HostileProbe.textProblems).
HostileRoot {
    id: root

    function cut(value, limit) {
        const text = value.slice(0, limit)
        return text.length > 0 ? text : "x"
    }

    function post(i) {
        const v = root.variant(i)
        return { id: "news_" + i, title: cut(v, 200), summary: cut(v, 500), body: cut(v, 32768),
                 card: null, image: null, category: cut(v, 64), pinned: i % 2 === 0,
                 publishedAt: "2026-12-06T09:00:00Z", expiresAt: null, version: 1, read: false,
                 source: { name: cut(v, 200) } }
    }

    readonly property Component newsPageComponent: Component { NewsPage { anchors.fill: parent } }

    HostileCase {
        name: "HostileNews"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            NewsFixture.setOffline(false)
            verify(NewsFixture.seed([]))
        }

        function seedAll() {
            const posts = []
            for (let i = 0; i < root.variants.length; ++i)
                posts.push(root.post(i))
            verify(NewsFixture.seed(posts))
        }

        function test_newsFeed() {
            seedAll()
            NewsFixture.setOffline(true)
            const page = createTemporaryObject(root.newsPageComponent, root)
            verify(page !== null)
            const list = findChild(page, "newsList")
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("a post with hostile string " + i)
            }
            shoot("news")
        }

        function test_newsPostPage() {
            seedAll()
            const page = createTemporaryObject(root.newsPageComponent, root)
            verify(page !== null)
            for (let i = 0; i < root.variants.length; ++i) {
                verify(page.openPost("news_" + i))
                const stack = findChild(page, "newsStack")
                tryVerify(() => !stack.busy && stack.currentItem.objectName === "newsPostPage")
                check("a post's page with hostile string " + i)
            }
            shoot("news-post")
        }
    }
}
