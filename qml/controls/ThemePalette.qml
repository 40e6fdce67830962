import QtQuick

// The colours of one theme (Theme.light, Theme.dark). The values are in Theme.qml only; a page or
// control asks Theme.palette(Material.theme === Material.Dark) for the one its theme calls for.
QtObject {
    // The navigation's bar and rail, and the shell's header with its text.
    property color navBackground
    property color headerBackground
    property color headerText

    // Banners: a warning's and a failure's background, and the text on both.
    property color bannerWarn
    property color bannerBad
    property color bannerText

    // Tones of text and small labels (StateChip): good news, bad news, a warning.
    property color good
    property color bad
    property color warn
    // An error said on a page (sign-in, password change) and the sign-out button.
    property color danger
    // The sign-out dialog's confirming button.
    property color dangerOnDialog
    // The server status dot: reachable, not reachable.
    property color online
    property color offline

    // Text on the accent colour (a filled button, the profile's avatar), the pass's initials on
    // the accent, a chosen filter chip's text.
    property color accentText
    property color initialsOnAccent
    property color chosenText

    // The unread badge on a navigation icon and its number.
    property color badge
    property color badgeNumber
    // A segmented control's outline.
    property color outline

    // An inbox item swiped to approve or to reject.
    property color swipeApprove
    property color swipeReject

    // The mark's four tiles.
    property color markTile1
    property color markTile2
    property color markTile3
    property color markTile4

    // How strongly the accent tints a background (alpha): a selected segment or navigation
    // indicator, the side rail's selected row, the empty state's icon disc, a chosen filter chip,
    // a state chip.
    property real selectedTint
    property real railSelectedTint
    property real iconTint
    property real chosenTint
    property real chipTint
}
