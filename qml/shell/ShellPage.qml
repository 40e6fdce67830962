import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// What a signed-in person sees: the destinations their user type and roles allow (Destinations:
// employees have Home, Inbox, Services, Pass, Scanner with the scanner role, Profile;
// non-employees Pass, Scanner with the scanner role, Profile), a bottom bar on phones and a side
// rail on wide windows. Hiding a page is not security: the server checks every request itself.
Page {
    id: shell

    // The person, as Session.user gives it; tests may give another.
    property var user: Session.user
    // A destination to open first ("inbox", "pass", "scanner", "profile"), or one of the
    // destinations' starts (Destinations): "sign-out" for the profile with its "Sign out?"
    // question open, "inbox-detail" for the first inbox item's page (screenshots).
    property string initialDestination: ""

    // The names of the destinations this person has, in order. Kept as a string first, so that a
    // new user object with the same destinations changes nothing (the buttons and pages stay).
    readonly property string destinationNames: registry.namesFor(user).join(",")
    readonly property var destinations: destinationNames.length > 0 ? destinationNames.split(",") : []
    // Their entries in the registry (the navigation's buttons).
    readonly property var destinationEntries: destinations.map(name => registry.find(name))
    property string current: destinations[0]
    // The destinations opened so far. The lazy pages (Destinations) are made when first opened
    // and kept afterwards; the others after the first frame: the start-up makes only the page it
    // shows (docs/PERFORMANCE.md, bench_startup).
    property var opened: [current]
    readonly property bool wide: width >= 840
    // The page loaders, one per destination of the registry, in its order.
    property var pageLoaders: []
    readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)

    function titleOf(name) {
        const entry = registry.find(name)
        return entry ? entry.title : ""
    }

    // Opens a destination this person has; answers whether it did.
    function open(name) {
        if (destinations.indexOf(name) < 0)
            return false
        current = name
        return true
    }

    // Opens a destination this person has and calls start(page) on its page (when given);
    // answers whether it did.
    function navigate(name, start) {
        if (!open(name))
            return false
        const page = pageOf(name)
        if (page && typeof start === "function")
            start(page)
        return page !== null
    }

    // The page item of a destination (null when this person does not have it).
    function pageOf(name) {
        const loader = pageLoaders[registry.all.indexOf(registry.find(name))]
        return loader ? loader.item : null
    }

    function move(step) {
        const index = destinations.indexOf(current) + step
        if (index >= 0 && index < destinations.length) {
            current = destinations[index]
            const bar = wide ? railButtons : barButtons
            bar.itemAt(index).forceActiveFocus()
        }
    }

    objectName: "shellPage"
    title: titleOf(current)
    padding: 0

    onCurrentChanged: {
        if (opened.indexOf(current) < 0)
            opened = opened.concat([current])
        recordScreen()
    }

    // The one analytics hook of the app's navigation: a destination shown (its name only).
    function recordScreen() {
        if (Analytics && current)
            Analytics.screenViewed(current)
    }

    // The one analytics hook for errors: a Banner or Toast showed one (its kind only; the
    // recorder keeps it with consent and only for a kind on core's list).
    Connections {
        target: ShownErrors

        function onShown(kind) {
            if (Analytics)
                Analytics.errorShown(kind)
        }
    }
    onDestinationsChanged: {
        if (destinations.indexOf(current) < 0)
            current = destinations[0]
    }

    Component.onCompleted: {
        // The initial destination first, so that the page shown first is the one made at once.
        const start = initialDestination.length > 0 ? registry.startOf(initialDestination) : null
        const started = initialDestination.length > 0 && open(start ? start.name : initialDestination)
        // One loader per destination in the page stack, in the registry's order. Made here
        // rather than by a Repeater, so that the loaders and their pages are QObject children of
        // the stack (found by findChild, as the tests do).
        const loaders = []
        for (const entry of registry.all)
            loaders.push(pageLoaderComponent.createObject(pages, { entry: entry }))
        pageLoaders = loaders
        // The first destination's view, after the first frame's work.
        Qt.callLater(recordScreen)
        if (start && started)
            start.start(pageOf(start.name))
    }

    // The destinations a person may have (a feature adds its own there).
    Destinations {
        id: registry
    }

    // A destination's page loader: active only for a person who has the destination (a lazy one
    // once first opened). The pages by their URLs, not as inline components: their QML types, and
    // the modules they import (the scanner page's QtMultimedia and QtQuick.Dialogs), are loaded
    // only when the page is made, not with the shell (docs/PERFORMANCE.md, bench_startup).
    Component {
        id: pageLoaderComponent

        Loader {
            id: pageLoader

            required property var entry

            objectName: pageLoader.entry.name + "Loader"
            // The stack's size from the start (the stack lays out a loader added after it was
            // completed only at its next polish; a page opened at once, such as the profile with
            // its "Sign out?" question, would be 0 wide until then).
            width: parent ? parent.width : 0
            height: parent ? parent.height : 0
            active: shell.destinations.indexOf(pageLoader.entry.name) >= 0
                    && (!pageLoader.entry.lazy || shell.opened.indexOf(pageLoader.entry.name) >= 0)
            source: pageLoader.entry.page
            // Only the page shown is made with the shell, for its first frame; the other pages
            // made with it (Inbox beside Home) are made in the frames after, and at once when
            // opened before that (a Loader made synchronous finishes its page then).
            asynchronous: shell.current !== pageLoader.entry.name

            Binding {
                target: pageLoader.item
                when: pageLoader.entry.takesUser && pageLoader.item !== null
                property: "user"
                value: shell.user
            }

            // A page asking for another destination (Destinations: navigateRequested).
            Connections {
                target: pageLoader.item
                ignoreUnknownSignals: true

                function onNavigateRequested(name, start) {
                    shell.navigate(name, start)
                }
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // Wide windows: a side rail with the mark, the destinations and who is signed in.
        Pane {
            id: rail

            objectName: "navigationRail"
            visible: shell.wide
            Layout.fillHeight: true
            Layout.preferredWidth: 240
            padding: Theme.spacingM
            topPadding: Theme.spacingL
            Material.background: shell.colors.navBackground
            Accessible.role: Accessible.PageTabList
            Accessible.name: qsTr("Navigation")

            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacingXS

                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacingS
                    Layout.bottomMargin: Theme.spacingXL
                    spacing: Theme.spacingM

                    TesseraMark {
                        size: 32
                    }

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Tessera")
                        font.pixelSize: Theme.fontHeadline
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                        Accessible.ignored: true
                    }
                }

                Repeater {
                    id: railButtons

                    model: shell.destinationEntries

                    delegate: NavButton {
                        id: railButton

                        required property var modelData
                        required property int index

                        objectName: "rail_" + railButton.modelData.name
                        Layout.fillWidth: true
                        stacked: false
                        kind: railButton.modelData.icon
                        text: shell.titleOf(railButton.modelData.name)
                        selected: shell.current === railButton.modelData.name
                        badge: railButton.modelData.badge ? railButton.modelData.badge() : 0
                        badgeText: railButton.modelData.badgeText ? railButton.modelData.badgeText(badge) : ""
                        onClicked: shell.current = railButton.modelData.name
                        Keys.onUpPressed: shell.move(-1)
                        Keys.onDownPressed: shell.move(1)
                    }
                }

                Item {
                    Layout.fillHeight: true
                }

                OutsideText {
                    objectName: "railUserLabel"
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacingS
                    text: shell.user ? Outside.text(shell.user.displayName) : ""
                    wrapMode: Text.NoWrap
                    elide: Text.ElideRight
                    color: shell.Material.secondaryTextColor
                    Accessible.role: Accessible.StaticText
                    Accessible.name: qsTr("Signed in as %1").arg(text)
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ToolBar {
                objectName: "shellHeader"
                Layout.fillWidth: true
                Material.primary: shell.colors.headerBackground
                leftPadding: shell.wide ? 24 : 16
                rightPadding: Theme.spacingL
                // Drawn plainly: the style's background is a layer with an elevation effect,
                // which the software renderer (offscreen screenshots, some virtual machines)
                // leaves out, and the white title then stands on the white page.
                background: Rectangle {
                    implicitHeight: 56
                    color: shell.colors.headerBackground
                }

                RowLayout {
                    anchors.fill: parent
                    spacing: Theme.spacingM

                    Label {
                        objectName: "shellTitle"
                        Layout.fillWidth: true
                        text: shell.title
                        color: shell.colors.headerText
                        font.pixelSize: Theme.fontTitle
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                        verticalAlignment: Text.AlignVCenter
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                }
            }

            // Asked once after sign-in (qml/analytics).
            AnalyticsConsentPanel {
                Layout.fillWidth: true
            }

            StackLayout {
                id: pages

                objectName: "destinationPages"
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: registry.all.indexOf(registry.find(shell.current))

                // The page loaders (pageLoaderComponent), made in Component.onCompleted.
            }

            // Phones: a bottom bar.
            Pane {
                objectName: "bottomBar"
                visible: !shell.wide
                Layout.fillWidth: true
                padding: 0
                Material.background: shell.colors.navBackground
                Accessible.role: Accessible.PageTabList
                Accessible.name: qsTr("Navigation")

                RowLayout {
                    anchors.fill: parent
                    spacing: 0

                    Repeater {
                        id: barButtons

                        model: shell.destinationEntries

                        delegate: NavButton {
                            id: barButton

                            required property var modelData
                            required property int index

                            objectName: "tab_" + barButton.modelData.name
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            stacked: true
                            kind: barButton.modelData.icon
                            text: shell.titleOf(barButton.modelData.name)
                            selected: shell.current === barButton.modelData.name
                            badge: barButton.modelData.badge ? barButton.modelData.badge() : 0
                            badgeText: barButton.modelData.badgeText ? barButton.modelData.badgeText(badge) : ""
                            onClicked: shell.current = barButton.modelData.name
                            Keys.onLeftPressed: shell.move(-1)
                            Keys.onRightPressed: shell.move(1)
                        }
                    }
                }
            }
        }
    }
}
