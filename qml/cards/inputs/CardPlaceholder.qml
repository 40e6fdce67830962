import QtQuick
import Tessera

// A card field's placeholder, in plain text: the style's own placeholder Text is rich text when
// its string looks like markup. Put it inside the TextField or TextArea it belongs to
// (field: parent) and give it Outside.text(placeholder).
OutsideText {
    // The TextField or TextArea (both have the paddings, font and colours read here).
    required property var field

    x: field.leftPadding
    y: field.topPadding
    width: field.width - field.leftPadding - field.rightPadding
    height: field.height - field.topPadding - field.bottomPadding
    verticalAlignment: field.verticalAlignment
    wrapMode: Text.NoWrap
    elide: Text.ElideRight
    font: field.font
    color: field.placeholderTextColor
    visible: text.length > 0 && field.length === 0 && field.preeditText.length === 0
    Accessible.ignored: true
}
