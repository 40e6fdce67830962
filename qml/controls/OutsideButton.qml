import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// A Button whose label came from outside this app (a sub-system's action label): the style's
// label (IconLabel) would render it as rich text (an <img> in it crashed the app); this one is an
// OutsideText on one line, elided, in the Material button's colours. Give it
// Outside.text(label) as its text.
Button {
    id: control

    // A label of any length stays within this width (elided).
    property real maximumWidth: 280

    implicitWidth: Math.min(maximumWidth, Math.max(implicitBackgroundWidth + leftInset + rightInset,
                                                   implicitContentWidth + leftPadding + rightPadding))

    contentItem: OutsideText {
        text: Outside.text(control.text)
        font: control.font
        wrapMode: Text.NoWrap
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: !control.enabled ? control.Material.hintTextColor
                                : control.flat && control.highlighted ? control.Material.accentColor
                                : control.highlighted ? control.Material.primaryHighlightedTextColor
                                : control.Material.foreground
        Accessible.ignored: true
    }
}
