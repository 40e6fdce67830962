import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// News: what the company tells its people, from the News singleton (the encrypted cache: shown
// offline, and a banner says so). Pinned posts first with a pin mark, then newest first; an
// unread dot, the category, the time and the summary of each. Pull (or Refresh, F5) to sync;
// "Mark all read" takes every unread mark off (sent to the server when it can be reached).
// A post opens its page (NewsPostPage), which marks it read. Titles, summaries, categories and
// the sources' names are outside text. The News | Events filter shows the events instead
// (events/EventsList.qml); an event opens its page (events/EventPage.qml) on the same stack.
Page {
    id: page

    // Set by openFirst() before the feed has a post: the first one opens when it arrives.
    property bool openFirstWhenLoaded: false
    // The filter: the events instead of the posts.
    property bool eventsShown: false

    function showEvents() {
        stack.pop(null, StackView.Immediate)
        eventsShown = true
    }

    // Opens an event's page (over the events); false for an id Events has not got.
    function openEvent(eventId) {
        if (Object.keys(Events.details(eventId)).length === 0)
            return false
        showEvents()
        const eventPage = stack.push(Qt.resolvedUrl("../events/EventPage.qml"), { eventId: eventId })
        if (!eventPage)
            return false
        eventPage.backRequested.connect(() => stack.pop())
        return true
    }

    // The first event's page (QA and screenshots).
    function openFirstEvent() {
        return Events.count > 0 ? openEvent(Events.eventIdAt(0)) : showEvents()
    }

    // Opens a post's page (and marks it read); false for an id News has not got.
    function openPost(postId) {
        if (Object.keys(News.post(postId)).length === 0)
            return false
        stack.pop(null, StackView.Immediate)
        const post = stack.push(Qt.resolvedUrl("NewsPostPage.qml"), { postId: postId })
        if (!post)
            return false
        post.backRequested.connect(() => stack.pop())
        return true
    }

    // Opens the first post of the feed (QA and screenshots), now or once the feed has one.
    function openFirst() {
        if (News.count > 0)
            return openPost(News.postIdAt(0))
        openFirstWhenLoaded = true
        return false
    }

    readonly property int postCount: News.count

    onPostCountChanged: {
        if (openFirstWhenLoaded && postCount > 0) {
            openFirstWhenLoaded = false
            openPost(News.postIdAt(0))
        }
    }

    // "10:42" today, "Mon" this week, a short date before.
    function timeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const now = new Date()
        if (date.toDateString() === now.toDateString()) {
            const format = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
            return date.toLocaleTimeString(Qt.locale(), format)
        }
        const days = (now.getTime() - date.getTime()) / 86400000
        if (days >= 0 && days < 6)
            return date.toLocaleDateString(Qt.locale(), "dddd")
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }

    objectName: "newsPage"
    title: qsTr("News")
    padding: 0

    Shortcut {
        sequences: ["F5", "Ctrl+R"]
        // Only while this page shows: the inbox binds the same keys, and two enabled shortcuts
        // on one sequence are ambiguous (neither fires).
        enabled: page.visible && stack.depth === 1
        onActivated: page.eventsShown ? Events.syncNow() : News.syncNow()
    }

    StackView {
        id: stack

        objectName: "newsStack"
        anchors.fill: parent
        initialItem: feedPage
        focus: true
    }

    // The feed: the stack's first page.
    Item {
        id: feedPage

        objectName: "newsFeedPage"

        Item {
            anchors.fill: parent

            ColumnLayout {
                anchors.fill: parent
                spacing: 0

                SegmentedControl {
                    objectName: "newsFilter"
                    Layout.alignment: Qt.AlignHCenter
                    Layout.topMargin: Theme.spacingS
                    Layout.preferredWidth: Math.min(parent.width - 2 * Theme.spacingL, 360)
                    labels: [qsTr("News"), qsTr("Events")]
                    currentIndex: page.eventsShown ? 1 : 0
                    accessibleName: qsTr("Show")
                    onActivated: index => page.eventsShown = index === 1
                }

                Loader {
                    objectName: "eventsLoader"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    visible: page.eventsShown
                    active: page.eventsShown
                    sourceComponent: EventsList {
                        onOpenRequested: eventId => page.openEvent(eventId)
                    }
                }

                Banner {
                    objectName: "newsOfflineBanner"
                    Layout.fillWidth: true
                    visible: !page.eventsShown && News.offline
                    tone: "warn"
                    text: qsTr("Offline — showing what this device has")
                    actionText: qsTr("Retry")
                    onActionTriggered: News.syncNow()
                }

                Banner {
                    objectName: "newsErrorBanner"
                    errorKind: "news.sync"
                    Layout.fillWidth: true
                    visible: !page.eventsShown && !News.offline && News.error.length > 0
                    tone: "bad"
                    text: News.error
                    actionText: qsTr("Retry")
                    onActionTriggered: News.syncNow()
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.maximumWidth: 960
                    Layout.alignment: Qt.AlignHCenter
                    Layout.leftMargin: Theme.spacingL
                    Layout.rightMargin: Theme.spacingS
                    Layout.topMargin: Theme.spacingS
                    visible: !page.eventsShown && News.count > 0
                    spacing: Theme.spacingS

                    Label {
                        objectName: "newsUnreadSummary"
                        Layout.fillWidth: true
                        text: News.unreadCount > 0 ? qsTr("%n unread", "", News.unreadCount) : qsTr("All read")
                        color: Material.secondaryTextColor
                        font.pixelSize: Theme.fontSmall
                    }

                    Button {
                        objectName: "newsMarkAllRead"
                        flat: true
                        enabled: News.unreadCount > 0
                        text: qsTr("Mark all read")
                        Accessible.name: text
                        onClicked: News.markAllRead()
                    }
                }

                Item {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    visible: !page.eventsShown

                    ListView {
                        id: list

                        readonly property bool pulled: contentY < -72

                        objectName: "newsList"
                        anchors.top: parent.top
                        anchors.bottom: parent.bottom
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: Math.min(parent.width, 960)
                        visible: News.count > 0
                        model: News
                        clip: true
                        keyNavigationEnabled: true
                        activeFocusOnTab: true
                        focus: true
                        bottomMargin: Theme.spacingL
                        Accessible.role: Accessible.List
                        Accessible.name: qsTr("News")
                        ScrollBar.vertical: ScrollBar {}

                        onDragEnded: {
                            if (pulled)
                                News.syncNow()
                        }

                        header: Item {
                            width: ListView.view ? ListView.view.width : 0
                            height: News.loading && News.count > 0 ? 40 : 0

                            BusyIndicator {
                                anchors.centerIn: parent
                                running: News.loading && News.count > 0
                                visible: running
                                height: 32
                                width: 32
                                Accessible.name: qsTr("Updating the news")
                            }
                        }

                        delegate: ItemDelegate {
                            id: row

                            required property int index
                            required property string postId
                            required property string title
                            required property string summary
                            required property string category
                            required property bool pinned
                            required property bool unread
                            required property var publishedAt

                            objectName: "newsPost_" + postId
                            width: ListView.view.width
                            focus: ListView.isCurrentItem
                            focusPolicy: Qt.StrongFocus
                            padding: Theme.spacingL
                            Accessible.role: Accessible.ListItem
                            Accessible.name: {
                                const parts = [Outside.text(title)]
                                if (pinned)
                                    parts.push(qsTr("pinned"))
                                if (unread)
                                    parts.push(qsTr("unread"))
                                if (category.length > 0)
                                    parts.push(Outside.text(category))
                                parts.push(page.timeText(publishedAt))
                                return parts.join(", ")
                            }
                            Accessible.description: Outside.text(summary)

                            onClicked: {
                                ListView.view.currentIndex = index
                                page.openPost(postId)
                            }
                            Keys.onReturnPressed: clicked()
                            Keys.onEnterPressed: clicked()
                            Keys.onSpacePressed: clicked()

                            contentItem: RowLayout {
                                spacing: Theme.spacingM

                                Rectangle {
                                    objectName: "newsUnreadDot"
                                    Layout.alignment: Qt.AlignTop
                                    Layout.topMargin: 6
                                    implicitWidth: 10
                                    implicitHeight: 10
                                    radius: 5
                                    color: row.unread ? Material.accentColor : "transparent"
                                    Accessible.ignored: true
                                }

                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: Theme.spacingXS

                                    RowLayout {
                                        Layout.fillWidth: true
                                        spacing: Theme.spacingS

                                        Label {
                                            objectName: "newsPinMark"
                                            visible: row.pinned
                                            text: qsTr("Pinned")
                                            font.pixelSize: Theme.fontCaption
                                            font.weight: Font.DemiBold
                                            color: Material.accentColor
                                            Accessible.ignored: true
                                        }

                                        OutsideText {
                                            objectName: "newsCategory"
                                            Layout.fillWidth: true
                                            text: Outside.text(row.category)
                                            wrapMode: Text.NoWrap
                                            font.pixelSize: Theme.fontCaption
                                            color: Material.secondaryTextColor
                                            Accessible.ignored: true
                                        }

                                        Label {
                                            objectName: "newsTime"
                                            text: page.timeText(row.publishedAt)
                                            font.pixelSize: Theme.fontCaption
                                            color: Material.secondaryTextColor
                                            Accessible.ignored: true
                                        }
                                    }

                                    OutsideText {
                                        objectName: "newsTitle"
                                        Layout.fillWidth: true
                                        text: Outside.text(row.title)
                                        maximumLineCount: 2
                                        font.pixelSize: Theme.fontSubtitle
                                        font.weight: row.unread ? Font.DemiBold : Font.Normal
                                        Accessible.ignored: true
                                    }

                                    OutsideText {
                                        objectName: "newsSummary"
                                        Layout.fillWidth: true
                                        visible: row.summary.length > 0
                                        text: Outside.text(row.summary)
                                        maximumLineCount: 3
                                        color: Material.secondaryTextColor
                                        Accessible.ignored: true
                                    }
                                }
                            }
                        }
                    }

                    Label {
                        objectName: "newsPullHint"
                        anchors.horizontalCenter: parent.horizontalCenter
                        y: Math.max(8, -list.contentY / 2 - height / 2)
                        visible: list.contentY < -24
                        text: list.pulled ? qsTr("Release to refresh") : qsTr("Pull to refresh")
                        color: Material.secondaryTextColor
                    }

                    EmptyState {
                        objectName: "newsEmptyState"
                        anchors.fill: parent
                        visible: News.count === 0
                        icon: "news"
                        title: News.loading ? qsTr("Loading…") : qsTr("No news yet")
                        text: News.loading ? "" : qsTr("What the company tells its people appears here.")
                    }
                }
            }
        }
    }
}
