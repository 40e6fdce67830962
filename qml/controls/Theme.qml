pragma Singleton

import QtQuick
import QtQuick.Controls.Material

// The look of the app in one place: the colours of the light and the dark theme, the colours that
// are the same in both, how strongly the accent tints a background, spacing, corner radii and the
// type scale. Pages and controls take every colour and every recurring size from here (no colour
// literals elsewhere).
//
// Light or dark follows Material.theme (Main.qml sets it from AppSettings; a Popup may set its
// own): a control says
//     readonly property ThemePalette colors: Theme.palette(Material.theme === Material.Dark)
// and uses colors.good, colors.accentText, ...
QtObject {
    // Material's primary and accent colour (a Material.Color: the style picks its shades).
    readonly property int brand: Material.Indigo

    readonly property ThemePalette light: ThemePalette {
        navBackground: "#eef0f8"
        headerBackground: Material.color(Material.Indigo)
        headerText: "#ffffff"
        bannerWarn: "#fff2cc"
        bannerBad: "#fde7e4"
        bannerText: "#2b2212"
        good: "#1d6b34"
        bad: "#a8201a"
        warn: "#7a5200"
        danger: Material.color(Material.Red, Material.Shade800)
        dangerOnDialog: Material.color(Material.Red, Material.Shade800)
        online: Material.color(Material.Green, Material.Shade700)
        offline: Material.color(Material.Red, Material.Shade700)
        accentText: "#ffffff"
        initialsOnAccent: "#ffffff"
        chosenText: "#1b1b6f"
        badge: "#ba1a1a"
        badgeNumber: "#ffffff"
        outline: "#40000000"
        swipeApprove: "#2e7d46"
        swipeReject: "#b3261e"
        markTile1: Material.color(Material.Indigo, Material.Shade500)
        markTile2: Material.color(Material.Teal, Material.Shade400)
        markTile3: Material.color(Material.Amber, Material.Shade500)
        markTile4: Material.color(Material.Indigo, Material.Shade200)
        selectedTint: 0.14
        railSelectedTint: 0.12
        iconTint: 0.10
        chosenTint: 0.18
        chipTint: 0.12
    }

    readonly property ThemePalette dark: ThemePalette {
        navBackground: "#23242f"
        headerBackground: "#2b2d3a"
        headerText: "#ffffff"
        bannerWarn: "#4a3b12"
        bannerBad: "#5c1b17"
        bannerText: "#f4efe4"
        good: "#8fd9a0"
        bad: "#ffb4ab"
        warn: "#f5c26b"
        danger: Material.color(Material.Red, Material.Shade200)
        dangerOnDialog: Material.color(Material.Red, Material.Shade300)
        online: Material.color(Material.Green, Material.Shade300)
        offline: Material.color(Material.Red, Material.Shade300)
        accentText: "#de000000"
        initialsOnAccent: "#1b1b6f"
        chosenText: "#e1e0ff"
        badge: "#ffb4ab"
        badgeNumber: "#690005"
        outline: "#5fffffff"
        swipeApprove: "#1f5130"
        swipeReject: "#6b211b"
        markTile1: Material.color(Material.Indigo, Material.Shade300)
        markTile2: Material.color(Material.Teal, Material.Shade300)
        markTile3: Material.color(Material.Amber, Material.Shade300)
        markTile4: Material.color(Material.Indigo, Material.Shade100)
        selectedTint: 0.28
        railSelectedTint: 0.28
        iconTint: 0.22
        chosenTint: 0.35
        chipTint: 0.18
    }

    // The same in both themes.
    // An approving button (white text on it in both themes).
    readonly property color approve: "#2e7d46"
    // The text on an inbox item swiped to approve or to reject.
    readonly property color swipeText: "#ffffff"
    // The toast (always dark).
    readonly property color toastBackground: "#323440"
    readonly property color toastText: "#f2f2f7"
    // The scan verdict over the window, the text on it, and the recent scans' marks.
    readonly property color verdictAllow: "#1b7a3a"
    readonly property color verdictAction: "#f2b01e"
    readonly property color verdictDeny: "#b3261e"
    readonly property color verdictText: "#ffffff"
    readonly property color verdictActionText: "#241a00"
    readonly property color scanAllow: "#2e9d52"
    readonly property color scanAction: "#e0a000"
    readonly property color scanDeny: "#c8372d"
    // The scanner's viewfinder: its background, its text, the square when ready and before.
    readonly property color viewfinder: "#101418"
    readonly property color viewfinderText: "#e6e9ec"
    readonly property color viewfinderReady: "#ffffff"
    readonly property color viewfinderWaiting: "#8a9299"
    // A QR code: dark modules on a light card (in both themes, for the scanners).
    readonly property color qrLight: "#ffffff"
    readonly property color qrDark: "#000000"
    // An icon's colour before its user sets one.
    readonly property color iconDefault: "#000000"

    // Accent tints the same in both themes: hovered, pressed, a hovered filter chip, the
    // countdown ring's track.
    readonly property real hoverTint: 0.06
    readonly property real pressedTint: 0.16
    readonly property real chipHoverTint: 0.08
    readonly property real trackTint: 0.18

    // Spacing (gaps, margins, paddings).
    readonly property int spacingXXS: 2
    readonly property int spacingXS: 4
    readonly property int spacingS: 8
    readonly property int spacingM: 12
    readonly property int spacingL: 16
    readonly property int spacingXL: 20
    readonly property int spacingXXL: 24
    readonly property int spacingXXXL: 32

    // Corner radii (pills use half their height).
    readonly property int radiusS: 4
    readonly property int radiusM: 8
    readonly property int radiusL: 12

    // The type scale (pixel sizes).
    readonly property int fontCaption: 12
    readonly property int fontSmall: 13
    readonly property int fontBody: 14
    readonly property int fontSubtitle: 16
    readonly property int fontTitle: 20
    readonly property int fontHeadline: 22
    readonly property int fontDisplay: 26

    // The palette of the dark theme or of the light one.
    function palette(isDark) {
        return isDark ? dark : light
    }

    // color with the given alpha (a tint of the accent behind something).
    function tint(color, alpha) {
        return Qt.rgba(color.r, color.g, color.b, alpha)
    }
}
