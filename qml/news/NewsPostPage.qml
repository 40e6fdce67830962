import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One news post: its hero image (from the encrypted media cache through MediaImages, never the
// network), category and time, title, summary, the body (the Adaptive Cards markdown subset drawn
// as the card engine's runs: bold, italic, links that ask before opening; plain text when the
// card engine does not take it) and the post's card, read-only. Opening it marks it read (at once
// here; the server hears of it when it can be reached). Every text of the post is outside text.
Page {
    id: page

    // The post shown (NewsPage.openPost sets it).
    property string postId: ""
    // The post as News.post() gives it; read again whenever the feed changes (News.revision: a
    // sync, a read mark).
    readonly property var post: News.revision >= 0 ? News.post(postId) : ({})
    readonly property bool found: post.postId !== undefined
    // The hero image from the encrypted media cache ("" for none, or not the server's own).
    readonly property string heroSource: found && post.image.length > 0 ? MediaImages.source(post.image) : ""

    signal backRequested

    // The date and the time of day (no seconds).
    function timeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const clock = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat) + " " + date.toLocaleTimeString(Qt.locale(), clock)
    }

    // After CardView's question: only an https link the card's document holds.
    function openLink(document, link) {
        const url = document.links[link]
        if (typeof url === "string" && url.startsWith("https:"))
            Qt.openUrlExternally(url)
    }

    objectName: "newsPostPage"
    title: found ? Outside.text(post.title) : qsTr("News")
    padding: 0

    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    Component.onCompleted: {
        if (postId.length > 0)
            News.markRead(postId)
    }

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "newsPostBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to the news")
                onClicked: page.backRequested()
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("News")
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    EmptyState {
        objectName: "newsPostGone"
        anchors.fill: parent
        visible: !page.found
        icon: "news"
        title: qsTr("This post is no longer available")
        text: qsTr("It was withdrawn or has expired.")
    }

    ScrollView {
        id: scroll

        objectName: "newsPostScroll"
        anchors.fill: parent
        visible: page.found
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: Math.min(scroll.availableWidth, 800)
            x: (scroll.availableWidth - width) / 2
            spacing: Theme.spacingM

            Image {
                id: hero

                objectName: "newsPostImage"
                Layout.fillWidth: true
                Layout.preferredHeight: visible ? Math.min(width * 9 / 16, 360) : 0
                visible: page.heroSource.length > 0 && status !== Image.Error
                source: page.heroSource
                fillMode: Image.PreserveAspectCrop
                asynchronous: true
                clip: true
                Accessible.role: Accessible.Graphic
                Accessible.name: qsTr("Picture of the post")
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.spacingL
                Layout.rightMargin: Theme.spacingL
                Layout.topMargin: hero.visible ? 0 : Theme.spacingL
                Layout.bottomMargin: Theme.spacingXL
                spacing: Theme.spacingM

                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.spacingS

                    Label {
                        visible: page.found && page.post.pinned
                        text: qsTr("Pinned")
                        font.pixelSize: Theme.fontCaption
                        font.weight: Font.DemiBold
                        color: Material.accentColor
                    }

                    OutsideText {
                        objectName: "newsPostCategory"
                        Layout.fillWidth: true
                        text: page.found ? Outside.text(page.post.category) : ""
                        wrapMode: Text.NoWrap
                        font.pixelSize: Theme.fontCaption
                        color: Material.secondaryTextColor
                    }

                    Label {
                        objectName: "newsPostTime"
                        text: page.found ? page.timeText(page.post.publishedAt) : ""
                        font.pixelSize: Theme.fontCaption
                        color: Material.secondaryTextColor
                    }
                }

                OutsideText {
                    objectName: "newsPostTitle"
                    Layout.fillWidth: true
                    text: page.found ? Outside.text(page.post.title) : ""
                    font.pixelSize: Theme.fontHeadline
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }

                OutsideText {
                    objectName: "newsPostSummary"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.found ? Outside.text(page.post.summary) : ""
                    font.pixelSize: Theme.fontSubtitle
                    color: Material.secondaryTextColor
                }

                CardDocument {
                    id: bodyDocument

                    json: page.found ? page.post.bodyCard : ""
                }

                CardView {
                    objectName: "newsPostBody"
                    Layout.fillWidth: true
                    Layout.preferredHeight: implicitHeight
                    visible: page.found && page.post.bodyCard.length > 0
                    document: bodyDocument
                    imageResolver: link => MediaImages.source(bodyDocument.links[link] || "")
                    onOpenUrl: link => page.openLink(bodyDocument, link)
                }

                // A body the card engine does not take (a tag-like text): shown as the text it is.
                OutsideText {
                    objectName: "newsPostPlainBody"
                    Layout.fillWidth: true
                    visible: page.found && page.post.bodyCard.length === 0 && page.post.body.length > 0
                    text: page.found ? Outside.text(page.post.body, Outside.textLimit) : ""
                    maximumLineCount: 2000
                }

                CardDocument {
                    id: cardDocument

                    json: page.found ? page.post.card : ""
                }

                // The post's card, read-only: its submits go nowhere.
                CardView {
                    objectName: "newsPostCard"
                    Layout.fillWidth: true
                    Layout.preferredHeight: implicitHeight
                    visible: page.found && page.post.card.length > 0
                    document: cardDocument
                    imageResolver: link => MediaImages.source(cardDocument.links[link] || "")
                    onOpenUrl: link => page.openLink(cardDocument, link)
                }

                OutsideText {
                    objectName: "newsPostSource"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.found && page.post.source.length > 0
                          ? qsTr("From %1").arg(Outside.inline(page.post.source)) : ""
                    font.pixelSize: Theme.fontCaption
                    color: Material.hintTextColor
                }
            }
        }
    }
}
